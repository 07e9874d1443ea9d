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
