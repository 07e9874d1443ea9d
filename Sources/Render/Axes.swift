import Foundation
import Lessons

/// "Nice" tick values (1, 2, 2.5, 5 × 10ⁿ steps) covering a range, after Heckbert.
public enum NiceTicks {
    /// About `target` ticks from a round number at or below `low` to one at or above `high`.
    public static func ticks(_ low: Double, _ high: Double, target: Int = 5) -> [Double] {
        var lo = low, hi = high
        if !(lo.isFinite && hi.isFinite) { return [0, 1] }
        if hi - lo < 1e-12 {
            lo -= max(abs(lo) * 0.1, 0.5)
            hi += max(abs(hi) * 0.1, 0.5)
        }
        let raw = (hi - lo) / Double(max(1, target - 1))
        let mag = pow(10, floor(log10(raw)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw * 0.999 } ?? 10 * mag
        let start = floor(lo / step + 1e-9) * step, end = ceil(hi / step - 1e-9) * step
        var out: [Double] = []
        var v = start
        while v <= end + step * 1e-6 {
            out.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return out
    }

    /// The label of a tick: compact, with a real minus sign.
    public static func label(_ v: Double) -> String { NumberFormat.compact(Float(v)) }
}

/// Maps data coordinates into a plot rectangle (y up).
struct PlotMapping {
    var rect: Rect
    var x: ClosedRange<Double>
    var y: ClosedRange<Double>

    func px(_ v: Double) -> Double {
        let span = x.upperBound - x.lowerBound
        return rect.minX + (span == 0 ? 0.5 : (v - x.lowerBound) / span) * rect.width
    }

    func py(_ v: Double) -> Double {
        let span = y.upperBound - y.lowerBound
        return rect.maxY - (span == 0 ? 0.5 : (v - y.lowerBound) / span) * rect.height
    }

    func point(_ vx: Double, _ vy: Double) -> Point { Point(px(vx), py(vy)) }
}

/// The frame around a chart: title, legend row, y label (rotated), tick labels, x label,
/// laid out from measured text so labels never overlap the plot.
struct ChartLayout {
    let size: Size
    let plot: Rect
    let titleOrigin: Point
    let legendTop: Double
    let yLabelCenter: Point
    let xLabelTop: Double

    static let margin = 14.0
    static let tickFont = Font(size: 11)
    static let axisFont = Font(size: 12)
    static let titleFont = Font(size: 15, bold: true)
    static let legendFont = Font(size: 12)

    init(size: Size, title: String?, xLabel: String?, yLabel: String?, yTickLabels: [String],
         xTickHeight: Double, legendHeight: Double, measurer: TextMeasurer) {
        let m = Self.margin
        var top = m
        titleOrigin = Point(m, top)
        if let title, !title.isEmpty { top += measurer.size(title, Self.titleFont).height + 4 }
        legendTop = top
        top += legendHeight > 0 ? legendHeight + 8 : 6
        let tickWidth = yTickLabels.map { measurer.width($0, Self.tickFont) }.max() ?? 0
        let axisLine = measurer.lineHeight(Self.axisFont)
        let yLabelWidth = (yLabel?.isEmpty == false) ? axisLine + 4 : 0
        let left = m + yLabelWidth + tickWidth + 8
        let xLabelHeight = (xLabel?.isEmpty == false) ? axisLine + 2 : 0
        let bottom = xTickHeight + 6 + xLabelHeight + m
        let right = m + measurer.width(yTickLabels.last ?? "", Self.tickFont) / 2
        plot = Rect(x: left, y: top + 6, width: max(40, size.width - left - right), height: max(40, size.height - top - 6 - bottom))
        yLabelCenter = Point(m + axisLine / 2, plot.midY)
        xLabelTop = plot.maxY + xTickHeight + 6
        self.size = size
    }
}

extension Canvas {
    /// Draws gridlines, axes and ticks, the axis labels and the title.
    func drawChartFrame(_ layout: ChartLayout, _ map: PlotMapping, title: String?, xLabel: String?, yLabel: String?,
                        xTicks: [(Double, String)], yTicks: [Double]) {
        let plot = layout.plot
        for t in yTicks {
            let y = map.py(t)
            line(Point(plot.minX, y), Point(plot.maxX, y), Color(hex: 0xE6E6E6), width: 1)
            text(NiceTicks.label(t), at: Point(plot.minX - 6, y), font: ChartLayout.tickFont, color: .muted, h: .right,
                 v: .capCenter)
        }
        for (v, label) in xTicks {
            let x = map.px(v)
            line(Point(x, plot.maxY), Point(x, plot.maxY + 4), .muted, width: 1)
            text(label, at: Point(x, plot.maxY + 5), font: ChartLayout.tickFont, color: .muted, h: .center)
        }
        line(Point(plot.minX, plot.minY), Point(plot.minX, plot.maxY), .muted, width: 1)
        line(Point(plot.minX, plot.maxY), Point(plot.maxX, plot.maxY), .muted, width: 1)
        if let title, !title.isEmpty { text(title, at: layout.titleOrigin, font: ChartLayout.titleFont) }
        if let xLabel, !xLabel.isEmpty {
            text(xLabel, at: Point(plot.midX, layout.xLabelTop), font: ChartLayout.axisFont, color: .ink, h: .center)
        }
        if let yLabel, !yLabel.isEmpty { verticalText(yLabel, center: layout.yLabelCenter, font: ChartLayout.axisFont) }
    }
}
