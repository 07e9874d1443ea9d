import XCTest
@testable import Lessons

/// `op: learn-kernel`: gradient descent on one kernel through the training kernels and optimiser.
final class LearnKernelTests: XCTestCase {
    static let input = "[[0,0,1,0,1,1],[1,0,0,0,1,0],[1,0,0,0,0,1],[0,1,0,0,0,0],[1,0,0,1,1,1],[0,1,0,1,0,0]]"
    static let target = "[[1,0,-1,-2],[2,1,-1,-1],[2,0,-1,-1],[1,0,-1,1]]"

    func run(_ extra: String, kernel: String = "[[0,0,0],[0,0,0],[0,0,0]]", target: String = target) throws -> ExampleResult {
        try ExampleRunner.run(ExampleBlock(source: "id: t\nop: learn-kernel\ninput: \(Self.input)\ntarget: \(target)\nkernel: \(kernel)\n\(extra)",
                                           file: "t.md", line: 1, lang: "en"))
    }

    func testFirstStepIsTheHandWorkedOne() throws {
        let r = try run("learning_rate: 0.5\niterations: 1")
        // L = 22/16 for the zero kernel; dW = [[-0.375,0.25,0.5],[-0.625,0,0.25],[-0.5,0,0.5]]; W = -0.5·dW.
        XCTAssertEqual(r.output("loss")?.data, [1.375])
        XCTAssertEqual(r.result.data, [0.1875, -0.125, -0.25, 0.3125, 0, -0.125, 0.25, 0, -0.25])
        let step = try XCTUnwrap(r.trace.steps.first)
        XCTAssertEqual(step.writes.count, 18, "nine kernel cells and nine gradient cells")
        XCTAssertEqual(Array(step.runningValues[9...]), [-0.375, 0.25, 0.5, -0.625, 0, 0.25, -0.5, 0, 0.5])
        XCTAssertEqual(step.arithmetic, "iteration 1: loss 1.375; kernel ← kernel − 0.5·dW = [[0.1875, −0.125, −0.25], [0.3125, 0, −0.125], [0.25, 0, −0.25]]")
    }

    func testThirtyStepsRecoverTheEdgeDetector() throws {
        let r = try run("learning_rate: 0.5\niterations: 30")
        XCTAssertEqual(r.trace.steps.count, 30)
        let edge: [Float] = [1, 0, -1, 1, 0, -1, 1, 0, -1]
        XCTAssertLessThan(zip(r.result.data, edge).map { abs($0 - $1) }.max()!, 0.015)
        let losses = try XCTUnwrap(r.output("losses")?.data)
        XCTAssertTrue(zip(losses, losses.dropFirst()).allSatisfy { $0 > $1 }, "the loss falls at every step: \(losses)")
        // Adam, the demos' optimiser, gets there too.
        let adam = try run("learning_rate: 0.1\niterations: 60\noptimizer: adam")
        XCTAssertLessThan(adam.output("loss")!.data[0], 0.05)
    }

    func testBadSettingsNameTheirField() {
        let cases: [(String, String, String)] = [
            ("iterations: 0", "[[0,0,0],[0,0,0],[0,0,0]]", "iterations: expected 1 to 100, found 0"),
            ("learning_rate: -1", "[[0,0,0],[0,0,0],[0,0,0]]", "learning_rate: expected a number above 0 and at most 10, found −1"),
            ("optimizer: newton", "[[0,0,0],[0,0,0],[0,0,0]]", "optimizer: expected one of sgd, momentum, adam, found \"newton\""),
            ("iterations: 2", "[[0,0],[0,0]]", "target: expected the shape of the output, 5x5, found 4x4"),
            ("iterations: 2", "[[0,0,0,0,0,0,0]]", "kernel 1x7 does not fit input 6x6"),
        ]
        for (extra, kernel, message) in cases {
            XCTAssertThrowsError(try run(extra, kernel: kernel)) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error)")
            }
        }
        XCTAssertThrowsError(try run("learning_rate: 10\niterations: 100")) { error in
            XCTAssertTrue("\(error)".contains("diverges"), "\(error)")
        }
    }
}
