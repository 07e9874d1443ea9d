import Lessons

/// The alt text of worked-example frames: what is highlighted, in words and numbers.
enum FrameAltText {
    /// "(0, 1)" for one index; padding cells are named as such.
    static func cell(_ ref: CellRef, in trace: Trace) -> String {
        let s = "(" + ref.index.map(String.init).joined(separator: ", ") + ")"
        return trace.tensor(ref.tensor)?.isPadding(ref.index) == true ? s + " [padding]" : s
    }

    /// "input cells (0, 1), (0, 2)" grouped by tensor, in the order first seen.
    static func cells(_ refs: [CellRef], in trace: Trace) -> String {
        var order: [String] = []
        var groups: [String: [String]] = [:]
        for r in refs {
            if groups[r.tensor] == nil { order.append(r.tensor) }
            groups[r.tensor, default: []].append(cell(r, in: trace))
        }
        return order.map { name in
            let list = groups[name] ?? []
            return "\(name) cell\(list.count == 1 ? "" : "s") " + list.joined(separator: ", ")
        }.joined(separator: "; ")
    }

    /// Notes for grids drawn as colours instead of numbers.
    static func densityNotes(_ layout: FrameLayout) -> [String] {
        layout.panels.filter { !$0.showsNumbers }.map {
            "\($0.tensor.name) (\(shape($0.tensor))) is too large for numbers and is drawn as colours "
                + "(dark purple = low, yellow = high; blue–white–red when it has both signs)."
        }
    }

    static func shape(_ t: TraceTensor) -> String { t.shape.isEmpty ? "scalar" : t.shape.map(String.init).joined(separator: "×") }

    static func step(_ trace: Trace, layout: FrameLayout, step k: Int) -> String {
        let s = trace.steps[k]
        var parts = ["Step \(k + 1) of \(trace.steps.count) of the \(trace.op) example \"\(trace.exampleID)\"."]
        if !s.description.isEmpty { parts.append(s.description) }
        if !s.reads.isEmpty { parts.append("Read (orange outline): \(cells(s.reads, in: trace)).") }
        if !s.weights.isEmpty { parts.append("Weights (blue outline): \(cells(s.weights, in: trace)).") }
        if let b = FrameRenderer.biasCell(trace, step: s), let v = s.bias {
            parts.append("Bias (blue outline): \(cells([b], in: trace)) = \(NumberFormat.compact(v)).")
        }
        if !s.emphasis.isEmpty {
            parts.append("\(FrameLabels.english.legend(.emphasis, op: trace.op).capitalizedFirst) (black inner outline, bold): "
                + "\(cells(s.emphasis, in: trace)).")
        }
        if !s.writes.isEmpty { parts.append("Written (red outline): \(cells(s.writes, in: trace)).") }
        parts.append("Arithmetic: \(s.arithmetic).")
        if !s.partialSums.isEmpty { parts.append(FrameLabels.english.partialSumsLine(s) + ".") }
        return (parts + densityNotes(layout)).joined(separator: " ")
    }

    static func overview(_ trace: Trace, layout: FrameLayout) -> String {
        var parts = ["The \(trace.op) example \"\(trace.exampleID)\" with all \(trace.steps.count) steps done."]
        for t in trace.tensors {
            var line = "\(t.name) (\(t.role.rawValue), \(shape(t)))"
            if t.values.count <= 36 {
                line += ": " + t.values.map { NumberFormat.compact($0) }.joined(separator: ", ")
            }
            parts.append(line + ".")
        }
        parts += trace.formulas.map { $0 + "." }
        return (parts + densityNotes(layout)).joined(separator: " ")
    }
}

extension String {
    /// The string with its first letter in upper case.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
