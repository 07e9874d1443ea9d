import Lessons
import XCTest
@testable import Render

final class ConvFrameTests: XCTestCase {
    func testEveryFixtureRendersOneFramePerStepOfEqualSize() throws {
        let traces = [TraceFixtures.conv3x3, TraceFixtures.stride2, TraceFixtures.padding1, TraceFixtures.multiChannel,
                      TraceFixtures.pool(max: true), TraceFixtures.pool(max: false), TraceFixtures.softmax,
                      TraceFixtures.argmax, TraceFixtures.im2col, TraceFixtures.backprop, TraceFixtures.large]
        for trace in traces {
            let frames = try FrameRenderer.frames(for: trace)
            XCTAssertEqual(frames.count, trace.steps.count, trace.exampleID)
            XCTAssertEqual(Set(frames.map(\.width)).count, 1, trace.exampleID)
            XCTAssertEqual(Set(frames.map(\.height)).count, 1, trace.exampleID)
            for (k, f) in frames.enumerated() { try RenderSamples.save(f, "\(trace.exampleID)-step\(k + 1)") }
            try RenderSamples.save(try FrameRenderer.overview(for: trace), "\(trace.exampleID)-overview")
        }
    }
}

/// A player's frames leave out the header and arithmetic that its caption shows, and every
/// picture records its smallest text so a page can keep it legible.
final class FrameCaptionAndTextSizeTests: XCTestCase {
    func testPlayerFramesLeaveOutHeaderAndArithmetic() throws {
        let trace = TraceFixtures.conv3x3
        let captioned = try FrameRenderer.layout(for: trace)
        let bare = try FrameRenderer.layout(for: trace, captioned: false)
        // No header line above the panels and no text box for the arithmetic below them.
        XCTAssertLessThan(bare.panels[0].frame.minY, captioned.panels[0].frame.minY)
        XCTAssertEqual(bare.textBox.height, 0)
        XCTAssertGreaterThan(captioned.textBox.height, 0)
        XCTAssertLessThan(bare.size.height, captioned.size.height)
        let frames = try FrameRenderer.frames(for: trace, captioned: false)
        XCTAssertEqual(frames.count, trace.steps.count)
        // The alt text still says what the step does, numbers included.
        XCTAssertEqual(frames[1].alt, try FrameRenderer.frame(for: trace, step: 1).alt)
    }

    func testPartialSumsStayInABareFrame() throws {
        let trace = TraceFixtures.multiChannel
        XCTAssertFalse(trace.steps[0].partialSums.isEmpty)
        XCTAssertGreaterThan(try FrameRenderer.layout(for: trace, captioned: false).textBox.height, 0)
    }

    func testSmallestTextIsRecordedThroughTheTransform() throws {
        let drawing = Drawing(size: Size(200, 100), alt: "text") { canvas in
            canvas.text("big", at: Point(10, 10), font: Font(size: 14))
            canvas.text("small", at: Point(10, 40), font: Font(size: 9.5))
            canvas.text("  ", at: Point(10, 70), font: Font(size: 4))  // blank: no text to read
        }
        XCTAssertEqual(try drawing.png().smallestText, 9.5)
        // Drawn at 2 pixels per point, the size is still in points (CSS px on the page).
        XCTAssertEqual(try drawing.png(scale: 1).smallestText, 9.5)
        XCTAssertNil(try Drawing(size: Size(10, 10), alt: "none") { _ in }.png().smallestText)
        // A frame's smallest text is its 11-point legend.
        XCTAssertEqual(try FrameRenderer.frame(for: TraceFixtures.conv3x3, step: 0).smallestText, 11)
    }
}
