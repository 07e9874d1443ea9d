import Foundation
import Lessons
import Words

/// Draws the frames of a worked example from its step trace: one frame per step, plus an
/// overview with every cell filled in.
///
/// Everything comes from the trace, never recomputed: each tensor is a labelled grid of its
/// numbers; in frame k the step's `reads` are outlined on the input, its `weights` on the
/// kernel, its `emphasis` cells get an inner black outline and bold numbers, its `writes`
/// are outlined on the output, cells written by later steps are still empty (cells that
/// several steps add into show their `runningValues` so far), and the
/// step's arithmetic (and per-channel sums) are written below.
public enum FrameRenderer {
    /// The geometry every frame of `trace` shares (cell rectangles for tests and overlays).
    /// `labels` gives the words drawn (`FrameLabels(.en)`, `FrameLabels(.ko)`, or `FrameLabels.forLanguage(lang)`).
    /// - Throws: `RenderError.invalidInput` when the trace is inconsistent.
    /// - Parameter captioned: false leaves out each step's header and arithmetic (a player's
    ///   caption line shows them); the overview is always captioned.
    public static func layout(for trace: Trace, labels: FrameLabels = .init(.en), captioned: Bool = true) throws -> FrameLayout {
        try validate(trace)
        return FrameLayout(trace: trace, labels: labels, measurer: TextMeasurer(), captioned: captioned)
    }

    /// One image per step, in order; `captioned` as for `layout(for:labels:captioned:)`.
    /// - Throws: `RenderError` when the trace is inconsistent or encoding fails.
    public static func frames(for trace: Trace, labels: FrameLabels = .init(.en), captioned: Bool = true) throws -> [RenderedImage] {
        let layout = try layout(for: trace, labels: labels, captioned: captioned)
        return try trace.steps.indices.map { try drawing(trace, layout: layout, step: $0).png() }
    }

    /// The images of the chosen steps (0-based, in the order given), sharing one layout;
    /// for long examples whose every step would be too many pictures.
    /// - Throws: `RenderError.invalidInput` for a step out of range.
    public static func frames(for trace: Trace, steps: [Int], labels: FrameLabels = .init(.en)) throws -> [RenderedImage] {
        let layout = try layout(for: trace, labels: labels)
        if let bad = steps.first(where: { !trace.steps.indices.contains($0) }) {
            throw RenderError.invalidInput(figure: "frame \(trace.exampleID)", message: "step \(bad) out of range 0..<\(trace.steps.count)")
        }
        return try steps.map { try drawing(trace, layout: layout, step: $0).png() }
    }

    /// The image of step `step` (0-based).
    public static func frame(for trace: Trace, step: Int, labels: FrameLabels = .init(.en)) throws -> RenderedImage {
        try drawing(for: trace, step: step, labels: labels).png()
    }

    /// Every tensor filled in, no highlight, the formulas below.
    public static func overview(for trace: Trace, labels: FrameLabels = .init(.en)) throws -> RenderedImage {
        try drawing(for: trace, step: nil, labels: labels).png()
    }

    /// The drawing of step `step`, or of the overview when `step` is nil (for PNG or SVG).
    public static func drawing(for trace: Trace, step: Int?, labels: FrameLabels = .init(.en)) throws -> Drawing {
        let layout = try layout(for: trace, labels: labels)
        if let step, !trace.steps.indices.contains(step) {
            throw RenderError.invalidInput(figure: "frame \(trace.exampleID)",
                                           message: "step \(step) out of range 0..<\(trace.steps.count)")
        }
        return drawing(trace, layout: layout, step: step)
    }

    static func drawing(_ trace: Trace, layout: FrameLayout, step: Int?) -> Drawing {
        let alt = step.map { FrameAltText.step(trace, layout: layout, step: $0) } ?? FrameAltText.overview(trace, layout: layout)
        return Drawing(size: layout.size, alt: alt) { canvas in
            draw(trace, layout: layout, step: step, on: canvas)
        }
    }

    /// The marks and empty cells of each tensor in frame `step` (nil: overview).
    static func marks(_ trace: Trace, step: Int?) -> [String: GridMarks] {
        var out: [String: GridMarks] = [:]
        guard let step else { return out }
        let s = trace.steps[step]
        for ref in s.reads { out[ref.tensor, default: GridMarks()].add(.read, ref.index) }
        for ref in s.weights { out[ref.tensor, default: GridMarks()].add(.weight, ref.index) }
        for ref in s.writes { out[ref.tensor, default: GridMarks()].add(.write, ref.index) }
        for ref in s.emphasis { out[ref.tensor, default: GridMarks()].add(.emphasis, ref.index) }
        if let ref = biasCell(trace, step: s) { out[ref.tensor, default: GridMarks()].add(.weight, ref.index) }
        for earlier in trace.steps[...step] {
            for (ref, v) in zip(earlier.writes, earlier.runningValues) { out[ref.tensor, default: GridMarks()].running[ref.index] = v }
        }
        let done = Set(trace.steps[...step].flatMap(\.writes))
        for later in trace.steps[(step + 1)...] {
            for ref in later.writes where !done.contains(ref) { out[ref.tensor, default: GridMarks()].pending.insert(ref.index) }
        }
        return out
    }

    /// The cell of a 1-D tensor named `bias` that the step added: the bias of the written
    /// cell's filter (its leading index when the output has channels), if its value matches.
    static func biasCell(_ trace: Trace, step: TraceStep) -> CellRef? {
        guard let b = step.bias, let tensor = trace.tensor("bias"), tensor.shape.count == 1, let write = step.writes.first,
              let out = trace.tensor(write.tensor) else { return nil }
        let f = tensor.shape[0] == 1 ? 0 : (out.shape.count >= 3 ? write.index[out.shape.count - 3] : -1)
        guard f >= 0, f < tensor.shape[0], tensor.value(at: [f]) == b else { return nil }
        return CellRef("bias", [f])
    }

    private static func draw(_ trace: Trace, layout: FrameLayout, step: Int?, on canvas: Canvas) {
        if layout.captioned {
            canvas.text(layout.labels.header(trace: trace, step: step), at: layout.headerOrigin, font: FrameLayout.headerFont,
                        color: .muted)
        }
        let marks = marks(trace, step: step)
        for panel in layout.panels { canvas.drawGrid(panel, marks: marks[panel.tensor.name] ?? GridMarks()) }
        for a in layout.arrows { canvas.arrow(from: Point(a.x - 14, a.y), to: Point(a.x + 14, a.y), .muted, width: 2) }

        let box = layout.textBox
        if let step {
            let s = trace.steps[step]
            var y = box.y
            if layout.captioned {
                y = canvas.text(s.arithmetic, at: box.origin, font: FrameLayout.arithmeticFont, wrapWidth: box.width).maxY + 4
            }
            if !s.partialSums.isEmpty {
                canvas.text(layout.labels.partialSumsLine(s), at: Point(box.x, y), font: FrameLayout.detailFont,
                            color: .muted, wrapWidth: box.width)
            }
        } else {
            var y = box.y
            for f in trace.formulas {
                y = canvas.text(f, at: Point(box.x, y), font: FrameLayout.detailFont, wrapWidth: box.width).maxY + 2
            }
        }
        var x = layout.legendBox.x
        for mark in layout.legendMarks where step != nil {
            let sw = Rect(x: x, y: layout.legendBox.midY - 7, width: 18, height: 14)
            canvas.fill(sw, mark == .emphasis ? .white : mark.fill)
            canvas.stroke(sw.insetBy(1), mark.color, width: 2)
            let label = layout.labels.legend(mark, op: trace.op)
            let r = canvas.text(label, at: Point(x + 24, layout.legendBox.midY), font: FrameLayout.legendFont,
                                color: .muted, v: .capCenter)
            x = r.maxX + 18
        }
    }

    /// Checks that every tensor's values fit its shape and every cell reference names a
    /// drawn cell.
    static func validate(_ trace: Trace) throws {
        let figure = "frame \(trace.exampleID)"
        var tensors: [String: TraceTensor] = [:]
        for t in trace.tensors {
            guard t.values.count == t.shape.reduce(1, *) else {
                throw RenderError.invalidInput(figure: figure, message: "tensor \(t.name) has shape "
                    + "\(t.shape) but \(t.values.count) values")
            }
            tensors[t.name] = t
        }
        guard !trace.tensors.isEmpty else { throw RenderError.invalidInput(figure: figure, message: "trace has no tensors") }
        for (k, step) in trace.steps.enumerated() {
            for ref in step.reads + step.weights + step.writes + step.emphasis {
                guard let t = tensors[ref.tensor] else {
                    throw RenderError.invalidInput(figure: figure, message: "step \(k) refers to unknown tensor \(ref.tensor)")
                }
                let pad = t.shape.count >= 2 ? [t.padding.first ?? 0, t.padding.count > 1 ? t.padding[1] : 0]
                    : [t.padding.count > 1 ? t.padding[1] : 0]
                let ok = ref.index.count == t.shape.count && ref.index.enumerated().allSatisfy { axis, i in
                    let fromEnd = t.shape.count - 1 - axis
                    let p = fromEnd < pad.count ? pad[pad.count - 1 - fromEnd] : 0
                    return i >= -p && i < t.shape[axis] + p
                }
                guard ok else {
                    throw RenderError.invalidInput(figure: figure, message: "step \(k) cell \(ref.index) is outside "
                        + "\(ref.tensor) of shape \(t.shape) with padding \(t.padding)")
                }
            }
        }
    }
}

extension Rect {
    /// The top-left corner.
    public var origin: Point { Point(x, y) }
}
