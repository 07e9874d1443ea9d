import Foundation
import Words

/// How the receptive field grows through a network: the input image as a square, and on it,
/// centred, the window of the image that one value of each layer sees, innermost first,
/// with a legend row per layer (name, field, jump). A field larger than the image is drawn at
/// the image's edge, dashed. Narrow (360 pt) so that it reads on a phone at full size.
public struct ReceptiveFieldDiagram: Sendable, DrawnFigure {
    /// One layer's field: rows and columns of the input, and the jump between neighbours.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var size: [Int]
        public var jump: [Int]
        public init(name: String, size: [Int], jump: [Int]) {
            self.name = name
            self.size = size
            self.jump = jump
        }
    }

    /// Rows and columns of the input image.
    public var input: [Int]
    /// The layers whose field grows (convolutions and pooling), first to last.
    public var fields: [Field]
    public var language: Language

    public init(input: [Int], fields: [Field], language: Language) {
        self.input = input
        self.fields = fields
        self.language = language
    }

    static let width = 360.0

    /// - Throws: `RenderError.invalidInput` without fields or with an empty input.
    public func drawing() throws -> Drawing {
        guard !fields.isEmpty, input.count == 2, input.allSatisfy({ $0 > 0 }) else {
            throw RenderError.invalidInput(figure: "receptive field", message: "needs an input size and at least one layer")
        }
        let m = 14.0, rowH = 19.0, font = Font.body
        let side = Self.width - 2 * m
        let scale = side / Double(max(input[0], input[1]))
        let image = Rect(x: m + (side - Double(input[1]) * scale) / 2, y: m + 22, width: Double(input[1]) * scale, height: Double(input[0]) * scale)
        let legendTop = m + 22 + side + 12
        let size = Size(Self.width, (legendTop + Double(fields.count) * rowH + m).rounded(.up))
        let colors = fields.indices.map { Self.color($0, of: fields.count) }
        let diagram = self
        return Drawing(size: size, alt: alt()) { canvas in
            canvas.text(diagram.inputLabel, at: Point(m, m), font: font, color: .muted)
            canvas.fill(image, Color.padding)
            canvas.stroke(image, .rule)
            // Outermost first, so every smaller field stays visible on top of the bigger ones.
            for (i, f) in diagram.fields.enumerated().reversed() {
                let h = min(Double(f.size[0]), Double(diagram.input[0])) * scale, w = min(Double(f.size[1]), Double(diagram.input[1])) * scale
                let r = Rect(x: image.midX - w / 2, y: image.midY - h / 2, width: max(w, 1.5), height: max(h, 1.5))
                let beyond = f.size[0] > diagram.input[0] || f.size[1] > diagram.input[1]
                canvas.fill(r, colors[i].tint(0.35))
                canvas.stroke(r, colors[i], width: 1.5, dash: beyond ? [5, 3] : [])
            }
            for (i, f) in diagram.fields.enumerated() {
                let y = legendTop + Double(i) * rowH
                canvas.fill(Rect(x: m, y: y + 3, width: 12, height: 12), colors[i].tint(0.35))
                canvas.stroke(Rect(x: m, y: y + 3, width: 12, height: 12), colors[i], width: 1.5)
                canvas.text(diagram.row(f), at: Point(m + 20, y), font: font)
            }
        }
    }

    var inputLabel: String { language[.figureInputBox] + " \(input[0])x\(input[1])" }

    /// `conv3: 5x5, jump 1`.
    func row(_ f: Field) -> String {
        "\(f.name): " + language.receptiveField(size: f.size, jump: f.jump)
    }

    /// Viridis from dark (the largest field, last layer) to bright (the first), so that each
    /// ring differs from its neighbours in lightness as well as hue.
    static func color(_ i: Int, of n: Int) -> Color {
        ColorMap.viridis.color(at: n > 1 ? 0.92 - 0.85 * Double(i) / Double(n - 1) : 0.5)
    }

    func alt() -> String {
        "\(language[.tableReceptiveField]), \(inputLabel): " + fields.map(row).joined(separator: "; ") + "."
    }
}
