import Foundation
import Words
import Tensor

/// One picture of a gallery with its caption.
public struct GalleryItem: Sendable {
    /// A grey image `[H, W]` or `[1, H, W]`.
    public var image: Tensor
    /// "true 4 / pred 9, p=0.83"; wrapped under the image.
    public var caption: String
    /// Drawn with an outline (e.g. a misclassified digit among correct ones).
    public var highlighted: Bool

    public init(image: Tensor, caption: String, highlighted: Bool = false) {
        self.image = image
        self.caption = caption
        self.highlighted = highlighted
    }
}

/// A grid of small grey images with captions (misclassified digits, samples of the data).
public struct Gallery: Sendable, DrawnFigure {
    public var items: [GalleryItem]
    public var title: String?
    /// Images per row.
    public var columns: Int
    /// The side of each image in points.
    public var imageSize: Double
    /// Values mapped to black and white; nil fits each image's own range.
    public var valueRange: ClosedRange<Float>?
    /// The words of the alt text.
    public var words: FigureLabels

    public init(items: [GalleryItem], title: String? = nil, columns: Int = 6, imageSize: Double = 84,
                valueRange: ClosedRange<Float>? = 0...1, words: FigureLabels = .init(.en)) {
        self.words = words
        self.items = items
        self.title = title
        self.columns = columns
        self.imageSize = imageSize
        self.valueRange = valueRange
    }

    /// - Throws: `RenderError.invalidInput` when an image is not 2-D (or 1×H×W) or there are none.
    public func drawing() throws -> Drawing {
        guard !items.isEmpty else { throw RenderError.invalidInput(figure: "gallery", message: "no images") }
        for (i, item) in items.enumerated() where !(item.image.rank == 2 || (item.image.rank == 3 && item.image.shape[0] == 1)) {
            throw RenderError.invalidInput(figure: "gallery", message: "image \(i) has shape \(item.image.shape); want [H, W] or [1, H, W]")
        }
        let measurer = TextMeasurer()
        let font = Font(size: 11)
        let cols = max(1, min(columns, items.count))
        let slotWidth = max(imageSize, 96)
        let captionHeight = items.map { measurer.size($0.caption, font, wrapWidth: slotWidth).height }.max() ?? 0
        let m = 14.0, gap = 14.0
        let titleHeight = title.map { measurer.size($0, ChartLayout.titleFont).height + 8 } ?? 0
        let slotHeight = imageSize + 4 + captionHeight
        let rows = (items.count + cols - 1) / cols
        let size = Size(2 * m + Double(cols) * slotWidth + Double(cols - 1) * gap,
                        (2 * m + titleHeight + Double(rows) * slotHeight + Double(rows - 1) * gap).rounded(.up))
        let gallery = self
        return Drawing(size: size, alt: alt()) { canvas in
            if let title = gallery.title { canvas.text(title, at: Point(m, m), font: ChartLayout.titleFont) }
            for (i, item) in gallery.items.enumerated() {
                let x = m + Double(i % cols) * (slotWidth + gap), y = m + titleHeight + Double(i / cols) * (slotHeight + gap)
                let rect = Rect(x: x + (slotWidth - gallery.imageSize) / 2, y: y, width: gallery.imageSize, height: gallery.imageSize)
                let h = item.image.shape[item.image.rank - 2], w = item.image.shape[item.image.rank - 1]
                let scale = gallery.valueRange.map { ValueScale(low: $0.lowerBound, high: $0.upperBound) }
                    ?? ValueScale(fitting: item.image.data, symmetric: false)
                canvas.pixels(item.image.data.map { ColorMap.grey.color(at: scale.normalized($0)) }, width: w, height: h, in: rect)
                canvas.stroke(rect, .rule, width: 1)
                if item.highlighted { canvas.stroke(rect.insetBy(-2.5), Palette.vermillion, width: 3) }
                canvas.text(item.caption, at: Point(x + slotWidth / 2, rect.maxY + 6), font: Font(size: font.size, bold: item.highlighted),
                            color: .ink, h: .center, wrapWidth: slotWidth)
            }
        }
    }

    func alt() -> String {
        (title ?? words.gallery) + ": " + words.fill(words.galleryImages, ["n": "\(items.count)"]) + " "
            + items.map { $0.highlighted ? words.fill(words.highlightedItem, ["caption": $0.caption]) : $0.caption }.joined(separator: "; ") + "."
    }
}
