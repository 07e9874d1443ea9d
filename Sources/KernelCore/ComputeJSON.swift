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
        w.raw("]")
        if let layers = run.layers { w.raw(",\"layers\":"); rows(&w, layers) }
        if let costs = run.costs { w.raw(costs ? ",\"costs\":true" : ",\"costs\":false") }
        w.raw("}}")
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

    /// The layer table as the host's `LayerInfo` encodes it (`split` only for conv and linear).
    static func rows(_ w: inout JSONWriter, _ rows: [ArchRow]) {
        w.raw("[")
        for (i, r) in rows.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"index\":"); w.integer(Int64(r.index))
            w.raw(",\"name\":"); w.string(r.name)
            w.raw(",\"kind\":"); w.string(r.kind)
            w.raw(",\"description\":"); w.string(r.description)
            w.raw(",\"inputShape\":"); w.ints(r.inputShape)
            w.raw(",\"outputShape\":"); w.ints(r.outputShape)
            w.raw(",\"parameters\":"); w.integer(r.parameters)
            w.raw(",\"multiplyAdds\":"); w.integer(r.multiplyAdds)
            w.raw(",\"receptiveField\":{\"size\":"); int64s(&w, r.field.size)
            w.raw(",\"jump\":"); int64s(&w, r.field.jump)
            w.raw(r.field.wholeInput ? ",\"wholeInput\":true}" : ",\"wholeInput\":false}")
            w.raw(",\"activations\":"); w.integer(r.activations)
            if let s = r.split {
                w.raw(",\"split\":{\"units\":"); w.integer(s.units)
                w.raw(",\"weightsPerUnit\":"); w.integer(s.weightsPerUnit)
                w.raw(",\"biases\":"); w.integer(s.biases)
                w.raw("}")
            }
            w.raw("}")
        }
        w.raw("]")
    }

    static func int64s(_ w: inout JSONWriter, _ xs: [Int64]) {
        w.raw("[")
        for (i, x) in xs.enumerated() { if i > 0 { w.raw(",") }; w.integer(x) }
        w.raw("]")
    }

    /// A tensor as nested arrays; rank 0 as a plain number; whole numbers as such when the
    /// tensor has `integers`.
    static func nested(_ w: inout JSONWriter, _ t: CoreTensor) {
        func build(_ offset: Int, _ axis: Int) {
            if axis == t.shape.count {
                if let ints = t.integers { w.integer(ints[offset]) } else { w.number(t.values[offset]) }
                return
            }
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
