import Lessons

/// The geometry shared by every frame of one worked example, so frames line up when a
/// reader steps through them: the panels of the tensors, the arrow before the written
/// tensor, and the room kept for the arithmetic, the partial sums and the legend.
public struct FrameLayout: Sendable {
    /// The picture's size in points.
    public let size: Size
    /// One panel per tensor, in the trace's order.
    public let panels: [TensorGridLayout]
    /// Where "conv2d · step 2 of 4" goes.
    public let headerOrigin: Point
    /// Centres of the arrows drawn before the tensors that steps write into.
    public let arrows: [Point]
    /// The rectangle for the arithmetic and the partial sums (or the formulas).
    public let textBox: Rect
    /// The rectangle of the legend row.
    public let legendBox: Rect
    /// The marks that occur in the trace, in legend order.
    public let legendMarks: [CellMark]
    /// The words of the frames.
    public let labels: FrameLabels
    /// Whether a step's frame shows its header ("conv2d · step 2 of 4") and arithmetic. A
    /// player's frames do not: its caption line says both once, in text.
    public let captioned: Bool

    /// The panel of the tensor called `name`.
    public func panel(_ name: String) -> TensorGridLayout? { panels.first { $0.tensor.name == name } }

    /// The rectangle of one cell, in points, or nil when the reference names no drawn cell.
    public func cellRect(_ ref: CellRef) -> Rect? { panel(ref.tensor)?.cellRect(ref.index) }

    static let margin = 16.0
    static let maxContentWidth = 960.0
    /// The widest a tensor's grids may be before they shrink (and, when dense, turn to colours).
    static let maxPanelWidth = 440.0
    static let panelGap = 28.0
    static let arrowGap = 48.0
    static let rowGap = 24.0
    static let numberFont = Font(size: 13)
    static let headerFont = Font.caption
    static let arithmeticFont = Font(size: 14)
    static let detailFont = Font(size: 12)
    static let legendFont = Font.caption

    /// Lays out `trace`; the text box is tall enough for every step's text and the formulas
    /// (without `captioned`, for the partial sums only).
    init(trace: Trace, labels: FrameLabels, measurer: TextMeasurer, captioned: Bool = true) {
        self.labels = labels
        self.captioned = captioned
        let written = Set(trace.steps.flatMap { $0.writes.map(\.tensor) })
        let m = Self.margin
        let headerHeight = captioned ? measurer.lineHeight(Self.headerFont) + 6 : 0
        var panels: [TensorGridLayout] = []
        var arrows: [Point] = []
        var x = m, y = m + headerHeight, rowBottom = y, rowRight = m
        var arrowPlaced = false
        for (i, tensor) in trace.tensors.enumerated() {
            let widest = (tensor.values + [0]).map { measurer.width(NumberFormat.compact($0), Self.numberFont) }.max() ?? 0
            let natural = Size(max(32, (widest + 12).rounded(.up)), 32)
            var panel = TensorGridLayout(tensor: tensor, naturalCell: natural, font: Self.numberFont,
                                         maxWidth: Self.maxPanelWidth, labels: labels, measurer: measurer)
            let wantsArrow = !arrowPlaced && i > 0 && written.contains(tensor.name)
            let gap = i == 0 ? 0 : (wantsArrow ? Self.arrowGap : Self.panelGap)
            if x > m, x + gap + panel.frame.width > m + Self.maxContentWidth {
                x = m
                y = rowBottom + Self.rowGap
            } else {
                x += gap
            }
            panel.move(x, y)
            if wantsArrow {
                arrowPlaced = true
                let gridMid = panel.slices.first.map(\.grid.midY) ?? panel.frame.midY
                if x > m { arrows.append(Point(x - Self.arrowGap / 2, gridMid)) }
            }
            panels.append(panel)
            x = panel.frame.maxX
            rowRight = max(rowRight, x)
            rowBottom = max(rowBottom, panel.frame.maxY)
        }
        let longestLine = captioned ? trace.steps.map { measurer.width($0.arithmetic, Self.arithmeticFont) }.max() ?? 0 : 0
        let contentWidth = max(rowRight - m, min(Self.maxContentWidth, longestLine.rounded(.up)), 360)
        var textHeight = 0.0
        for step in trace.steps {
            var h = captioned ? measurer.size(step.arithmetic, Self.arithmeticFont, wrapWidth: contentWidth).height : 0
            if !step.partialSums.isEmpty {
                h += (captioned ? 4 : 0) + measurer.size(labels.partialSumsLine(step), Self.detailFont, wrapWidth: contentWidth).height
            }
            textHeight = max(textHeight, h)
        }
        if captioned {
            let formulasHeight = trace.formulas.map { measurer.size($0, Self.detailFont, wrapWidth: contentWidth).height + 2 }
                .reduce(0, +)
            textHeight = max(textHeight, formulasHeight)
        }
        let textBox = Rect(x: m, y: rowBottom + (textHeight > 0 ? 18 : 0), width: contentWidth, height: textHeight)

        let used = Set(trace.steps.flatMap { step -> [CellMark] in
            (step.reads.isEmpty ? [] : [.read]) + (step.weights.isEmpty ? [] : [.weight])
                + (step.writes.isEmpty ? [] : [.write]) + (step.emphasis.isEmpty ? [] : [.emphasis])
        })
        legendMarks = CellMark.allCases.filter { used.contains($0) }
        let legendHeight = legendMarks.isEmpty ? 0 : measurer.lineHeight(Self.legendFont) + 4
        legendBox = Rect(x: m, y: textBox.maxY + (legendMarks.isEmpty ? 0 : 12), width: contentWidth, height: legendHeight)

        let legendWidth = legendMarks.map { 26 + measurer.width(labels.legend($0, op: trace.op), Self.legendFont) + 18 }
            .reduce(0, +)
        let headerWidth = captioned ? measurer.width(labels.header(trace: trace, step: trace.steps.count - 1), Self.headerFont) : 0
        let width = m + max(contentWidth, legendWidth, headerWidth) + m
        size = Size(width.rounded(.up), (legendBox.maxY + m).rounded(.up))
        headerOrigin = Point(m, m)
        self.panels = panels
        self.arrows = arrows
        self.textBox = textBox
    }
}
