import Lessons

/// The alt text of worked-example frames: what is highlighted, in words and numbers, worded
/// by the layout's `FrameLabels` (its `alt` sentences, roles and legend).
enum FrameAltText {
    /// "(0, 1)" for one index; padding cells are named as such.
    static func cell(_ ref: CellRef, in trace: Trace, _ words: FrameAltLabels) -> String {
        let s = "(" + ref.index.map(String.init).joined(separator: ", ") + ")"
        return trace.tensor(ref.tensor)?.isPadding(ref.index) == true ? s + " " + words.paddingCell : s
    }

    /// "input cells (0, 1), (0, 2)" grouped by tensor, in the order first seen.
    static func cells(_ refs: [CellRef], in trace: Trace, _ words: FrameAltLabels) -> String {
        var order: [String] = []
        var groups: [String: [String]] = [:]
        for r in refs {
            if groups[r.tensor] == nil { order.append(r.tensor) }
            groups[r.tensor, default: []].append(cell(r, in: trace, words))
        }
        return order.map { name in
            let list = groups[name] ?? []
            return "\(name) \(list.count == 1 ? words.cell : words.cells) " + list.joined(separator: ", ")
        }.joined(separator: "; ")
    }

    /// Notes for grids drawn as colours instead of numbers.
    static func densityNotes(_ layout: FrameLayout) -> [String] {
        layout.panels.filter { !$0.showsNumbers }.map {
            FrameLabels.fill(layout.labels.alt.density, ["name": $0.tensor.name, "shape": shape($0.tensor, layout.labels)])
        }
    }

    static func shape(_ t: TraceTensor, _ labels: FrameLabels) -> String {
        t.shape.isEmpty ? labels.scalar : t.shape.map(String.init).joined(separator: "×")
    }

    static func step(_ trace: Trace, layout: FrameLayout, step k: Int) -> String {
        let s = trace.steps[k]
        let labels = layout.labels, words = labels.alt
        func line(_ template: String, _ refs: [CellRef], _ extra: [String: String] = [:]) -> String {
            FrameLabels.fill(template, extra.merging(["cells": cells(refs, in: trace, words)]) { a, _ in a })
        }
        var parts = [FrameLabels.fill(words.step, ["k": String(k + 1), "n": String(trace.steps.count), "op": trace.op, "id": trace.exampleID])]
        if !s.description.isEmpty { parts.append(s.description) }
        if !s.reads.isEmpty { parts.append(line(words.read, s.reads)) }
        if !s.weights.isEmpty { parts.append(line(words.weights, s.weights)) }
        if let b = FrameRenderer.biasCell(trace, step: s), let v = s.bias {
            parts.append(line(words.bias, [b], ["v": NumberFormat.compact(v)]))
        }
        if !s.emphasis.isEmpty {
            parts.append(line(words.emphasis, s.emphasis, ["legend": labels.legend(.emphasis, op: trace.op).capitalizedFirst]))
        }
        if !s.writes.isEmpty { parts.append(line(words.written, s.writes)) }
        parts.append(FrameLabels.fill(words.arithmetic, ["a": s.arithmetic]))
        if !s.partialSums.isEmpty { parts.append(labels.partialSumsLine(s) + ".") }
        return (parts + densityNotes(layout)).joined(separator: " ")
    }

    static func overview(_ trace: Trace, layout: FrameLayout) -> String {
        let labels = layout.labels
        var parts = [FrameLabels.fill(labels.alt.overview, ["op": trace.op, "id": trace.exampleID, "n": String(trace.steps.count)])]
        for t in trace.tensors {
            var line = "\(t.name) (\(labels.roles[t.role.rawValue] ?? t.role.rawValue), \(shape(t, labels)))"
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
