import XCTest
@testable import Lessons

/// The lesson ops of batch normalisation and the residual/inception joins: values a reader can
/// check by hand, the step records, and errors at the offending line.
final class BlockOpTests: XCTestCase {
    func run(_ yaml: String) throws -> ExampleResult {
        try ExampleRunner.run(ExampleBlock(source: yaml, file: "t.md", line: 1))
    }

    func testBatchNormStepsRecordMeanVarianceThenEachElement() throws {
        let r = try run("id: a\nop: batchnorm\ninput: [[[1, 3]], [[2, 4]]]\nepsilon: 0")
        let steps = r.trace.steps
        // Per channel: μ, σ², then its 2 elements.
        XCTAssertEqual(steps.count, 8)
        XCTAssertEqual(steps[0].result, 2)
        XCTAssertEqual(steps[0].arithmetic, "μ[0] = (1 + 3) / 2 = 2")
        XCTAssertEqual(steps[1].result, 1)
        XCTAssertEqual(steps[2].result, -1)
        XCTAssertEqual(steps[2].writes, [CellRef("output", [0, 0, 0])])
        XCTAssertEqual(r.outputs.first { $0.name == "mean" }?.tensor.data, [2, 3])
    }

    func testEvaluationModeHasNoStatisticSteps() throws {
        let r = try run("id: a\nop: batchnorm\ninput: [[[4, 6]]]\nrunning-mean: 5\nrunning-variance: 4\nepsilon: 0\ngamma: 3\nbeta: 1")
        XCTAssertEqual(r.trace.steps.count, 2)
        XCTAssertEqual(r.outputs.first { $0.name == "result" }?.tensor.data, [-0.5, 2.5])
    }

    func testResidualConcatGlobalPoolValues() throws {
        let add = try run("id: a\nop: residual-add\ninput: [1, -5]\nresidual: [2, 3]\nactivation: relu")
        XCTAssertEqual(add.outputs[0].tensor.data, [3, 0])
        XCTAssertEqual(add.trace.steps[1].arithmetic, "3 + (−5) = −2, relu(−2) = 0")
        let cat = try run("id: a\nop: concat\nbranches:\n  - [[1, 2]]\n  - [[[3, 4]], [[5, 6]]]")
        XCTAssertEqual(cat.outputs[0].tensor.shape, [3, 1, 2])
        XCTAssertEqual(cat.outputs[0].tensor.data, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(cat.trace.steps.count, 3)
        let gap = try run("id: a\nop: global-avgpool\ninput: [[[1, 2], [3, 6]]]")
        XCTAssertEqual(gap.outputs[0].tensor.data, [3])
        XCTAssertEqual(gap.trace.steps[0].arithmetic, "(1 + 2 + 3 + 6) / 4 = 3")
    }

    func testErrorsNameTheLineAndWhatWasExpected() {
        let cases: [(String, String)] = [
            ("id: a\nop: batchnorm\ninput: [[[1, 2]], [[3, 4]]]\ngamma: [1, 2, 3]",
             "t.md:4:8: a: batchnorm: gamma needs one number per channel (2), found shape 3"),
            ("id: a\nop: batchnorm\ninput: [[[1, 2]]]\nrunning-mean: 1",
             "t.md:4:15: a: batchnorm: give both running-mean and running-variance (evaluation), or neither (training)"),
            ("id: a\nop: batchnorm\ninput: [[[2, 2]]]\nepsilon: 0",
             "t.md:3:8: a: batchnorm: channel 0 is constant (variance 0) and epsilon is 0: the division is undefined; use epsilon > 0"),
            ("id: a\nop: residual-add\ninput: [1, 2]\nresidual: [1, 2, 3]",
             "t.md:4:11: a: residual-add: F(x) 3 and x 2 must have the same shape; project x with a 1x1 convolution first"),
            ("id: a\nop: concat\nbranches:\n  - [[1, 2]]\n  - [[1, 2, 3]]",
             "t.md:5:5: a: concat: this branch is 1x3 but the first is 1x2; every branch must keep the same height and width"),
            ("id: a\nop: concat\nbranches: [1, 2]", "t.md:3:12: a: concat: each branch is HxW or CxHxW, found shape scalar"),
        ]
        for (yaml, expected) in cases {
            do {
                _ = try run(yaml)
                XCTFail("no error for \(yaml)")
            } catch {
                XCTAssertEqual("\(error)", expected)
            }
        }
    }
}
