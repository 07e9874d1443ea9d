import Foundation
import Lessons
import Words

/// One line of a line chart.
public struct LineSeries: Sendable, Equatable {
    public var name: String
    public var x: [Double]
    public var y: [Double]

    /// - Parameters: `x` and `y` have the same length; non-finite points are skipped.
    public init(name: String, x: [Double], y: [Double]) {
        self.name = name
        self.x = x
        self.y = y
    }

    /// A series over epochs 1, 2, 3, ...
    public init(name: String, perEpoch y: [Double]) {
        self.init(name: name, x: y.indices.map { Double($0 + 1) }, y: y)
    }
}

/// A line chart of several series (train/test loss or accuracy per epoch, an activation
/// function and its derivative): nice ticks, axis labels, a legend, and per-series colour,
/// dash pattern and marker so the lines stay apart in grey or for colour-blind readers.
public struct LineChart: Sendable, DrawnFigure {
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    public var series: [LineSeries]
    /// Size in points.
    public var size: Size
    /// Force the y range (e.g. 0...1 for accuracy); nil fits the data.
    public var yRange: ClosedRange<Double>?
    /// Only whole-number x ticks (epochs).
    public var integerXTicks: Bool
    /// Draw the lines x = 0 and y = 0 when they fall inside the plot.
    public var showsZeroLines: Bool
    /// Markers at each point; nil decides by density (at most 40 points per series).
    public var showsMarkers: Bool?
    /// The words of the alt text (English unless set).
    public var labels: FigureLabels = .init(.en)

    public init(title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, series: [LineSeries],
                size: Size = Size(560, 340), yRange: ClosedRange<Double>? = nil, integerXTicks: Bool = false,
                showsZeroLines: Bool = false, showsMarkers: Bool? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.size = size
        self.yRange = yRange
        self.integerXTicks = integerXTicks
        self.showsZeroLines = showsZeroLines
        self.showsMarkers = showsMarkers
    }

    /// The chart as a drawing (for PNG or SVG).
    /// - Throws: `RenderError.invalidInput` when there is nothing to draw or a series' x and y differ in length.
    public func drawing() throws -> Drawing {
        let figure = "line chart \(title ?? "")"
        for s in series where s.x.count != s.y.count {
            throw RenderError.invalidInput(figure: figure, message: "series \(s.name) has \(s.x.count) x and \(s.y.count) y values")
        }
        let pts = series.flatMap { zip($0.x, $0.y).filter { $0.0.isFinite && $0.1.isFinite } }
        guard !pts.isEmpty else { throw RenderError.invalidInput(figure: figure, message: "no finite points to draw") }
        let xs = pts.map(\.0), ys = pts.map(\.1)
        let yTicks = yRange.map { NiceTicks.ticks($0.lowerBound, $0.upperBound) } ?? NiceTicks.ticks(ys.min()!, ys.max()!)
        var xTicks = NiceTicks.ticks(xs.min()!, xs.max()!, target: 8)
        if integerXTicks {
            xTicks = xTicks.filter { $0 == $0.rounded() }
            if xTicks.count < 2 { xTicks = Array(Set(xs.map { $0.rounded() })).sorted() }
        }
        let yLo = yRange?.lowerBound ?? yTicks.first!, yHi = yRange?.upperBound ?? yTicks.last!
        let xLo = min(xTicks.first!, xs.min()!), xHi = max(xTicks.last!, xs.max()!)
        let measurer = TextMeasurer()
        let legendWidth = size.width - 2 * ChartLayout.margin
        let tickHeight = measurer.lineHeight(ChartLayout.tickFont)
        let layout = ChartLayout(size: size, title: title, xLabel: xLabel, yLabel: yLabel,
                                 yTickLabels: yTicks.map(NiceTicks.label), xTickHeight: tickHeight,
                                 legendHeight: series.count > 1 ? LegendEntry.height(series.map(\.name), maxWidth: legendWidth,
                                                                                     font: ChartLayout.legendFont, measurer: measurer) : 0,
                                 measurer: measurer)
        let map = PlotMapping(rect: layout.plot, x: xLo...xHi, y: yLo...yHi)
        let markers = showsMarkers ?? (series.map(\.x.count).max() ?? 0 <= 40)
        let chart = self
        return Drawing(size: size, alt: alt()) { canvas in
            canvas.drawChartFrame(layout, map, title: chart.title, xLabel: chart.xLabel, yLabel: chart.yLabel,
                                  xTicks: xTicks.filter { $0 >= xLo && $0 <= xHi }.map { ($0, NiceTicks.label($0)) },
                                  yTicks: yTicks.filter { $0 >= yLo - 1e-9 && $0 <= yHi + 1e-9 })
            if chart.showsZeroLines {
                if yLo < 0, yHi > 0 { canvas.line(map.point(xLo, 0), map.point(xHi, 0), .muted, width: 1) }
                if xLo < 0, xHi > 0 { canvas.line(map.point(0, yLo), map.point(0, yHi), .muted, width: 1) }
            }
            canvas.clip(layout.plot.insetBy(-4)) {
                for (i, s) in chart.series.enumerated() {
                    let color = Palette.series[i % Palette.series.count]
                    let points = zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite }.map { map.point($0.0, $0.1) }
                    canvas.polyline(points, color, width: 2.5, dash: MarkerShape.dash(forSeries: i))
                    if markers { for p in points { canvas.marker(.forSeries(i), at: p, size: 7, color: color) } }
                }
            }
            if chart.series.count > 1 {
                canvas.legend(chart.series.enumerated().map { i, s in
                    LegendEntry(name: s.name, color: Palette.series[i % Palette.series.count],
                                marker: markers ? MarkerShape.forSeries(i) : nil, dash: MarkerShape.dash(forSeries: i))
                }, at: Point(ChartLayout.margin, layout.legendTop), maxWidth: legendWidth,
                              font: ChartLayout.legendFont)
            }
        }
    }

    /// "Line chart "loss": x epoch, y loss. train: 5 points from 2.3 (x = 1) to 0.12 (x = 5), lowest 0.12 at x = 5. ..."
    func alt() -> String {
        var parts = [labels.lineChart + (title.map { " \"\($0)\"" } ?? "") + "."]
        if let xLabel { parts.append(labels.fill(labels.xAxis, ["label": xLabel])) }
        if let yLabel { parts.append(labels.fill(labels.yAxis, ["label": yLabel])) }
        for s in series {
            let p = zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite }
            guard let first = p.first, let last = p.last, let lo = p.min(by: { $0.1 < $1.1 }), let hi = p.max(by: { $0.1 < $1.1 })
            else { continue }
            let f = { (v: Double) in NumberFormat.compact(Float(v)) }
            parts.append(labels.fill(labels.seriesSummary, [
                "name": s.name, "count": "\(p.count)", "first": f(first.1), "x0": f(first.0), "last": f(last.1), "x1": f(last.0),
                "lo": f(lo.1), "xlo": f(lo.0), "hi": f(hi.1), "xhi": f(hi.0),
            ]))
        }
        return parts.joined(separator: " ")
    }
}
