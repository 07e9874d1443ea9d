import XCTest
@testable import Lessons

/// `op: cross-entropy`: the training kernel's loss and gradient, the step records, PyTorch's
/// values, and its errors at the offending line.
final class CrossEntropyOpTests: XCTestCase {
    func run(_ yaml: String) throws -> ExampleResult {
        try ExampleRunner.run(ExampleBlock(source: yaml, file: "t.md", line: 1))
    }

    func testTenEqualScoresGiveLnTenAndStepsForProbabilitiesLossAndGradient() throws {
        let r = try run("id: a\nop: cross-entropy\ninput: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\ntarget: 3")
        XCTAssertEqual(r.result.data[0], 2.3025851, accuracy: 1e-6)
        XCTAssertEqual(r.output("loss")?.data[0] ?? 0, 2.3025851, accuracy: 1e-6)
        XCTAssertEqual(r.output("probabilities")?.data ?? [], [Float](repeating: 0.1, count: 10))
        let grad = try XCTUnwrap(r.output("grad"))
        XCTAssertEqual(grad.data[3], -0.9, accuracy: 1e-6)
        XCTAssertEqual(grad.data[0], 0.1, accuracy: 1e-6)
        // 10 probabilities, the loss, 10 gradients.
        XCTAssertEqual(r.trace.steps.count, 21)
        XCTAssertEqual(r.trace.steps[0].arithmetic, "p[0] = e^(0 − 0) / Σ = 1 / 10 = 0.1")
        XCTAssertEqual(r.trace.steps[10].arithmetic, "−ln p[3] = −ln 0.1 = 2.3026")
        XCTAssertEqual(r.trace.steps[10].writes, [CellRef("loss", [0])])
        XCTAssertEqual(r.trace.steps[14].arithmetic, "∂L/∂x[3] = 0.1 − 1 = −0.9")
        XCTAssertEqual(r.trace.steps[14].writes, [CellRef("grad", [3])])
    }

    /// PyTorch 1.13: `F.cross_entropy(tensor([[1.,0,2],[2,1,0]]), tensor([2,0]))` = 0.40760595,
    /// its gradient [[0.1224, 0.0450, −0.1674], [−0.1674, 0.1224, 0.0450]] (mean over the batch).
    func testABatchIsTheMeanAndItsGradientIsDividedByN() throws {
        let r = try run("id: a\nop: cross-entropy\ninput: [[1, 0, 2], [2, 1, 0]]\ntarget: [2, 0]")
        XCTAssertEqual(r.result.data[0], 0.40760595, accuracy: 1e-6)
        let grad = try XCTUnwrap(r.output("grad"))
        XCTAssertEqual(grad.shape, [2, 3])
        for (a, b) in zip(grad.data, [0.12236424, 0.045015287, -0.16737953, -0.16737953, 0.12236424, 0.045015287] as [Float]) {
            XCTAssertEqual(a, b, accuracy: 1e-6)
        }
        XCTAssertEqual(r.trace.steps.count, 14)
        XCTAssertTrue(r.trace.steps[4].arithmetic.hasPrefix("∂L/∂x[0,0] = (0.2447 − 0) / 2 = "), r.trace.steps[4].arithmetic)
        XCTAssertEqual(r.trace.formulas, ["L = −(1/N) Σ_n ln p[n, t_n],  p = softmax(x),  ∂L/∂x = (p − onehot(t)) / N,  N = 2"])
    }

    func testKoreanStepsAreWorded() throws {
        let r = try ExampleRunner.run(ExampleBlock(source: "id: a\nop: cross-entropy\ninput: [1, 3]\ntarget: 1", file: "t.md", line: 1, lang: "ko"))
        XCTAssertTrue(r.trace.steps[2].description.hasPrefix("손실: 정답 클래스 1의 확률"), r.trace.steps[2].description)
    }

    func testErrorsNameTheLineAndWhatWasExpected() {
        let cases: [(String, String)] = [
            ("id: a\nop: cross-entropy\ninput: [1, 0, 2]\ntarget: 3", "t.md:4:9: a: `target`: expected a class number from 0 to 2, found 3"),
            ("id: a\nop: cross-entropy\ninput: [[1, 0, 2]]\ntarget: [1, 2]",
             "t.md:4:9: a: `target`: the input has 1 row of scores, so give 1 class number, found 2"),
            ("id: a\nop: cross-entropy\ninput: [5]\ntarget: 0",
             "t.md:3:8: a: cross-entropy: `input` must be one row of scores (C, at least 2 classes) or a batch NxC, got 1"),
            ("id: a\nop: cross-entropy\ninput: [1, 2]", "t.md:1:1: a: example: missing field `target`"),
            ("id: a\nop: cross-entropy\ninput: [1, 2]\ntarget: 0\nlabels: 1", "t.md:5:1: a: example: unknown field `labels`; cross-entropy accepts id, op, title, caption, display, expect, tolerance, input, target"),
        ]
        for (yaml, expected) in cases {
            let text = CourseChecker.checkExample(ExampleBlock(source: yaml, file: "t.md", line: 1)).errors.map(\.description).joined(separator: "\n")
            XCTAssertTrue(text.hasPrefix(expected), "\(yaml)\n→ \(text)")
        }
    }
}
