/// Point markers and dash patterns that tell series apart without colour.
public enum MarkerShape: Int, CaseIterable, Sendable {
    case circle, square, triangle, diamond, cross, triangleDown

    /// The marker for the `i`th series.
    public static func forSeries(_ i: Int) -> MarkerShape { allCases[i % allCases.count] }

    /// The dash pattern for the `i`th series (solid, dashed, dotted, dash-dot ...).
    static func dash(forSeries i: Int) -> [Double] {
        [[], [7, 4], [2, 3], [8, 3, 2, 3], [12, 4], [4, 2, 1, 2, 1, 2]][i % 6]
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
        case .triangleDown: polygon([Point(p.x, p.y + r * 1.2), Point(p.x + r * 1.1, p.y - r * 0.8), Point(p.x - r * 1.1, p.y - r * 0.8)],
                                    fill: color, stroke: .white, width: 1)
        case .cross:
            line(Point(p.x - r, p.y - r), Point(p.x + r, p.y + r), color, width: 2)
            line(Point(p.x - r, p.y + r), Point(p.x + r, p.y - r), color, width: 2)
        }
    }

    /// A legend: line sample, marker and name per entry, wrapped into rows no wider than `maxWidth`.
    func legend(_ entries: [LegendEntry], at origin: Point, maxWidth: Double, font: Font) {
        let lh = font.size * 1.45
        for (r, row) in LegendEntry.rows(entries.map(\.name), maxWidth: maxWidth, font: font, measurer: nil).enumerated() {
            var x = origin.x
            let y = origin.y + Double(r) * lh + lh / 2
            for i in row {
                let e = entries[i]
                line(Point(x, y), Point(x + 26, y), e.color, width: 2.5, dash: e.dash)
                if let m = e.marker { marker(m, at: Point(x + 13, y), size: 7, color: e.color) }
                x = text(e.name, at: Point(x + 32, y), font: font, color: .ink, v: .capCenter).maxX + 18
            }
        }
    }
}

/// One entry of a chart legend.
struct LegendEntry {
    var name: String
    var color: Color
    var marker: MarkerShape?
    var dash: [Double]

    /// The entries of each legend row, filling rows up to `maxWidth`.
    static func rows(_ names: [String], maxWidth: Double, font: Font, measurer: TextMeasurer?) -> [[Int]] {
        let m = measurer ?? TextMeasurer()
        var rows: [[Int]] = [[]]
        var x = 0.0
        for (i, name) in names.enumerated() {
            let w = 32 + m.width(name, font)
            if x > 0, x + w > maxWidth {
                rows.append([])
                x = 0
            }
            rows[rows.count - 1].append(i)
            x += w + 18
        }
        return rows
    }

    /// The height of the wrapped legend.
    static func height(_ names: [String], maxWidth: Double, font: Font, measurer: TextMeasurer) -> Double {
        Double(rows(names, maxWidth: maxWidth, font: font, measurer: measurer).count) * font.size * 1.45
    }
}
