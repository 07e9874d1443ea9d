import Foundation
import Lessons
import Tensor
import Words

/// A tensor of maps drawn as a grid of small images with a colour bar: the feature maps
/// `[C, H, W]` of a layer, or the filters `[F, C, KH, KW]` of a convolution.
public struct FeatureMapGrid: Sendable, DrawnFigure {
    /// How values map to colours across maps.
    public enum Scaling: Sendable {
        /// One range for all maps, so brightness compares across maps.
        case shared
        /// Each map stretched to its own range; each map's range is printed under it.
        case perMap
    }

    /// `[C, H, W]`, `[F, C, KH, KW]` or a single `[H, W]` map.
    public var tensor: Tensor
    public var title: String?
    /// nil picks grey for data without negatives and blue–white–red for signed data.
    public var colorMap: ColorMap?
    public var scaling: Scaling
    /// The side of each map in points; nil makes maps about 84 pt wide.
    public var mapSize: Double?
    /// One label per map; nil gives "channel c" or "filter f, channel c".
    public var labels: [String]?
    /// Maps per row for `[C, H, W]`.
    public var columns: Int
    /// The words of the default map names and the colour bar.
    public var words: FigureLabels
    /// A range to draw on instead of the data's own (with `.shared`), so that two pictures
    /// (filters before and after training) share one colour scale.
    public var range: ValueScale?

    public init(tensor: Tensor, title: String? = nil, colorMap: ColorMap? = nil, scaling: Scaling = .shared,
                mapSize: Double? = nil, labels: [String]? = nil, columns: Int = 8, words: FigureLabels = .init(.en),
                range: ValueScale? = nil) {
        self.range = range
        self.tensor = tensor
        self.title = title
        self.colorMap = colorMap
        self.scaling = scaling
        self.mapSize = mapSize
        self.labels = labels
        self.columns = columns
        self.words = words
    }

    /// - Throws: `RenderError.invalidInput` for a rank other than 2, 3 or 4, or a label count that does not match.
    public func drawing() throws -> Drawing {
        let shape = tensor.shape
        guard (2...4).contains(shape.count), shape.allSatisfy({ $0 > 0 }) else {
            throw RenderError.invalidInput(figure: "feature maps", message: "shape \(shape); want [H, W], [C, H, W] or [F, C, KH, KW]")
        }
        let h = shape[shape.count - 2], w = shape[shape.count - 1], count = shape.dropLast(2).reduce(1, *)
        let names = labels ?? defaultLabels(shape)
        guard names.count == count else {
            throw RenderError.invalidInput(figure: "feature maps", message: "\(names.count) labels for \(count) maps")
        }
        let maps = (0..<count).map { Array(tensor.data[($0 * h * w)..<(($0 + 1) * h * w)]) }
        let signed = (tensor.data.min() ?? 0) < 0 && (tensor.data.max() ?? 0) > 0
        let cmap = colorMap ?? (signed ? .diverging : .grey)
        let shared = range ?? ValueScale(fitting: tensor.data, symmetric: cmap.isDiverging)
        let scales = maps.map { scaling == .shared ? shared : ValueScale(fitting: $0, symmetric: cmap.isDiverging) }

        let measurer = TextMeasurer()
        let labelFont = Font(size: 10.5), rangeFont = Font(size: 9.5)
        let side = mapSize ?? max(24, min(96, (84 / Double(max(h, w)) * 2).rounded() / 2 * Double(max(h, w))))
        let mapW = side * Double(w) / Double(max(h, w)), mapH = side * Double(h) / Double(max(h, w))
        let rangeTexts = scales.map { "\(NumberFormat.compact($0.low, digits: 2)) … \(NumberFormat.compact($0.high, digits: 2))" }
        let slotW = max(mapW, names.map { measurer.width($0, labelFont) }.max() ?? 0,
                        scaling == .perMap ? (rangeTexts.map { measurer.width($0, rangeFont) }.max() ?? 0) : 0)
        let labelH = measurer.lineHeight(labelFont)
        let rangeH = scaling == .perMap ? measurer.lineHeight(rangeFont) : 0
        let cols = shape.count == 4 && shape[1] > 1 ? shape[1] : min(count, max(1, columns))
        let rows = (count + cols - 1) / cols
        let m = 14.0, gap = 12.0
        let titleH = title.map { measurer.size($0, ChartLayout.titleFont).height + 6 } ?? 0
        let slotH = labelH + mapH + rangeH
        let gridW = Double(cols) * slotW + Double(cols - 1) * gap
        let barTop = m + titleH + Double(rows) * slotH + Double(rows - 1) * gap + 14
        let barW = min(260, max(160, gridW)), barH = 12.0
        let tickH = measurer.lineHeight(rangeFont)
        let size = Size((2 * m + max(gridW, barW + 40)).rounded(.up), (barTop + barH + 4 + tickH + m).rounded(.up))
        let alt = altText(shape: shape, names: names, scales: scales, map: cmap)
        let figure = self
        return Drawing(size: size, alt: alt) { canvas in
            if let title = figure.title { canvas.text(title, at: Point(m, m), font: ChartLayout.titleFont) }
            for i in 0..<count {
                let x = m + Double(i % cols) * (slotW + gap), y = m + titleH + Double(i / cols) * (slotH + gap)
                canvas.text(names[i], at: Point(x, y), font: labelFont, color: .muted)
                let rect = Rect(x: x, y: y + labelH, width: mapW, height: mapH)
                canvas.pixels(maps[i].map { cmap.color(at: scales[i].normalized($0)) }, width: w, height: h, in: rect)
                canvas.stroke(rect, .rule, width: 0.75)
                if figure.scaling == .perMap {
                    canvas.text(rangeTexts[i], at: Point(x, rect.maxY + 1), font: rangeFont, color: .muted)
                }
            }
            let bar = Rect(x: m + 20, y: barTop, width: barW, height: barH)
            let steps = 128
            canvas.pixels((0..<steps).map { cmap.color(at: Double($0) / Double(steps - 1)) }, width: steps, height: 1, in: bar)
            canvas.stroke(bar, .muted, width: 0.75)
            let lowText = figure.scaling == .shared ? NumberFormat.compact(shared.low, digits: 3) : figure.words.low
            let highText = figure.scaling == .shared ? NumberFormat.compact(shared.high, digits: 3) : figure.words.high
            canvas.text(lowText, at: Point(bar.minX, bar.maxY + 3), font: rangeFont, color: .muted, h: .center)
            canvas.text(highText, at: Point(bar.maxX, bar.maxY + 3), font: rangeFont, color: .muted, h: .center)
            if cmap.isDiverging, figure.scaling == .shared {
                canvas.text("0", at: Point(bar.midX, bar.maxY + 3), font: rangeFont, color: .muted, h: .center)
            } else if figure.scaling == .perMap {
                canvas.text(figure.words.ownRange, at: Point(bar.midX, bar.maxY + 3), font: rangeFont, color: .muted, h: .center)
            }
        }
    }

    private func defaultLabels(_ shape: [Int]) -> [String] {
        switch shape.count {
        case 2: return [words.map]
        case 3: return (0..<shape[0]).map { words.fill(words.channel, ["c": String($0)]) }
        default:
            return (0..<shape[0]).flatMap { f in
                (0..<shape[1]).map {
                    shape[1] == 1 ? words.fill(words.filter, ["f": String(f)])
                        : words.fill(words.filterChannel, ["f": String(f), "c": String($0)])
                }
            }
        }
    }

    private func altText(shape: [Int], names: [String], scales: [ValueScale], map: ColorMap) -> String {
        let h = "\(shape[shape.count - 2])", w = "\(shape[shape.count - 1])"
        let mapName = map == .grey ? words.mapsGrey : map.isDiverging ? words.mapsDiverging : words.mapsColour
        var s = (title.map { "\($0): " } ?? "")
            + words.fill(names.count == 1 ? words.mapsOne : words.mapsMany, ["n": "\(names.count)", "h": h, "w": w]) + ", \(mapName), "
        if scaling == .shared, let sc = scales.first {
            s += words.fill(words.mapsShared, ["low": NumberFormat.compact(sc.low), "high": NumberFormat.compact(sc.high)])
        } else {
            s += words.fill(words.mapsOwn, ["scales": zip(names, scales).map {
                words.fill(words.mapsRange, ["name": $0, "low": NumberFormat.compact($1.low, digits: 2), "high": NumberFormat.compact($1.high, digits: 2)])
            }.joined(separator: "; ")])
        }
        return s
    }
}
