import Foundation
import Lessons
import Words

/// A vertical bar chart of labelled values: softmax probabilities with the predicted
/// class highlighted, per-class accuracy. Each bar carries its value on top; the
/// highlighted bar differs in colour, outline and bold label.
public struct BarChart: Sendable, DrawnFigure {
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    /// One label per bar ("0" ... "9").
    public var labels: [String]
    public var values: [Double]
    /// The bar to stress (the argmax), if any.
    public var highlight: Int?
    /// Force the y range (0...1 for probabilities); nil fits the data and 0.
    public var yRange: ClosedRange<Double>?
    /// Decimal digits of the value labels.
    public var valueDigits: Int
    public var size: Size
    /// The words of the alt text.
    public var words: FigureLabels

    public init(title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, labels: [String], values: [Double],
                highlight: Int? = nil, yRange: ClosedRange<Double>? = nil, valueDigits: Int = 2, size: Size = Size(520, 300),
                words: FigureLabels = .init(.en)) {
        self.words = words
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.labels = labels
        self.values = values
        self.highlight = highlight
        self.yRange = yRange
        self.valueDigits = valueDigits
        self.size = size
    }

    /// Bars of `probabilities` with the largest highlighted, labelled by class index.
    public static func probabilities(_ probabilities: [Double], title: String? = nil, classNames: [String]? = nil,
                                     labels: FigureLabels = .init(.en)) -> BarChart {
        let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] }
        return BarChart(title: title, xLabel: labels.classAxis, yLabel: labels.probability,
                        labels: classNames ?? probabilities.indices.map(String.init), values: probabilities,
                        highlight: best, yRange: 0...1, words: labels)
    }

    /// - Throws: `RenderError.invalidInput` when labels and values differ in number or there are none.
    public func drawing() throws -> Drawing {
        guard !values.isEmpty, labels.count == values.count else {
            throw RenderError.invalidInput(figure: "bar chart \(title ?? "")",
                                           message: "\(labels.count) labels for \(values.count) values")
        }
        let finite = values.filter(\.isFinite)
        let yTicks = yRange.map { NiceTicks.ticks($0.lowerBound, $0.upperBound) }
            ?? NiceTicks.ticks(min(0, finite.min() ?? 0), max(0, finite.max() ?? 1))
        let yLo = yRange?.lowerBound ?? yTicks.first!, yHi = yRange?.upperBound ?? yTicks.last!
        let measurer = TextMeasurer()
        let valueFont = Font(size: 10.5)
        let tickHeight = measurer.lineHeight(ChartLayout.tickFont)
        let valueHeight = measurer.lineHeight(valueFont)
        var layout = ChartLayout(size: size, title: title, xLabel: xLabel, yLabel: yLabel,
                                 yTickLabels: yTicks.map(NiceTicks.label), xTickHeight: tickHeight,
                                 legendHeight: valueHeight, measurer: measurer)
        let n = Double(values.count)
        let slot = layout.plot.width / n
        let widestLabel = labels.map { measurer.width($0, ChartLayout.tickFont) }.max() ?? 0
        let widestValue = values.map { measurer.width(valueText($0), valueFont) }.max() ?? 0
        let font = widestLabel > slot - 2 ? Font(size: max(7, 11 * (slot - 2) / widestLabel)) : ChartLayout.tickFont
        let vFont = widestValue > slot - 2 ? Font(size: max(6.5, 10.5 * (slot - 2) / widestValue)) : valueFont
        layout = ChartLayout(size: size, title: title, xLabel: xLabel, yLabel: yLabel,
                             yTickLabels: yTicks.map(NiceTicks.label), xTickHeight: measurer.lineHeight(font),
                             legendHeight: valueHeight, measurer: measurer)
        let map = PlotMapping(rect: layout.plot, x: 0...n, y: yLo...yHi)
        let chart = self
        return Drawing(size: size, alt: alt()) { canvas in
            canvas.drawChartFrame(layout, map, title: chart.title, xLabel: chart.xLabel, yLabel: chart.yLabel,
                                  xTicks: [], yTicks: yTicks.filter { $0 >= yLo - 1e-9 && $0 <= yHi + 1e-9 })
            let barWidth = min(48, slot * 0.7)
            for (i, v) in chart.values.enumerated() {
                let cx = map.px(Double(i) + 0.5)
                let stressed = i == chart.highlight
                if v.isFinite {
                    let top = map.py(min(max(v, yLo), yHi)), base = map.py(max(0, yLo))
                    let bar = Rect(x: cx - barWidth / 2, y: min(top, base), width: barWidth, height: abs(base - top))
                    canvas.fill(bar, stressed ? Palette.vermillion : Palette.skyBlue)
                    if stressed { canvas.stroke(bar.insetBy(-1), .ink, width: 2) }
                    canvas.text(chart.valueText(v), at: Point(cx, min(top, base) - 3), font: Font(size: vFont.size, bold: stressed),
                                color: .ink, h: .center, v: .bottom)
                }
                canvas.text(chart.labels[i], at: Point(cx, layout.plot.maxY + 5), font: Font(size: font.size, bold: stressed),
                            color: stressed ? .ink : .muted, h: .center)
            }
        }
    }

    func valueText(_ v: Double) -> String { NumberFormat.compact(Float(v), digits: valueDigits) }

    func alt() -> String {
        var s = words.barChart + (title.map { " \"\($0)\"" } ?? "") + ". "
        s += zip(labels, values).map { "\($0): \(valueText($1))" }.joined(separator: ", ") + "."
        if let h = highlight, labels.indices.contains(h) { s += " " + words.fill(words.barHighlighted, ["label": labels[h], "value": valueText(values[h])]) }
        return s
    }
}
