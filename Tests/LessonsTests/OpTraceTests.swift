import XCTest
@testable import Lessons
import Tensor

final class OpTraceTests: XCTestCase {
    func testMaxPoolMarksTheMaxOfEachWindow() throws {
        let r = try runExample("id: m\nop: maxpool\ninput: [[1,3,2,1],[4,2,0,1],[5,6,1,2],[0,1,3,4]]\nsize: 2")
        XCTAssertEqual(r.result.data, [4, 2, 6, 4])
        XCTAssertEqual(r.trace.steps[0].emphasis, [CellRef("input", [1, 0])])
        XCTAssertEqual(r.trace.steps[0].arithmetic, "max(1, 3, 4, 2) = 4")
    }

    func testOverlappingMaxPoolThreeByThreeStrideTwo() throws {
        let r = try runExample("id: m\nop: maxpool\ninput: [[1,2,3,4,5],[6,7,8,9,10],[11,12,13,14,15],[16,17,18,19,20],[21,22,23,24,25]]\nsize: 3\nstride: 2")
        XCTAssertEqual(r.result.data, [13, 15, 23, 25])
    }

    func testAvgPoolWritesTheMean() throws {
        let r = try runExample("id: a\nop: avgpool\ninput: [[1,3,2,1],[4,2,0,1],[5,6,1,2],[0,1,3,4]]")
        XCTAssertEqual(r.result.data, [2.5, 1, 3, 2.5])
        XCTAssertEqual(r.trace.steps[0].arithmetic, "(1 + 3 + 4 + 2) / 4 = 2.5")
    }

    func testActivationsAndDerivatives() throws {
        XCTAssertEqual(try runExample("id: a\nop: relu\ninput: [-2, 0, 3]").result.data, [0, 0, 3])
        XCTAssertEqual(try runExample("id: a\nop: relu\ninput: [-2, 3]\nderivative: true").result.data, [0, 1])
        XCTAssertEqual(try runExample("id: a\nop: leaky-relu\ninput: [-2, 3]").result.data, [-0.02, 3])
        let s = try runExample("id: a\nop: sigmoid\ninput: [0]\nderivative: true")
        XCTAssertEqual(s.result.data[0], 0.25, accuracy: 1e-6)
        XCTAssertEqual(s.trace.steps[0].arithmetic, "σ′(0) = σ(x)(1 − σ(x)) = 0.5 × 0.5 = 0.25")
        let e = try runExample("id: a\nop: elu\ninput: [-1]")
        XCTAssertEqual(e.result.data[0], Float(exp(-1.0) - 1), accuracy: 1e-6)
    }

    func testGELUStepsWriteOutTheGate() throws {
        let g = try runExample("id: g\nop: gelu\ninput: [-1, 0, 1]")
        XCTAssertEqual(g.result.data[2], 0.8413, accuracy: 1e-4)
        XCTAssertEqual(g.trace.steps.count, 3)
        XCTAssertEqual(g.trace.steps[2].arithmetic, "gelu(1) = 1 × Φ(1) = 1 × 0.8413 = 0.8413")
        XCTAssertEqual(g.trace.steps[0].writes, [CellRef("output", [0])])
        let d = try runExample("id: g\nop: gelu\ninput: [1]\nderivative: true")
        XCTAssertEqual(d.trace.steps[0].arithmetic, "gelu′(1) = Φ(x) + x·φ(x) = 0.8413 + 1 × 0.242 = 1.0833")
        // conv2d's activation runs in KernelCore, which has no GELU: refused with the choices.
        XCTAssertTrue(errorText("id: c\nop: conv2d\ninput: [[1]]\nkernel: [[1]]\nactivation: gelu")
            .contains("activation: unknown activation \"gelu\"; expected one of identity, sigmoid, tanh, relu, leaky-relu, prelu, elu"))
    }

    func testSoftmaxSubtractsTheMax() throws {
        let r = try runExample("id: s\nop: softmax\ninput: [1, 2, 3]")
        XCTAssertEqual(r.result.data[0], 0.0900, accuracy: 1e-4)
        XCTAssertEqual(r.result.data[2], 0.6652, accuracy: 1e-4)
        XCTAssertEqual(r.trace.steps.count, 3)
        XCTAssertEqual(r.trace.steps[2].arithmetic, "e^(3 − 3) / Σ = 1 / 1.5032 = 0.6652")
    }

    func testArgmaxOfTheNotesArrayAlongAxisOne() throws {
        let r = try runExample("""
        id: argmax-3x4x3
        op: argmax
        axis: 1
        input: [[[1,2,3],[2,1,4],[5,2,1],[6,3,2]], [[5,1,3],[1,3,4],[4,2,6],[3,9,3]], [[4,5,6],[7,4,3],[2,1,5],[4,3,1]]]
        expect: [[3,3,1],[0,3,2],[1,0,0]]
        """)
        XCTAssertEqual(r.result.shape, [3, 3])
        XCTAssertEqual(r.result.data, [3, 3, 1, 0, 3, 2, 1, 0, 0])
        XCTAssertEqual(r.trace.steps[0].readValues, [1, 2, 5, 6])
        XCTAssertEqual(r.trace.steps[0].emphasis, [CellRef("input", [0, 3, 0])])
    }

    func testIm2colRowsAreTheWindows() throws {
        let r = try runExample("id: i\nop: im2col\ninput: [[1,2,3],[2,1,0],[3,0,1]]\nsize: 2")
        XCTAssertEqual(r.result.shape, [4, 4])
        XCTAssertEqual(r.result.data, [1, 2, 2, 1, 2, 3, 1, 0, 2, 1, 3, 0, 1, 0, 0, 1])
        XCTAssertEqual(r.trace.steps[3].reads.map(\.index), [[1, 1], [1, 2], [2, 1], [2, 2]])
    }

    func testLinearLayer() throws {
        let r = try runExample("id: l\nop: linear\ninput: [1, 2]\nweight: [[1, 0], [2, -1], [0.5, 0.5]]\nbias: [0, 1, -1]")
        XCTAssertEqual(r.result.data, [1, 1, 0.5])
        XCTAssertEqual(r.trace.steps[1].arithmetic, "2×1 + (−1)×2 = 0, + 1 = 1")
    }

    func testOutputSizeFormula() throws {
        let lenet = try runExample("id: o\nop: output-size\ninput: 32\nkernel: 5\nstride: 1\npadding: 0\nexpect: 28")
        XCTAssertEqual(lenet.result.data, [28])
        let alex = try runExample("id: o\nop: output-size\ninput: 227\nkernel: 11\nstride: 4")
        XCTAssertEqual(alex.result.data, [55])
        XCTAssertEqual(alex.trace.steps[0].arithmetic, "O = ⌊(227 − 11 + 2·0) / 4⌋ + 1 = 55")
        let uneven = try runExample("id: o\nop: output-size\ninput: 7\nkernel: 2\nstride: 2")
        XCTAssertEqual(uneven.result.data, [3])
        XCTAssertTrue(uneven.trace.steps[0].arithmetic.contains("not whole"))
        XCTAssertEqual(try runExample("id: o\nop: output-size\ninput: 5\nkernel: 3\npadding: same").result.data, [5])
        XCTAssertTrue(errorText("id: o\nop: output-size\ninput: 3\nkernel: 5").contains("test.md:4:9"))
    }

    func testConvBackwardByHand() throws {
        // y = conv(x, k) with a 2x2 kernel on 3x3; dY all ones:
        // dW[u,v] = sum of the 2x2 block of x starting at (u,v); db = 4; dX = full conv of ones with k.
        let r = try runExample("""
        id: b
        op: conv2d-backward
        input: [[1,2,3],[2,1,0],[3,0,1]]
        kernel: [[1,0],[1,0]]
        grad: [[1,1],[1,1]]
        expect: {dW: [[6,6],[6,2]], db: [4], dX: [[1,1,0],[2,2,0],[1,1,0]]}
        """)
        XCTAssertEqual(r.output("dW")?.data, [6, 6, 6, 2])
        XCTAssertEqual(r.output("db")?.data, [4])
        XCTAssertEqual(r.output("dX")?.data, [1, 1, 0, 2, 2, 0, 1, 1, 0])
        XCTAssertEqual(r.trace.steps.count, 9 + 4 + 1)
        XCTAssertTrue(checkExample("id: b\nop: conv2d-backward\ninput: [[1,2,3],[2,1,0],[3,0,1]]\nkernel: [[1,0],[1,0]]\ngrad: [[1,1],[1,1]]\nexpect: {dW: [[6,6],[6,2]], db: [4], dX: [[1,1,0],[2,2,0],[1,1,0]]}").passed)
    }

    func testPoolBackwardRoutesTheGradient() throws {
        let m = try runExample("id: m\nop: maxpool-backward\ninput: [[1,3,2,1],[4,2,0,1],[5,6,1,2],[0,1,3,4]]\ngrad: [[1,2],[3,4]]")
        XCTAssertEqual(m.result.data, [0, 0, 2, 0, 1, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 4])
        let a = try runExample("id: a\nop: pool-backward\npool: avg\ninput: [[1,3],[4,2]]\ngrad: [[4]]")
        XCTAssertEqual(a.result.data, [1, 1, 1, 1])
    }

    func testLRNWithAlexNetConstants() throws {
        let r = try runExample("id: l\nop: lrn\ninput: [[[1]], [[2]], [[3]]]\nsize: 5\nalpha: 0.0001\nbeta: 0.75\nk: 2")
        let expected = Float(2 / pow(2 + 1e-4 * 14, 0.75))
        XCTAssertEqual(r.result.data[1], expected, accuracy: 1e-6)
    }
}

final class ArchitectureTraceTests: XCTestCase {
    func testLeNetLayerTableFromInlineLayers() throws {
        let yaml = """
        id: lenet
        op: architecture
        input: [1, 28, 28]
        layers:
          - {conv: {filters: 6, kernel: 5, padding: 2}}
          - relu
          - {maxpool: {size: 2}}
          - {conv: {filters: 16, kernel: 5}}
          - relu
          - {maxpool: {size: 2}}
          - flatten
          - {linear: 120}
          - relu
          - {linear: 84}
          - relu
          - {linear: 10}
        expect:
          params: 61706
          layers:
            - {shape: [6, 28, 28], params: 156}
            - {shape: [6, 28, 28]}
            - {shape: [6, 14, 14], params: 0}
            - {shape: [16, 10, 10], params: 2416}
            - {shape: [16, 10, 10]}
            - {shape: [16, 5, 5]}
            - {shape: [400]}
            - {shape: [120], params: 48120}
            - {shape: [120]}
            - {shape: [84], params: 10164}
            - {shape: [84]}
            - {shape: [10], params: 850}
        """
        let report = checkExample(yaml)
        XCTAssertEqual(report.errors.map(\.description), [])
        XCTAssertEqual(report.compared, 1 + 12 + 6)
        let r = try XCTUnwrap(report.result)
        XCTAssertEqual(r.output("params")?.data, [61706])
        XCTAssertEqual(r.trace.steps[0].arithmetic, "conv 5x5, 6 filters, pad 2: 1x28x28 → 6x28x28, 6·25 weights + 6 biases = 156 parameters")
    }

    /// A bias-free conv (ResNet's, before a batch normalisation) is all weights: the step must
    /// not invent biases by taking one weight per filter away (it said "4·8 weights + 4 biases").
    func testBiasFreeConvCountsOnlyWeights() throws {
        let report = checkExample("id: nb\nop: architecture\ninput: [16, 8, 8]\nlayers:\n  - {conv: {filters: 4, kernel: 3, bias: false}}\n  - batchnorm\n  - {conv: {filters: 2, kernel: 1}}\n")
        XCTAssertEqual(report.errors.map(\.description), [])
        let steps = try XCTUnwrap(report.result).trace.steps
        XCTAssertEqual(steps[0].arithmetic, "conv 3x3, 4 filters, no bias: 16x8x8 → 4x6x6, 4·144 weights, no biases = 576 parameters")
        XCTAssertEqual(steps[1].arithmetic.components(separatedBy: ": ").last, "4x6x6 → 4x6x6, 8 parameters")
        XCTAssertEqual(steps[2].arithmetic.components(separatedBy: ", ").last, "2·4 weights + 2 biases = 10 parameters")
        let ko = try ExampleRunner.run(ExampleBlock(source: "id: nb\nop: architecture\ninput: [16, 8, 8]\nlayers:\n  - {conv: {filters: 4, kernel: 3, bias: false}}\n",
                                                    file: "test.md", line: 1, lang: "ko"))
        XCTAssertTrue(ko.trace.steps[0].arithmetic.hasSuffix("가중치 4·144개, 편향 없음 = 파라미터 576개"), ko.trace.steps[0].arithmetic)
    }

    func testWrongLayerCountAndMisfitLayerAreReported() {
        let wrong = checkExample("id: a\nop: architecture\ninput: [1, 28, 28]\nlayers: [{conv: {filters: 6, kernel: 5}}]\nexpect: {layers: [{params: 150}]}")
        XCTAssertEqual(wrong.errors.map(\.description), ["test.md:5:28: a: layer 1 (conv1): expected 150 parameters, computed 156"])
        let misfit = errorText("id: a\nop: architecture\ninput: [1, 4, 4]\nlayers: [{conv: {filters: 6, kernel: 5}}]")
        XCTAssertTrue(misfit.contains("test.md:4:9: a:"), misfit)
        XCTAssertTrue(misfit.contains("kernel"), misfit)
    }
}
