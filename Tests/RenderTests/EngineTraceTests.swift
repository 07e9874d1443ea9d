import Lessons
import XCTest
@testable import Render

/// Frames from traces the Lessons engine produces (not hand-built), one per op family.
final class EngineTraceTests: XCTestCase {
    static let examples = [
        "id: e-conv\nop: conv2d\ninput: [[1,2,3],[2,1,0],[3,0,1]]\nkernel: [[1,0],[1,0]]\nbias: 5",
        "id: e-stride\nop: conv2d\ninput: [[1,2,3,0,1],[0,1,2,3,0],[3,0,1,2,1],[2,3,0,1,0],[1,2,3,0,1]]\nkernel: [[1,0,-1],[1,0,-1],[1,0,-1]]\nstride: 2",
        "id: e-pad\nop: conv2d\ninput: [[1,2,3],[2,1,0],[3,0,1]]\nkernel: [[1,0],[1,0]]\npadding: 1",
        "id: e-multi\nop: conv2d\ninput: [[[1,0,2],[0,1,0],[2,1,0]],[[0,1,1],[1,0,2],[0,0,1]],[[2,0,1],[1,1,0],[0,2,1]]]\nkernel: [[[[1,0],[0,1]],[[0,1],[1,0]],[[1,1],[0,0]]],[[[0,-1],[1,0]],[[1,0],[0,-1]],[[0,0],[1,1]]]]\nbias: [1, -1]",
        "id: e-max\nop: maxpool\ninput: [[1,3,2,0],[4,2,1,5],[0,1,3,2],[2,6,1,1]]",
        "id: e-avg\nop: avgpool\ninput: [[1,3,2,0],[4,2,1,5],[0,1,3,2],[2,6,1,1]]",
        "id: e-softmax\nop: softmax\ninput: [2, 1, 0.1]",
        "id: e-argmax\nop: argmax\naxis: 1\ninput: [[[1,8,4],[0,7,3],[-1,6,2],[-2,5,1]],[[8,4,0],[7,3,-1],[6,2,-2],[5,1,8]],[[4,0,7],[3,-1,6],[2,-2,5],[1,8,4]]]",
        "id: e-im2col\nop: im2col\ninput: [[1,2,0],[0,1,3],[2,1,0]]\nsize: 2",
        "id: e-back\nop: conv2d-backward\ninput: [[1,2,3],[2,1,0],[3,0,1]]\nkernel: [[1,0],[-1,2]]\ngrad: [[1,-2],[0.5,3]]",
        "id: e-relu\nop: relu\ninput: [[-1, 2], [0.5, -3]]",
        "id: e-linear\nop: linear\ninput: [1, 2, 3]\nweight: [[1, 0, -1], [2, 1, 0]]\nbias: [0.5, -1]",
        "id: e-lrn\nop: lrn\ninput: [[[1, 2], [3, 4]], [[0, 1], [1, 0]], [[2, 2], [1, 1]]]\nsize: 3",
        "id: e-maxback\nop: maxpool-backward\ninput: [[1,3,2,0],[4,2,1,5],[0,1,3,2],[2,6,1,1]]\ngrad: [[1, 2], [3, 4]]",
        "id: e-outsize\nop: output-size\ninput: 28\nkernel: 5\npadding: 2\nstride: 1",
        "id: e-sig\nop: sigmoid\ninput: [-2, 0, 2]",
        "id: e-big\nop: conv2d\nkernel: [[1, 0], [0, -1]]\ninput: ["
            + (0..<14).map { i in "[" + (0..<14).map { j in "\(Double((i * 5 + j * 3) % 9) / 4)" }.joined(separator: ",") + "]" }
            .joined(separator: ",") + "]",
    ]

    func testEngineTracesRenderFramesAndOverview() throws {
        for source in Self.examples {
            let result = try ExampleRunner.run(ExampleBlock(source: source, file: "engine-test", line: 1))
            let trace = result.trace
            // Long examples: the first steps and the last are enough to look at.
            let picked = trace.steps.count <= 20 ? Array(trace.steps.indices) : [0, 1, 2, trace.steps.count - 1]
            let frames = try FrameRenderer.frames(for: trace, steps: picked)
            XCTAssertTrue(frames.allSatisfy { $0.width == frames[0].width && $0.height == frames[0].height }, result.id)
            let layout = try FrameRenderer.layout(for: trace)
            let bounds = Rect(x: 0, y: 0, width: layout.size.width, height: layout.size.height)
            XCTAssertTrue(layout.panels.allSatisfy { bounds.contains($0.frame) }, result.id)
            for (k, f) in zip(picked, frames) where k < 3 || k == trace.steps.count - 1 {
                try RenderSamples.save(f, "\(result.id)-step\(k + 1)")
            }
            try RenderSamples.save(try FrameRenderer.overview(for: trace), "\(result.id)-overview")
        }
    }
}
