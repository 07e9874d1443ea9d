import Foundation
import Words

/// One layer of a network as the model module describes it; the diagram only draws it.
public struct ArchitectureLayer: Sendable, Equatable {
    /// "conv1", "pool2", "fc3".
    public var name: String
    /// "conv 5×5, 6 filters", "max pool 2×2", "ReLU", "dense", "input".
    public var kind: String
    /// The shape of one sample's output, without the batch axis: `[6, 28, 28]`, `[120]`.
    public var outputShape: [Int]
    /// Learnable parameters (weights and biases).
    public var parameters: Int

    public init(name: String, kind: String, outputShape: [Int], parameters: Int) {
        self.name = name
        self.kind = kind
        self.outputShape = outputShape
        self.parameters = parameters
    }
}

/// A network drawn as a chain of boxes, one per layer (name, kind, output shape, parameter
/// count), wrapping into rows read left to right; boxes are tinted by kind and the kind is
/// also written, so colour is never the only cue.
public struct ArchitectureDiagram: Sendable, DrawnFigure {
    public var layers: [ArchitectureLayer]
    public var title: String?
    /// The widest the diagram may be before it wraps, in points.
    public var maxWidth: Double
    /// The words for parameter counts.
    public var labels: FigureLabels

    public init(layers: [ArchitectureLayer], title: String? = nil, maxWidth: Double = 900, labels: FigureLabels = .init(.en)) {
        self.layers = layers
        self.title = title
        self.maxWidth = maxWidth
        self.labels = labels
    }

    static let nameFont = Font(size: 13, bold: true)
    static let detailFont = Font(size: 11)

    /// - Throws: `RenderError.invalidInput` when there are no layers.
    public func drawing() throws -> Drawing {
        guard !layers.isEmpty else { throw RenderError.invalidInput(figure: "architecture", message: "no layers") }
        let measurer = TextMeasurer()
        let lines = layers.map(lines)
        let pad = 8.0
        let boxW = max(118, (lines.flatMap { l in
            [measurer.width(l[0], Self.nameFont)] + l.dropFirst().map { measurer.width($0, Self.detailFont) }
        }.max() ?? 0) + 2 * pad).rounded(.up)
        let boxH = (measurer.lineHeight(Self.nameFont) + 3 * measurer.lineHeight(Self.detailFont) + 2 * pad - 4).rounded(.up)
        let m = 16.0, hGap = 30.0, vGap = 34.0
        let perRow = max(1, min(layers.count, Int((maxWidth - 2 * m + hGap) / (boxW + hGap))))
        let rows = (layers.count + perRow - 1) / perRow
        let titleH = title.map { measurer.size($0, ChartLayout.titleFont).height + 8 } ?? 0
        let total = layers.map(\.parameters).reduce(0, +)
        let totalText = labels.fill(labels.totalParameters, ["n": Language.grouped(total)])
        let footH = measurer.lineHeight(Font.body) + 10
        let width = 2 * m + Double(perRow) * boxW + Double(perRow - 1) * hGap
        let size = Size(max(width, 2 * m + measurer.width(totalText, Font.body)).rounded(.up),
                        (2 * m + titleH + Double(rows) * boxH + Double(rows - 1) * vGap + footH).rounded(.up))
        let boxes = layers.indices.map { i in
            Rect(x: m + Double(i % perRow) * (boxW + hGap), y: m + titleH + Double(i / perRow) * (boxH + vGap), width: boxW, height: boxH)
        }
        let diagram = self
        return Drawing(size: size, alt: alt()) { canvas in
            if let title = diagram.title { canvas.text(title, at: Point(m, m), font: ChartLayout.titleFont) }
            for i in boxes.indices.dropLast() {
                let a = boxes[i], b = boxes[i + 1]
                if a.midY == b.midY {
                    canvas.arrow(from: Point(a.maxX + 2, a.midY), to: Point(b.minX - 2, b.midY), .muted, width: 1.5, head: 7)
                } else {
                    let midY = a.maxY + vGap / 2
                    canvas.polyline([Point(a.midX, a.maxY + 2), Point(a.midX, midY), Point(b.midX, midY)], .muted, width: 1.5)
                    canvas.arrow(from: Point(b.midX, midY), to: Point(b.midX, b.minY - 2), .muted, width: 1.5, head: 7)
                }
            }
            for (i, layer) in diagram.layers.enumerated() {
                let r = boxes[i]
                let tint = Self.tint(layer.kind)
                canvas.roundedRect(r, radius: 6, fill: tint.fill, stroke: tint.edge, width: 1.5)
                var y = r.minY + pad - 2
                y = canvas.text(lines[i][0], at: Point(r.minX + pad, y), font: Self.nameFont).maxY
                for (j, line) in lines[i].dropFirst().enumerated() {
                    y = canvas.text(line, at: Point(r.minX + pad, y), font: Self.detailFont, color: j == 0 ? .ink : .muted).maxY
                }
            }
            canvas.text(totalText, at: Point(m, size.height - m - footH + 10), font: Font.body)
        }
    }

    /// Name, kind, shape, parameters.
    func lines(_ l: ArchitectureLayer) -> [String] {
        [l.name, l.kind, l.outputShape.isEmpty ? "1" : l.outputShape.map(String.init).joined(separator: "×"),
         l.parameters == 0 ? labels.noParameters : labels.fill(labels.parameters, ["n": Language.grouped(l.parameters)])]
    }

    /// Box colours by kind of layer (Okabe–Ito tints).
    static func tint(_ kind: String) -> (fill: Color, edge: Color) {
        let k = kind.lowercased()
        let base: Color
        if k.contains("conv") { base = Palette.blue }
        else if k.contains("pool") { base = Palette.green }
        else if k.contains("dense") || k.contains("linear") || k.contains("fully") || k.contains("fc") { base = Palette.orange }
        else if k.contains("softmax") || k.contains("output") { base = Palette.purple }
        else if ["relu", "sigmoid", "tanh", "elu", "lrn", "norm"].contains(where: k.contains) { base = Palette.skyBlue }
        else { base = Color(hex: 0x999999) }
        return (base.tint(0.82), base)
    }

    func alt() -> String {
        let total = layers.map(\.parameters).reduce(0, +)
        return "\(title ?? labels.network): "
            + labels.fill(labels.networkSummary, ["n": "\(layers.count)", "total": Language.grouped(total)]) + " "
            + layers.map { l in "\(l.name) (\(l.kind)) → " + lines(l)[2] + ", " + lines(l)[3] }.joined(separator: "; ") + "."
    }
}
