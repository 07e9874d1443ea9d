/// Writes a `CoreRun` as the JSON `convwalk compute` prints (same keys as the host's Codable
/// `Trace`; optional step fields left out when absent, as the host's encoder does).
extension ExampleCore {
    static func write(_ w: inout JSONWriter, id: String?, op: String, run: CoreRun) {
        w.raw("{")
        if let id { w.raw("\"id\":"); w.string(id); w.raw(",") }
        w.raw("\"op\":"); w.string(op)
        w.raw(",\"result\":"); nested(&w, run.result)
        w.raw(",\"shape\":"); w.ints(run.result.shape)
        if run.outputs.isEmpty {
            w.raw(",\"outputs\":{\"result\":"); nested(&w, run.result); w.raw("}")
        } else {
            w.raw(",\"outputs\":{")
            for (i, t) in run.outputs.enumerated() {
                if i > 0 { w.raw(",") }
                w.string(t.name); w.raw(":"); nested(&w, t)
            }
            w.raw("}")
        }
        w.raw(",\"trace\":{\"exampleID\":"); w.string(id ?? "")
        w.raw(",\"op\":"); w.string(op)
        w.raw(",\"tensors\":[")
        for (i, t) in run.tensors.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"name\":"); w.string(t.name)
            w.raw(",\"role\":"); w.string(t.role)
            w.raw(",\"shape\":"); w.ints(t.shape)
            w.raw(",\"values\":"); w.numbers(t.values)
            w.raw(",\"padding\":"); w.ints(t.padding)
            w.raw("}")
        }
        w.raw("],\"steps\":[")
        for (i, s) in run.steps.enumerated() {
            if i > 0 { w.raw(",") }
            step(&w, s)
        }
        w.raw("],\"formulas\":[")
        for (i, f) in run.formulas.enumerated() { if i > 0 { w.raw(",") }; w.string(f) }
        w.raw("]}}")
    }

    static func cells(_ w: inout JSONWriter, _ key: String, _ cells: [CoreCell]) {
        w.raw(","); w.string(key); w.raw(":[")
        for (i, c) in cells.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"tensor\":"); w.string(c.tensor); w.raw(",\"index\":"); w.ints(c.index); w.raw("}")
        }
        w.raw("]")
    }

    static func step(_ w: inout JSONWriter, _ s: CoreStep) {
        w.raw("{\"result\":"); w.number(s.result)
        cells(&w, "reads", s.reads)
        w.raw(",\"readValues\":"); w.numbers(s.readValues)
        cells(&w, "weights", s.weights)
        w.raw(",\"weightValues\":"); w.numbers(s.weightValues)
        w.raw(",\"products\":"); w.numbers(s.products)
        w.raw(",\"partialSums\":"); w.numbers(s.partialSums)
        cells(&w, "emphasis", s.emphasis)
        cells(&w, "writes", s.writes)
        w.raw(",\"runningValues\":"); w.numbers(s.runningValues)
        if let v = s.sum { w.raw(",\"sum\":"); w.number(v) }
        if let v = s.bias { w.raw(",\"bias\":"); w.number(v) }
        if let a = s.activation { w.raw(",\"activation\":"); w.string(a) }
        w.raw(",\"arithmetic\":"); w.string(s.arithmetic)
        w.raw(",\"description\":"); w.string(s.description)
        w.raw("}")
    }

    /// A tensor as nested arrays; rank 0 as a plain number.
    static func nested(_ w: inout JSONWriter, _ t: CoreTensor) {
        func build(_ offset: Int, _ axis: Int) {
            if axis == t.shape.count { w.number(t.values[offset]); return }
            var stride = 1
            for a in (axis + 1)..<t.shape.count { stride *= t.shape[a] }
            w.raw("[")
            for i in 0..<t.shape[axis] {
                if i > 0 { w.raw(",") }
                build(offset + i * stride, axis + 1)
            }
            w.raw("]")
        }
        build(0, 0)
    }
}
