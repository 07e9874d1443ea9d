import Lessons

/// Where each cell of one traced tensor sits in a picture.
///
/// The last two axes are drawn as rows × columns (a 1-D tensor as one row). A leading
/// channel axis `[C, H, W]` becomes slices labelled "channel c" side by side, wrapping
/// when too wide; a kernel `[F, C, KH, KW]` becomes F rows of C slices labelled
/// "filter f, channel c". Padding cells, addressed with indices below 0 or past the extent,
/// have rectangles too. Coordinates are in points.
public struct TensorGridLayout: Sendable {
    /// One 2-D slice of the tensor.
    public struct Slice: Sendable {
        /// The indices of the leading axes this slice holds (empty for 1-D and 2-D tensors).
        public var leading: [Int]
        /// "channel 1", "filter 0, channel 2", or nil when the tensor has a single slice.
        public var label: String?
        public var labelOrigin: Point
        /// The grid's rectangle, padding ring included.
        public var grid: Rect
    }

    public let tensor: TraceTensor
    /// The tensor's name, drawn bold above the grid.
    public let title: String
    /// Its role and shape, e.g. "input · 3×3".
    public let subtitle: String
    /// The whole panel: title, subtitle and slices.
    public private(set) var frame: Rect
    public private(set) var titleOrigin: Point
    public private(set) var slices: [Slice]
    /// The size of one cell.
    public let cell: Size
    /// The font of the numbers; meaningful only when `showsNumbers`.
    public let numberFont: Font
    /// False when the grid is too dense for numbers: cells are then coloured by value.
    public let showsNumbers: Bool
    /// The colour bar under a grid drawn as colours.
    public private(set) var colorBar: Rect?

    /// Rows, columns, and padding (top/bottom, left/right) of each slice.
    public var rows: Int { tensor.shape.count >= 2 ? tensor.shape[tensor.shape.count - 2] : 1 }
    public var cols: Int { tensor.shape.last ?? 1 }
    public var padRows: Int { tensor.shape.count >= 2 ? max(0, tensor.padding.first ?? 0) : 0 }
    public var padCols: Int { max(0, tensor.padding.count > 1 ? tensor.padding[1] : 0) }

    /// The rectangle of the cell at `index` (one entry per axis), or nil when the index
    /// names no drawn cell.
    public func cellRect(_ index: [Int]) -> Rect? {
        guard index.count == tensor.shape.count else { return nil }
        let leadCount = max(0, index.count - 2)
        let lead = Array(index.prefix(leadCount))
        guard let slice = slices.first(where: { $0.leading == lead }) else { return nil }
        let r = index.count >= 2 ? index[index.count - 2] : 0
        let c = index.last ?? 0
        guard r >= -padRows, r < rows + padRows, c >= -padCols, c < cols + padCols else { return nil }
        return Rect(x: slice.grid.x + Double(c + padCols) * cell.width, y: slice.grid.y + Double(r + padRows) * cell.height,
                    width: cell.width, height: cell.height)
    }

    /// Every drawn cell index of one slice, padding included, row by row.
    func indices(of slice: Slice) -> [[Int]] {
        var out: [[Int]] = []
        for r in -padRows..<(rows + padRows) {
            for c in -padCols..<(cols + padCols) {
                switch tensor.shape.count {
                case 0: out.append([])
                case 1: out.append([c])
                default: out.append(slice.leading + [r, c])
                }
            }
        }
        return out
    }

    /// Moves the whole panel.
    mutating func move(_ dx: Double, _ dy: Double) {
        frame = frame.offsetBy(dx, dy)
        titleOrigin = Point(titleOrigin.x + dx, titleOrigin.y + dy)
        for i in slices.indices {
            slices[i].grid = slices[i].grid.offsetBy(dx, dy)
            slices[i].labelOrigin = Point(slices[i].labelOrigin.x + dx, slices[i].labelOrigin.y + dy)
        }
        colorBar = colorBar?.offsetBy(dx, dy)
    }

    static let titleFont = Font.title
    static let subtitleFont = Font.caption
    static let sliceLabelFont = Font(size: 11)
    /// Below this size numbers are dropped in favour of colour.
    static let minNumberSize = 7.5
    static let sliceGap = Size(14, 10)

    /// Lays out `tensor` at the origin.
    /// - Parameters:
    ///   - naturalCell: the cell size that fits the widest number at `font`.
    ///   - maxWidth: the widest the slices may be; denser grids shrink, then lose their numbers.
    init(tensor: TraceTensor, naturalCell: Size, font: Font, maxWidth: Double, labels names: FrameLabels,
         measurer: TextMeasurer) {
        self.tensor = tensor
        title = tensor.name
        subtitle = names.subtitle(tensor)
        let shape = tensor.shape
        let rows = shape.count >= 2 ? shape[shape.count - 2] : 1
        let cols = shape.last ?? 1
        let padR = shape.count >= 2 ? max(0, tensor.padding.first ?? 0) : 0
        let padC = max(0, tensor.padding.count > 1 ? tensor.padding[1] : 0)
        let gridRows = rows + 2 * padR, gridCols = cols + 2 * padC

        let (leadings, forcedPerRow) = Self.sliceIndices(shape)
        let labels = leadings.map { names.sliceLabel($0, shape: shape) }
        let labelWidth = labels.compactMap { $0 }.map { measurer.width($0, Self.sliceLabelFont) }.max() ?? 0
        let labelHeight = labels.contains { $0 != nil } ? measurer.lineHeight(Self.sliceLabelFont) + 2 : 0

        func slotWidth(_ cell: Size) -> Double { max(Double(gridCols) * cell.width, labelWidth) }
        func perRow(_ cell: Size) -> Int {
            if let forcedPerRow { return forcedPerRow }
            let fit = Int((maxWidth + Self.sliceGap.width) / (slotWidth(cell) + Self.sliceGap.width))
            return max(1, min(leadings.count, fit))
        }
        func rowWidth(_ cell: Size) -> Double {
            let n = Double(perRow(cell))
            return n * slotWidth(cell) + (n - 1) * Self.sliceGap.width
        }

        var cell = naturalCell
        var numberFont = font
        var shows = true
        if rowWidth(cell) > maxWidth {
            let n = Double(perRow(cell))
            let available = (maxWidth - (n - 1) * Self.sliceGap.width) / n
            let k = min(1, available / (Double(gridCols) * naturalCell.width))
            numberFont = Font(size: font.size * k, bold: font.bold, family: font.family)
            if numberFont.size >= Self.minNumberSize {
                cell = Size(naturalCell.width * k, naturalCell.height * k)
            } else {
                shows = false
                let side = min(12, (available / Double(gridCols) * 2).rounded(.down) / 2)
                cell = Size(max(2, side), max(2, side))
            }
        }
        self.cell = cell
        self.numberFont = numberFont
        self.showsNumbers = shows

        let titleHeight = measurer.lineHeight(Self.titleFont)
        let subtitleHeight = measurer.lineHeight(Self.subtitleFont)
        let top = titleHeight + subtitleHeight + 6
        let n = perRow(cell)
        let slotW = slotWidth(cell)
        let slotH = labelHeight + Double(gridRows) * cell.height
        var slices: [Slice] = []
        for (i, lead) in leadings.enumerated() {
            let x = Double(i % n) * (slotW + Self.sliceGap.width)
            let y = top + Double(i / n) * (slotH + Self.sliceGap.height)
            slices.append(Slice(leading: lead, label: labels[i], labelOrigin: Point(x, y),
                                grid: Rect(x: x, y: y + labelHeight, width: Double(gridCols) * cell.width,
                                           height: Double(gridRows) * cell.height)))
        }
        self.slices = slices
        self.titleOrigin = Point(0, 0)
        let textWidth = max(measurer.width(title, Self.titleFont), measurer.width(subtitle, Self.subtitleFont))
        let gridsBottom = slices.map(\.grid.maxY).max() ?? top
        let gridsRight = slices.map { max($0.grid.maxX, $0.labelOrigin.x + labelWidth) }.max() ?? 0
        let barLabels = measurer.lineHeight(Self.sliceLabelFont)
        colorBar = shows ? nil : Rect(x: 0, y: gridsBottom + 8, width: min(160, max(80, gridsRight)), height: 10)
        frame = Rect(x: 0, y: 0, width: max(textWidth, gridsRight), height: colorBar.map { $0.maxY + 2 + barLabels } ?? gridsBottom)
    }

    /// The leading indices of every slice, and a forced number of slices per row (kernels: one row per filter).
    private static func sliceIndices(_ shape: [Int]) -> ([[Int]], Int?) {
        switch shape.count {
        case 0, 1, 2: return ([[]], 1)
        case 4: return ((0..<shape[0]).flatMap { f in (0..<shape[1]).map { [f, $0] } }, shape[1])
        default:
            var lead: [[Int]] = [[]]
            for extent in shape.dropLast(2) { lead = lead.flatMap { p in (0..<extent).map { p + [$0] } } }
            return (lead, nil)
        }
    }
}
