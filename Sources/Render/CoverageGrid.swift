import Foundation
import Words

/// A small picture of an input grid that marks the cells no window of a convolution ever
/// reads: the rows and columns dropped by the floor of the output-size formula, or skipped
/// between the taps of a dilated kernel. The zero padding is drawn hatched around it.
///
/// The caller says which rows and columns are read; the picture only draws them.
public struct CoverageGrid: Sendable, DrawnFigure {
    public var rows: Int
    public var columns: Int
    /// Zero padding around the grid, `(rows, columns)`.
    public var padding: (Int, Int)
    /// Rows (0..<rows) that some window reads.
    public var readRows: Set<Int>
    /// Columns (0..<columns) that some window reads.
    public var readColumns: Set<Int>
    /// A line above the grid, e.g. `I = 7, F = 3, P = 0, S = 2`.
    public var title: String
    /// The legend and alt text's words (English unless set).
    public var labels: CoverageLabels = .init(.en)

    public init(rows: Int, columns: Int, padding: (Int, Int), readRows: Set<Int>, readColumns: Set<Int>, title: String) {
        self.rows = rows
        self.columns = columns
        self.padding = padding
        self.readRows = readRows
        self.readColumns = readColumns
        self.title = title
    }

    static let cell = 16.0
    static let margin = 10.0
    static let unreadFill = Color(hex: 0xF7D2BC)

    /// Whether cell (r, c) of the input is read by some window.
    public func isRead(_ r: Int, _ c: Int) -> Bool { readRows.contains(r) && readColumns.contains(c) }

    /// The picture, with an alt text that names the unread rows and columns.
    public func drawing() -> Drawing {
        let measurer = TextMeasurer()
        let (pr, pc) = (max(0, padding.0), max(0, padding.1))
        let gridW = Double(columns + 2 * pc) * Self.cell, gridH = Double(rows + 2 * pr) * Self.cell
        let titleH = measurer.lineHeight(Font.caption) + 4
        let legend = labels.neverRead
        let legendW = 16 + 6 + measurer.width(legend, Font.caption)
        let width = Self.margin * 2 + max(gridW, measurer.width(title, Font.caption), legendW)
        let legendY = Self.margin + titleH + gridH + 8
        let height = legendY + measurer.lineHeight(Font.caption) + Self.margin
        let size = Size(width.rounded(.up), height.rounded(.up))
        return Drawing(size: size, alt: alt) { canvas in
            canvas.fill(Rect(x: 0, y: 0, width: size.width, height: size.height), .white)
            canvas.text(title, at: Point(Self.margin, Self.margin), font: .caption, color: .muted)
            let top = Self.margin + titleH
            for r in -pr..<(rows + pr) {
                for c in -pc..<(columns + pc) {
                    let rect = Rect(x: Self.margin + Double(c + pc) * Self.cell, y: top + Double(r + pr) * Self.cell,
                                    width: Self.cell, height: Self.cell)
                    if r < 0 || r >= rows || c < 0 || c >= columns {
                        canvas.fill(rect, .padding)
                        canvas.hatch(rect, Color(hex: 0xC4C4C4), spacing: 4)
                    } else if isRead(r, c) {
                        canvas.fill(rect, .white)
                    } else {
                        canvas.fill(rect, Self.unreadFill)
                        canvas.hatch(rect, Palette.vermillion, spacing: 4, width: 0.8)
                    }
                    canvas.stroke(rect, .rule, width: 0.5)
                }
            }
            canvas.stroke(Rect(x: Self.margin + Double(pc) * Self.cell, y: top + Double(pr) * Self.cell,
                               width: Double(columns) * Self.cell, height: Double(rows) * Self.cell), .ink, width: 1)
            let swatch = Rect(x: Self.margin, y: legendY, width: 16, height: 12)
            canvas.fill(swatch, Self.unreadFill)
            canvas.hatch(swatch, Palette.vermillion, spacing: 4, width: 0.8)
            canvas.stroke(swatch, .rule, width: 0.5)
            canvas.text(legend, at: Point(swatch.maxX + 6, swatch.midY), font: .caption, color: .muted, v: .capCenter)
        }
    }

    var alt: String {
        let unreadRows = (0..<rows).filter { !readRows.contains($0) }, unreadCols = (0..<columns).filter { !readColumns.contains($0) }
        func list(_ xs: [Int]) -> String { xs.map(String.init).joined(separator: ", ") }
        let fill = FrameLabels.fill
        var parts = [fill(labels.input, ["title": title, "rows": "\(rows)", "columns": "\(columns)"])]
        if padding.0 > 0 || padding.1 > 0 {
            parts[0] += fill(labels.padded, ["p": padding.0 == padding.1 ? "\(padding.0)" : "\(padding.0), \(padding.1)"])
        }
        func never(_ one: String, _ many: String, _ xs: [Int]) -> String {
            xs.count == 1 ? fill(one, ["i": "\(xs[0])"]) : fill(many, ["list": list(xs)])
        }
        if !unreadRows.isEmpty { parts.append(never(labels.rowNeverRead, labels.rowsNeverRead, unreadRows)) }
        if !unreadCols.isEmpty { parts.append(never(labels.columnNeverRead, labels.columnsNeverRead, unreadCols)) }
        if unreadRows.isEmpty && unreadCols.isEmpty { parts.append(labels.everyCellRead) }
        return parts.joined(separator: "; ") + labels.shaded
    }
}
