/// Point markers and dash patterns that tell series apart without colour.
public enum MarkerShape: Int, CaseIterable, Sendable {
    case circle, square, triangle, diamond, cross

    /// The marker for the `i`th series.
    public static func forSeries(_ i: Int) -> MarkerShape { allCases[i % allCases.count] }

    /// The dash pattern for the `i`th series (solid, dashed, dotted, dash-dot ...).
    static func dash(forSeries i: Int) -> [Double] {
        [[], [7, 4], [2, 3], [8, 3, 2, 3], [12, 4]][i % 5]
    }
}

extension Canvas {
    /// Draws `shape` centred on `p`.
    func marker(_ shape: MarkerShape, at p: Point, size: Double, color: Color) {
        let r = size / 2
        switch shape {
        case .circle: circle(p, radius: r, fill: color, stroke: .white, width: 1)
        case .square: polygon([Point(p.x - r, p.y - r), Point(p.x + r, p.y - r), Point(p.x + r, p.y + r), Point(p.x - r, p.y + r)],
                              fill: color, stroke: .white, width: 1)
        case .triangle: polygon([Point(p.x, p.y - r * 1.2), Point(p.x + r * 1.1, p.y + r * 0.8), Point(p.x - r * 1.1, p.y + r * 0.8)],
                                fill: color, stroke: .white, width: 1)
        case .diamond: polygon([Point(p.x, p.y - r * 1.25), Point(p.x + r, p.y), Point(p.x, p.y + r * 1.25), Point(p.x - r, p.y)],
                               fill: color, stroke: .white, width: 1)
        case .cross:
            line(Point(p.x - r, p.y - r), Point(p.x + r, p.y + r), color, width: 2)
            line(Point(p.x - r, p.y + r), Point(p.x + r, p.y - r), color, width: 2)
        }
    }

    /// A legend row: line sample, marker and name per entry; returns the width used.
    @discardableResult
    func legend(_ entries: [(name: String, color: Color, marker: MarkerShape?, dash: [Double])], at origin: Point,
                font: Font) -> Double {
        var x = origin.x
        let lh = font.size * 1.45
        let y = origin.y + lh / 2
        for e in entries {
            line(Point(x, y), Point(x + 26, y), e.color, width: 2.5, dash: e.dash)
            if let m = e.marker { marker(m, at: Point(x + 13, y), size: 7, color: e.color) }
            let r = text(e.name, at: Point(x + 32, y), font: font, color: .ink, v: .capCenter)
            x = r.maxX + 18
        }
        return x - origin.x - 18
    }
}
