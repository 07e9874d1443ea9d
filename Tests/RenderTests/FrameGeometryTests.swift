import Lessons
import XCTest
@testable import Render

/// Reads pixels at cell positions computed from the layout, to check that the highlights
/// land on the cells the trace names.
final class FrameGeometryTests: XCTestCase {
    /// A point inside the cell clear of the number and the outline.
    func tintSample(_ r: Rect, _ scale: Double = 2) -> (Int, Int) {
        (Int(((r.minX + 8) * scale).rounded()), Int(((r.minY + 8) * scale).rounded()))
    }

    func assertColor(_ c: Color, _ expected: Color, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let d = max(abs(c.r - expected.r), abs(c.g - expected.g), abs(c.b - expected.b))
        XCTAssertLessThan(d, 0.03, "\(what): got \(c), want \(expected)", file: file, line: line)
    }

    /// Whether any pixel inside the cell's middle is dark (a number is drawn there).
    func hasInk(_ canvas: Canvas, _ r: Rect) -> Bool {
        let inner = r.insetBy(r.width * 0.25)
        for y in Int(inner.minY * 2)..<Int(inner.maxY * 2) {
            for x in Int(inner.minX * 2)..<Int(inner.maxX * 2) where canvas.pixel(x: x, y: y).luminance < 0.2 { return true }
        }
        return false
    }

    func testConvStep2HighlightsTheSecondWindow() throws {
        let trace = TraceFixtures.conv3x3
        let layout = try FrameRenderer.layout(for: trace)
        let canvas = try FrameRenderer.drawing(for: trace, step: 1).canvas()
        for index in [[0, 1], [0, 2], [1, 1], [1, 2]] {
            let (x, y) = tintSample(layout.cellRect(CellRef("input", index))!)
            assertColor(canvas.pixel(x: x, y: y), CellMark.read.fill, "input \(index)")
        }
        for index in [[0, 0], [1, 0], [2, 0], [2, 1], [2, 2]] {
            let (x, y) = tintSample(layout.cellRect(CellRef("input", index))!)
            assertColor(canvas.pixel(x: x, y: y), .white, "input \(index)")
        }
        for index in [[0, 0], [0, 1], [1, 0], [1, 1]] {
            let (x, y) = tintSample(layout.cellRect(CellRef("kernel", index))!)
            assertColor(canvas.pixel(x: x, y: y), CellMark.weight.fill, "kernel \(index)")
        }
        let (bx, by) = tintSample(layout.cellRect(CellRef("bias", [0]))!)
        assertColor(canvas.pixel(x: bx, y: by), CellMark.weight.fill, "the bias added in this step")
        let written = layout.cellRect(CellRef("output", [0, 1]))!
        let (wx, wy) = tintSample(written)
        assertColor(canvas.pixel(x: wx, y: wy), CellMark.write.fill, "output (0, 1)")
        let right = canvas.pixel(x: Int(written.maxX * 2), y: wy)
        assertColor(right, CellMark.write.color, "outline on the right edge of output (0, 1)")
        XCTAssertTrue(hasInk(canvas, layout.cellRect(CellRef("output", [0, 0]))!), "step 1's output is filled in")
        XCTAssertTrue(hasInk(canvas, written), "this step's output is filled in")
        XCTAssertFalse(hasInk(canvas, layout.cellRect(CellRef("output", [1, 0]))!), "step 3's output is still empty")
        XCTAssertFalse(hasInk(canvas, layout.cellRect(CellRef("output", [1, 1]))!), "step 4's output is still empty")
    }

    func testPaddingRingIsGreyAndReadable() throws {
        let trace = TraceFixtures.padding1
        let layout = try FrameRenderer.layout(for: trace)
        let panel = layout.panel("input")!
        XCTAssertEqual(panel.padRows, 1)
        XCTAssertEqual(panel.slices[0].grid.width, 5 * panel.cell.width, accuracy: 1e-9)
        let canvas = try FrameRenderer.drawing(for: trace, step: 5).canvas()
        let corner = layout.cellRect(CellRef("input", [3, 3]))!
        let p = canvas.pixel(x: Int((corner.midX + corner.width * 0.3) * 2), y: Int((corner.minY + 4) * 2))
        XCTAssertLessThan(p.luminance, 0.9, "padding cell is shaded, got \(p)")
        XCTAssertTrue(hasInk(canvas, corner), "padding cell shows its 0")
        let real = layout.cellRect(CellRef("input", [2, 2]))!
        let (x, y) = tintSample(real)
        assertColor(canvas.pixel(x: x, y: y), .white, "real cell (2, 2)")
    }

    func testMaxPoolEmphasisHasAnInnerBlackOutline() throws {
        let trace = TraceFixtures.pool(max: true)
        XCTAssertEqual(trace.steps[2].emphasis, [CellRef("input", [3, 1])])
        let layout = try FrameRenderer.layout(for: trace)
        let canvas = try FrameRenderer.drawing(for: trace, step: 2).canvas()
        let r = layout.cellRect(CellRef("input", [3, 1]))!
        let inner = canvas.pixel(x: Int((r.minX + 3 + 1.2) * 2), y: Int(r.midY * 2))
        XCTAssertLessThan(inner.luminance, 0.05, "inner outline of the max, got \(inner)")
        let other = layout.cellRect(CellRef("input", [2, 0]))!
        let plain = canvas.pixel(x: Int((other.minX + 4.2) * 2), y: Int(other.midY * 2))
        assertColor(plain, CellMark.read.fill, "a non-max window cell has no inner outline")
    }

    func testLargeGridsAreDrawnAsColours() throws {
        let trace = TraceFixtures.large
        let layout = try FrameRenderer.layout(for: trace)
        let input = layout.panel("input")!
        XCTAssertFalse(input.showsNumbers)
        XCTAssertTrue(layout.panel("kernel")!.showsNumbers)
        XCTAssertLessThanOrEqual(input.frame.width, 440)
        let canvas = try FrameRenderer.drawing(for: trace, step: 0).canvas()
        let r = layout.cellRect(CellRef("input", [20, 20]))!
        let value = trace.tensor("input")!.value(at: [20, 20])
        let scale = ValueScale(fitting: trace.tensor("input")!.values, symmetric: false)
        assertColor(canvas.pixel(x: Int(r.midX * 2), y: Int(r.midY * 2)), ColorMap.viridis.color(at: scale.normalized(value)),
                    "colour of input (20, 20)")
        let alt = try FrameRenderer.frame(for: trace, step: 0).alt
        XCTAssertTrue(alt.contains("input (32×32) is too large for numbers and is drawn as colours"), alt)
    }

    func testPanelsAndTextDoNotOverlap() throws {
        for trace in [TraceFixtures.conv3x3, TraceFixtures.multiChannel, TraceFixtures.argmax, TraceFixtures.im2col,
                      TraceFixtures.backprop, TraceFixtures.softmax, TraceFixtures.large] {
            let layout = try FrameRenderer.layout(for: trace)
            let bounds = Rect(x: 0, y: 0, width: layout.size.width, height: layout.size.height)
            for (i, a) in layout.panels.enumerated() {
                XCTAssertTrue(bounds.contains(a.frame), "\(trace.exampleID): \(a.tensor.name) inside the picture")
                XCTAssertFalse(a.frame.intersects(layout.textBox), "\(trace.exampleID): \(a.tensor.name) clear of the text")
                for b in layout.panels[(i + 1)...] {
                    XCTAssertFalse(a.frame.intersects(b.frame), "\(trace.exampleID): \(a.tensor.name) and \(b.tensor.name) overlap")
                }
            }
            XCTAssertTrue(bounds.contains(layout.textBox), trace.exampleID)
            XCTAssertTrue(bounds.contains(layout.legendBox), trace.exampleID)
        }
    }

    func testKernelSlicesAreLabelledByFilterAndChannel() throws {
        let layout = try FrameRenderer.layout(for: TraceFixtures.multiChannel)
        XCTAssertEqual(layout.panel("kernel")!.slices.map(\.label), ["filter 0, channel 0", "filter 0, channel 1", "filter 0, channel 2",
                                                                    "filter 1, channel 0", "filter 1, channel 1", "filter 1, channel 2"])
        XCTAssertEqual(layout.panel("input")!.slices.map(\.label), ["channel 0", "channel 1", "channel 2"])
        let k = layout.panel("kernel")!
        XCTAssertEqual(k.slices[3].grid.minY, k.slices[4].grid.minY)
        XCTAssertGreaterThan(k.slices[3].grid.minY, k.slices[0].grid.maxY)
    }
}
