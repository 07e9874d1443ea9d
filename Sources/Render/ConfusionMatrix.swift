import Foundation
import Lessons
import Words

/// A confusion matrix as a heat map: rows are the true classes, columns the predicted
/// ones, each cell shaded by its count (white to dark blue) with the count written in it,
/// and the diagonal (correct answers) outlined.
public struct ConfusionMatrixChart: Sendable, DrawnFigure {
    /// `counts[t][p]`: how many samples of true class t were predicted as p.
    public var counts: [[Int]]
    public var classNames: [String]
    public var title: String?
    /// The axis names.
    public var labels: FigureLabels

    public init(counts: [[Int]], classNames: [String]? = nil, title: String? = nil, labels: FigureLabels = .init(.en)) {
        self.counts = counts
        self.classNames = classNames ?? counts.indices.map(String.init)
        self.title = title
        self.labels = labels
    }

    /// - Throws: `RenderError.invalidInput` when the matrix is not square or names are missing.
    public func drawing() throws -> Drawing {
        let k = counts.count
        guard k > 0, counts.allSatisfy({ $0.count == k }), classNames.count == k else {
            throw RenderError.invalidInput(figure: "confusion matrix", message: "need a square k×k matrix and k names, got "
                + "\(counts.count) rows of \(counts.map(\.count)) and \(classNames.count) names")
        }
        let measurer = TextMeasurer()
        let widestCount = counts.flatMap { $0 }.map { measurer.width(String($0), Font(size: 12)) }.max() ?? 0
        let cell = max(34, (widestCount + 10).rounded(.up))
        let nameWidth = classNames.map { measurer.width($0, ChartLayout.tickFont) }.max() ?? 0
        let axis = measurer.lineHeight(ChartLayout.axisFont)
        let tick = measurer.lineHeight(ChartLayout.tickFont)
        let m = 14.0
        let titleHeight = title.map { measurer.size($0, ChartLayout.titleFont).height + 6 } ?? 0
        let gridSide = cell * Double(k)
        let topWidth = measurer.width(labels.predictedClass, ChartLayout.axisFont)
        let sideLength = measurer.width(labels.trueClass, ChartLayout.axisFont)
        // The axis names may be longer than a small matrix: keep them inside the picture.
        let gridX = max(m + axis + 4 + nameWidth + 6, m + topWidth / 2 - gridSide / 2)
        let gridY = max(m + titleHeight + axis + 2 + tick + 4, m + titleHeight + sideLength / 2 - gridSide / 2)
        let grid = Rect(x: gridX, y: gridY, width: gridSide, height: gridSide)
        let size = Size((max(grid.maxX, grid.midX + topWidth / 2) + m).rounded(.up),
                        (max(grid.maxY, grid.midY + sideLength / 2) + m).rounded(.up))
        let maxCount = max(1, counts.flatMap { $0 }.max() ?? 1)
        let chart = self
        return Drawing(size: size, alt: alt()) { canvas in
            if let title = chart.title { canvas.text(title, at: Point(m, m), font: ChartLayout.titleFont) }
            canvas.text(chart.labels.predictedClass, at: Point(grid.midX, grid.minY - tick - 6 - axis), font: ChartLayout.axisFont, h: .center)
            canvas.verticalText(chart.labels.trueClass, center: Point(m + axis / 2, grid.midY), font: ChartLayout.axisFont)
            for i in 0..<k {
                canvas.text(chart.classNames[i], at: Point(grid.minX + (Double(i) + 0.5) * cell, grid.minY - 4),
                            font: ChartLayout.tickFont, color: .muted, h: .center, v: .bottom)
                canvas.text(chart.classNames[i], at: Point(grid.minX - 6, grid.minY + (Double(i) + 0.5) * cell),
                            font: ChartLayout.tickFont, color: .muted, h: .right, v: .capCenter)
            }
            for t in 0..<k {
                for p in 0..<k {
                    let r = Rect(x: grid.minX + Double(p) * cell, y: grid.minY + Double(t) * cell, width: cell, height: cell)
                    let n = chart.counts[t][p]
                    let fill = ColorMap.blues.color(at: (Double(n) / Double(maxCount)).squareRoot())
                    canvas.fill(r, fill)
                    canvas.stroke(r, .white, width: 1)
                    if n > 0 {
                        canvas.text(String(n), at: r.center, font: Font(size: 12, bold: t == p), color: fill.readableText,
                                    h: .center, v: .capCenter)
                    }
                }
            }
            for d in 0..<k {
                let r = Rect(x: grid.minX + Double(d) * cell, y: grid.minY + Double(d) * cell, width: cell, height: cell)
                canvas.stroke(r.insetBy(1.5), Palette.orange, width: 2.5)
            }
            canvas.stroke(grid, .muted, width: 1)
        }
    }

    func alt() -> String {
        let total = counts.flatMap { $0 }.reduce(0, +)
        let correct = counts.indices.map { counts[$0][$0] }.reduce(0, +)
        var worst: (Int, Int, Int)?
        for t in counts.indices {
            for p in counts.indices where t != p && counts[t][p] > (worst?.2 ?? 0) { worst = (t, p, counts[t][p]) }
        }
        var s = (title.map { "\($0): " } ?? "") + labels.fill(labels.confusion, ["correct": "\(correct)", "total": "\(total)"])
        if let (t, p, n) = worst {
            s += " " + labels.fill(labels.confusionWorst, ["label": classNames[t], "predicted": classNames[p], "n": "\(n)"])
        }
        s += " " + labels.fill(labels.confusionRows, ["rows": counts.enumerated().map { "\(classNames[$0.offset]): " + $0.element.map(String.init).joined(separator: " ") }
            .joined(separator: "; ")])
        return s
    }
}
