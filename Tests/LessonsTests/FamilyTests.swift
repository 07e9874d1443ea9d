import XCTest
@testable import Lessons
import Tensor

/// The convolution family: transposed convolution, the convolution matrix, dilation and
/// rectangular settings, with values a reader can check by hand.
final class FamilyTests: XCTestCase {
    func testTransposedConvolutionByHand() throws {
        // Each input cell stamps x·K at its own position; the centre gets all four stamps:
        // 1·4 + 2·3 + 3·2 + 4·1 = 20.
        let r = try runExample("id: t\nop: conv-transpose2d\ninput: [[1,2],[3,4]]\nkernel: [[1,2],[3,4]]")
        XCTAssertEqual(r.result.shape, [3, 3])
        XCTAssertEqual(r.result.data, [1, 4, 4, 6, 20, 16, 9, 24, 16])
        XCTAssertEqual(r.trace.steps.count, 4)
        let s1 = r.trace.steps[1]
        XCTAssertEqual(s1.reads, [CellRef("input", [0, 1])])
        XCTAssertEqual(s1.readValues, [2])
        XCTAssertEqual(s1.weights.map(\.index), [[0, 0], [0, 1], [1, 0], [1, 1]])
        XCTAssertEqual(s1.writes.map(\.index), [[0, 1], [0, 2], [1, 1], [1, 2]])
        XCTAssertEqual(s1.products, [2, 4, 6, 8])
        // output[0,1] already held 1·2 = 2 from step 0; now 2 + 2·1 = 4 (final), output[1,1] 4 + 6 = 10 so far.
        XCTAssertEqual(s1.runningValues, [4, 4, 10, 8])
        XCTAssertTrue(s1.arithmetic.contains("output[1,1]: 4 + 2×3 = 10"), s1.arithmetic)
        XCTAssertEqual(r.trace.steps[3].runningValues, [20, 16, 24, 16])
        XCTAssertEqual(r.trace.formulas[0], "OH = (I − 1)·S − 2P + D·(F − 1) + output_padding + 1 = (2 − 1)·1 − 2·0 + 1·(2 − 1) + 0 + 1 = 3")
    }

    func testTransposedConvolutionStridePaddingOutputPaddingAndBias() throws {
        let s2 = try runExample("id: t\nop: conv-transpose2d\ninput: [[0,1],[2,3]]\nkernel: [[0,1],[2,3]]\nstride: 2")
        XCTAssertEqual(s2.result.data, [0, 0, 0, 1, 0, 0, 2, 3, 0, 2, 0, 3, 4, 6, 6, 9])
        let p1 = try runExample("id: t\nop: conv-transpose2d\ninput: [[0,1],[2,3]]\nkernel: [[0,1],[2,3]]\npadding: 1")
        XCTAssertEqual(p1.result.data, [4])
        // 3 → 5 without output padding, 3 → 6 with it (k3, s2, p1), as in conv_arithmetic's odd case.
        let ones3 = "input: [[1,1,1],[1,1,1],[1,1,1]]\nkernel: [[1,1,1],[1,1,1],[1,1,1]]\nstride: 2\npadding: 1"
        XCTAssertEqual(try runExample("id: t\nop: conv-transpose2d\n\(ones3)").result.shape, [5, 5])
        XCTAssertEqual(try runExample("id: t\nop: conv-transpose2d\n\(ones3)\noutput_padding: 1").result.shape, [6, 6])
        let b = try runExample("id: t\nop: conv-transpose2d\ninput: [[1,2]]\nkernel: [[1,1]]\nbias: 10")
        XCTAssertEqual(b.result.data, [11, 13, 12])
        let last = try XCTUnwrap(b.trace.steps.last)
        XCTAssertEqual(last.bias, 10)
        XCTAssertEqual(last.runningValues, [11, 13, 12])
    }

    func testTransposedConvolutionChannelsUsePyTorchsLayout() throws {
        // kernel [Cin=2, Cout=1, 1, 1]: the output is 1·x0 + 2·x1 per pixel.
        let r = try runExample("id: t\nop: conv-transpose2d\ninput: [[[1,2]], [[3,4]]]\nkernel: [[[[1]]], [[[2]]]]")
        XCTAssertEqual(r.result.shape, [1, 1, 2])
        XCTAssertEqual(r.result.data, [7, 10])
        XCTAssertEqual(r.trace.steps[2].weights, [CellRef("kernel", [1, 0, 0, 0])])
    }

    func testTransposedConvolutionIsTheConvolutionsInputGradient() throws {
        let dX = try XCTUnwrap(runExample("""
        id: g
        op: conv2d-backward
        input: [[1,2,3],[4,5,6],[7,8,9]]
        kernel: [[0,1],[2,3]]
        grad: [[0,1],[2,3]]
        """).output("dX"))
        let t = try runExample("id: t\nop: conv-transpose2d\ninput: [[0,1],[2,3]]\nkernel: [[0,1],[2,3]]")
        XCTAssertEqual(dX.data, t.result.data)
        XCTAssertEqual(dX.data, [0, 0, 1, 0, 4, 6, 4, 12, 9])
    }

    func testConvolutionMatrixOfA2x2KernelOn3x3() throws {
        let r = try runExample("id: c\nop: conv-matrix\ninput: [[1,2,3],[4,5,6],[7,8,9]]\nkernel: [[1,2],[3,4]]")
        let c = try XCTUnwrap(r.output("C"))
        XCTAssertEqual(c.shape, [4, 9])
        XCTAssertEqual(c.data, [1, 2, 0, 3, 4, 0, 0, 0, 0,
                                0, 1, 2, 0, 3, 4, 0, 0, 0,
                                0, 0, 0, 1, 2, 0, 3, 4, 0,
                                0, 0, 0, 0, 1, 2, 0, 3, 4])
        XCTAssertEqual(r.output("y")?.data, [37, 47, 67, 77])
        let row2 = r.trace.steps[2]
        XCTAssertEqual(row2.reads.map(\.index), [[1, 0], [1, 1], [2, 0], [2, 1]])
        XCTAssertEqual(row2.emphasis.map(\.index), [[2, 3], [2, 4], [2, 6], [2, 7]])
        XCTAssertEqual(row2.sum, 67)
        XCTAssertEqual(r.trace.formulas, ["C has OH·OW = 2·2 = 4 rows (one per output cell) and H·W = 3·3 = 9 columns (one per input cell)"])
    }

    func testTransposeOfTheMatrixIsTheTransposedConvolution() throws {
        let c = try XCTUnwrap(runExample("id: c\nop: conv-matrix\ninput_shape: 3\nkernel: [[1,2],[3,4]]").output("C"))
        let y: [Float] = [1, 2, 3, 4]
        var cty = [Float](repeating: 0, count: 9)
        for r in 0..<4 { for col in 0..<9 { cty[col] += c.data[r * 9 + col] * y[r] } }
        let t = try runExample("id: t\nop: conv-transpose2d\ninput: [[1,2],[3,4]]\nkernel: [[1,2],[3,4]]")
        XCTAssertEqual(cty, t.result.data)
    }

    func testConvolutionMatrixStrideAndErrors() throws {
        let r = try runExample("id: c\nop: conv-matrix\ninput_shape: [2, 4]\nkernel: [[1,-1]]\nstride: [1, 2]")
        XCTAssertEqual(r.result.shape, [4, 8])
        XCTAssertEqual(Array(r.result.data[8..<16]), [0, 0, 1, -1, 0, 0, 0, 0])
        XCTAssertNil(r.output("y"))
        XCTAssertTrue(errorText("id: c\nop: conv-matrix\nkernel: [[1]]").contains("missing field `input` (an HxW image) or `input_shape`"))
        XCTAssertTrue(errorText("id: c\nop: conv-matrix\ninput: [[1,2],[3,4]]\ninput_shape: 2\nkernel: [[1]]").contains("not both"))
        XCTAssertTrue(errorText("id: c\nop: conv-matrix\ninput_shape: 2\nkernel: [[[1]]]").contains("expected one 2-D kernel"))
        XCTAssertTrue(errorText("id: c\nop: conv-matrix\ninput_shape: 2\nkernel: [[1,1,1]]").contains("does not fit"))
    }

    func testTransposedConvolutionErrorsNameTheField() throws {
        let op = errorText("id: t\nop: conv-transpose2d\ninput: [[1]]\nkernel: [[1,1],[1,1]]\nstride: 2\noutput_padding: 2")
        XCTAssertTrue(op.contains("output padding 2x2 must be smaller than the stride 2x2"), op)
        let ch = errorText("id: t\nop: conv-transpose2d\ninput: [[[1]], [[2]]]\nkernel: [[[1]], [[2]], [[3]]]")
        XCTAssertTrue(ch.contains("has 2 channels"), ch)
    }

    func testRectangularStrideMatchesD2L() throws {
        // d2l 7.3: 3x3 input 0..8, kernel [[0,1],[2,3]], padding 1, stride (3, 2) → [[0,8],[6,8]].
        let r = try runExample("id: d\nop: conv2d\ninput: [[0,1,2],[3,4,5],[6,7,8]]\nkernel: [[0,1],[2,3]]\npadding: 1\nstride: [3, 2]")
        XCTAssertEqual(r.result.data, [0, 8, 6, 8])
        XCTAssertEqual(r.trace.steps[1].reads.map(\.index), [[-1, 1], [-1, 2], [0, 1], [0, 2]])
        XCTAssertEqual(r.trace.steps[2].reads.first?.index, [2, -1])
        // d2l's 8x8 input, 3x5 kernel, padding (0, 1), stride (3, 4) → 2x2.
        let rows = (0..<8).map { _ in "[1,1,1,1,1,1,1,1]" }.joined(separator: ",")
        let big = try runExample("id: e\nop: conv2d\ninput: [\(rows)]\nkernel: [[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1]]\npadding: [0, 1]\nstride: [3, 4]")
        XCTAssertEqual(big.result.shape, [2, 2])
        // The first window hangs one column into the left padding: 3 rows × 4 real columns.
        XCTAssertEqual(big.result.data, [12, 15, 12, 15])
        XCTAssertEqual(big.trace.tensor("input")?.padding, [0, 1])
    }

    func testDilationReadsEveryOtherPixel() throws {
        let r = try runExample("id: d\nop: conv2d\ninput: [[1,2,3,4,5],[6,7,8,9,10],[11,12,13,14,15],[16,17,18,19,20],[21,22,23,24,25]]\nkernel: [[1,0],[0,1]]\ndilation: 2")
        XCTAssertEqual(r.result.data, [14, 16, 18, 24, 26, 28, 34, 36, 38])
        XCTAssertEqual(r.trace.steps[0].reads.map(\.index), [[0, 0], [0, 2], [2, 0], [2, 2]])
        XCTAssertEqual(r.trace.formulas[0], "OH = ⌊(5 − (2·(2 − 1) + 1) + 2·0) / 1⌋ + 1 = 3")
    }
}
