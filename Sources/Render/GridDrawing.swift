import Lessons

/// The ways a cell can be marked in a worked-example frame. Each mark has a colour and an
/// outline, so it never relies on colour alone.
public enum CellMark: Int, CaseIterable, Sendable, Comparable {
    /// Read by the step: the window on the input.
    case read
    /// The kernel weight paired with a read cell.
    case weight
    /// Written by the step.
    case write
    /// Stressed: the max of a pooling window, the winner of an argmax.
    case emphasis

    public static func < (a: CellMark, b: CellMark) -> Bool { a.rawValue < b.rawValue }

    /// The outline colour (the tint is a paler version of it).
    public var color: Color {
        switch self {
        case .read: Palette.orange
        case .weight: Palette.blue
        case .write: Palette.vermillion
        case .emphasis: .ink
        }
    }

    /// The cell background for a marked cell with a number in it.
    public var fill: Color {
        switch self {
        case .read: Color(hex: 0xFBE3B0)
        case .weight: Color(hex: 0xCFE6F5)
        case .write: Color(hex: 0xF7D2BC)
        case .emphasis: Color(hex: 0xFBE3B0)
        }
    }
}

/// What to show in one grid for one frame.
struct GridMarks {
    /// Marks per cell index.
    var marks: [[Int]: Set<CellMark>] = [:]
    /// Output cells not written yet: drawn empty.
    var pending: Set<[Int]> = []
    /// Values shown instead of the tensor's final ones: sums still being added up.
    var running: [[Int]: Float] = [:]

    mutating func add(_ mark: CellMark, _ index: [Int]) { marks[index, default: []].insert(mark) }
}

extension Canvas {
    /// Draws a tensor panel: title, subtitle, slice labels, cells with numbers (or colours
    /// when dense), padding hatched, then the outlines of marked cells on top.
    func drawGrid(_ layout: TensorGridLayout, marks: GridMarks) {
        let title = text(layout.title, at: layout.titleOrigin, font: TensorGridLayout.titleFont)
        text(layout.subtitle, at: Point(title.minX, title.maxY),
             font: TensorGridLayout.subtitleFont, color: .muted)
        let values = layout.tensor.values
        let signed = (values.min() ?? 0) < 0 && (values.max() ?? 0) > 0
        let map: ColorMap = signed ? .diverging : .viridis
        let scale = ValueScale(fitting: values, symmetric: signed)
        if let bar = layout.colorBar {
            pixels((0..<64).map { map.color(at: Double($0) / 63) }, width: 64, height: 1, in: bar)
            stroke(bar, .muted, width: 0.75)
            let font = TensorGridLayout.sliceLabelFont
            text(NumberFormat.compact(scale.low, digits: 3), at: Point(bar.minX, bar.maxY + 2), font: font, color: .muted)
            text(NumberFormat.compact(scale.high, digits: 3), at: Point(bar.maxX, bar.maxY + 2), font: font, color: .muted, h: .right)
        }
        for slice in layout.slices {
            if let label = slice.label {
                text(label, at: slice.labelOrigin, font: TensorGridLayout.sliceLabelFont, color: .muted)
            }
            let indices = layout.indices(of: slice)
            for index in indices {
                guard let rect = layout.cellRect(index) else { continue }
                drawCell(layout, index: index, rect: rect, marks: marks, map: map, scale: scale)
            }
            gridLines(slice.grid, rows: layout.rows + 2 * layout.padRows, cols: layout.cols + 2 * layout.padCols, .rule)
            stroke(slice.grid, .muted, width: 1)
            for mark in [CellMark.read, .weight, .write] {
                let set = Set(indices.filter { marks.marks[$0]?.contains(mark) == true })
                // On colour-mapped cells a white halo keeps the outline visible on any colour.
                if !layout.showsNumbers { outline(set, in: layout, color: .white, width: outlineWidth(layout) + 2.5) }
                outline(set, in: layout, color: mark.color, width: outlineWidth(layout))
            }
            for index in indices where marks.marks[index]?.contains(.emphasis) == true {
                guard let rect = layout.cellRect(index) else { continue }
                let w = outlineWidth(layout) * 0.8
                stroke(rect.insetBy(outlineWidth(layout) + w / 2), CellMark.emphasis.color, width: w)
            }
        }
    }

    private func outlineWidth(_ layout: TensorGridLayout) -> Double {
        layout.showsNumbers ? 3 : max(1.5, min(3, layout.cell.width * 0.2))
    }

    private func drawCell(_ layout: TensorGridLayout, index: [Int], rect: Rect, marks: GridMarks,
                          map: ColorMap, scale: ValueScale) {
        let isPad = layout.tensor.isPadding(index)
        let pending = marks.pending.contains(index)
        let cellMarks = marks.marks[index] ?? []
        let value = marks.running[index] ?? layout.tensor.value(at: index)
        if pending {
            fill(rect, .white)
        } else if isPad {
            fill(rect, .padding)
            hatch(rect, Color(hex: 0xC4C4C4), spacing: max(3, rect.width / 6))
            if let first = cellMarks.min(), layout.showsNumbers { fill(rect, first.fill.mixed(with: .padding, 0.3).withAlpha(0.75)) }
        } else if !layout.showsNumbers {
            fill(rect, map.color(at: scale.normalized(value)))
        } else if let first = cellMarks.min() {
            fill(rect, first.fill)
        } else {
            fill(rect, .white)
        }
        guard layout.showsNumbers, !pending else { return }
        var font = layout.numberFont
        font.bold = cellMarks.contains(.emphasis)
        text(NumberFormat.compact(value), at: rect.center, font: font, color: isPad ? .muted : .ink, h: .center, v: .capCenter)
    }

    /// Strokes the boundary of a set of cells: the edges whose neighbour is not in the set.
    private func outline(_ set: Set<[Int]>, in layout: TensorGridLayout, color: Color, width: Double) {
        let half = width / 2
        for index in set {
            guard let r = layout.cellRect(index) else { continue }
            func neighbour(_ axisFromEnd: Int, _ d: Int) -> Bool {
                var n = index
                let axis = index.count - 1 - axisFromEnd
                guard axis >= 0 else { return false }
                n[axis] += d
                return set.contains(n)
            }
            let up = index.count >= 2 ? neighbour(1, -1) : false
            let down = index.count >= 2 ? neighbour(1, 1) : false
            let left = neighbour(0, -1)
            let right = neighbour(0, 1)
            if !up { line(Point(r.minX - half, r.minY), Point(r.maxX + half, r.minY), color, width: width) }
            if !down { line(Point(r.minX - half, r.maxY), Point(r.maxX + half, r.maxY), color, width: width) }
            if !left { line(Point(r.minX, r.minY - half), Point(r.minX, r.maxY + half), color, width: width) }
            if !right { line(Point(r.maxX, r.minY - half), Point(r.maxX, r.maxY + half), color, width: width) }
        }
    }
}

extension Color {
    /// The same colour with alpha `a`.
    public func withAlpha(_ a: Double) -> Color { Color(r: r, g: g, b: b, a: a) }
}
