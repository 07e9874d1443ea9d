import XCTest
@testable import Lessons
import Tensor

final class ConvTraceTests: XCTestCase {
    let seed = """
    id: conv-3x3-2x2-bias
    op: conv2d
    input: [[1,2,3],[2,1,0],[3,0,1]]
    kernel: [[1,0],[1,0]]
    bias: 5
    stride: 1
    padding: 0
    expect: [[8,8],[10,6]]
    """

    func testSeedExampleGivesTheNotesNumbersAndFourSteps() throws {
        let r = try runExample(seed)
        XCTAssertEqual(r.result.shape, [2, 2])
        XCTAssertEqual(r.result.data, [8, 8, 10, 6])
        XCTAssertEqual(r.trace.steps.count, 4)
        let s1 = r.trace.steps[1]
        XCTAssertEqual(s1.readValues, [2, 3, 1, 0])
        XCTAssertEqual(s1.weightValues, [1, 0, 1, 0])
        XCTAssertEqual(s1.products, [2, 0, 1, 0])
        XCTAssertEqual(s1.sum, 3)
        XCTAssertEqual(s1.bias, 5)
        XCTAssertEqual(s1.result, 8)
        XCTAssertEqual(s1.reads.map(\.index), [[0, 1], [0, 2], [1, 1], [1, 2]])
        XCTAssertEqual(s1.writes, [CellRef("output", [0, 1])])
        XCTAssertEqual(s1.arithmetic, "2×1 + 3×0 + 1×1 + 0×0 = 3, 3 + 5 = 8")
        XCTAssertEqual(r.trace.formulas.first, "OH = ⌊(3 − 2 + 2·0) / 1⌋ + 1 = 2")
        XCTAssertTrue(checkExample(seed).passed)
    }

    func testWithoutBiasGivesThreeThreeFiveOne() throws {
        let r = try runExample("id: a\nop: conv2d\ninput: [[1,2,3],[2,1,0],[3,0,1]]\nkernel: [[1,0],[1,0]]")
        XCTAssertEqual(r.result.data, [3, 3, 5, 1])
    }

    func testPaddingCellsAreAddressedOutsideTheInput() throws {
        let r = try runExample("id: p\nop: conv2d\ninput: [[1,2],[3,4]]\nkernel: [[1,1],[1,1]]\npadding: 1")
        XCTAssertEqual(r.result.shape, [3, 3])
        XCTAssertEqual(r.result.data, [1, 3, 2, 4, 10, 6, 3, 7, 4])
        let first = r.trace.steps[0]
        XCTAssertEqual(first.reads.map(\.index), [[-1, -1], [-1, 0], [0, -1], [0, 0]])
        XCTAssertEqual(first.readValues, [0, 0, 0, 1])
        XCTAssertEqual(r.trace.tensor("input")?.padding, [1, 1])
        XCTAssertTrue(r.trace.tensor("input")!.isPadding([-1, 0]))
    }

    func testStrideTwoSkipsWindows() throws {
        let r = try runExample("id: s\nop: conv2d\ninput: [[1,2,3,4,5],[6,7,8,9,10],[11,12,13,14,15],[16,17,18,19,20],[21,22,23,24,25]]\nkernel: [[1,0],[0,1]]\nstride: 2")
        XCTAssertEqual(r.result.shape, [2, 2])
        XCTAssertEqual(r.result.data, [8, 12, 28, 32] as [Float])
        XCTAssertEqual(r.trace.steps[1].reads.first?.index, [0, 2])
    }

    func testMultiChannelShowsPartialSumsPerChannel() throws {
        let r = try runExample("""
        id: mc
        op: conv2d
        input: [[[1,2],[3,4]], [[0,1],[1,0]], [[2,2],[2,2]]]
        kernel: [[[[1,0],[0,1]], [[1,1],[1,1]], [[0,0],[0,1]]], [[[0,1],[1,0]], [[0,0],[0,0]], [[1,1],[1,1]]]]
        bias: [1, -1]
        """)
        XCTAssertEqual(r.result.shape, [2, 1, 1])
        // filter 0: (1+4) + (0+1+1+0) + 2 = 9, + 1 = 10; filter 1: (2+3) + 0 + 8 = 13, − 1 = 12
        XCTAssertEqual(r.result.data, [10, 12])
        XCTAssertEqual(r.trace.steps[0].partialSums, [5, 2, 2])
        XCTAssertEqual(r.trace.steps[1].reads.first?.index, [0, 0, 0])
        XCTAssertEqual(r.trace.steps[1].weights.first?.index, [1, 0, 0, 0])
    }

    func testActivationIsAppliedLast() throws {
        let r = try runExample("id: r\nop: conv2d\ninput: [[1,-2],[3,-4]]\nkernel: [[1]]\nbias: -2\nactivation: relu")
        XCTAssertEqual(r.result.data, [0, 0, 1, 0])
        XCTAssertEqual(r.trace.steps[2].arithmetic, "3×1 = 3, 3 + (−2) = 1, relu(1) = 1")
    }

    func testSamePaddingKeepsTheSize() throws {
        let r = try runExample("id: same\nop: conv2d\ninput: [[1,2,3],[4,5,6],[7,8,9]]\nkernel: [[0,0,0],[0,1,0],[0,0,0]]\npadding: same")
        XCTAssertEqual(r.result.data, [1, 2, 3, 4, 5, 6, 7, 8, 9])
    }

    func testTraceSumsAgreeWithTheKernelOnRandomExamples() throws {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<40 {
            let h = Int.random(in: 2...6, using: &rng), w = Int.random(in: 2...6, using: &rng)
            let k = Int.random(in: 1...min(h, w), using: &rng), s = Int.random(in: 1...2, using: &rng), p = Int.random(in: 0...1, using: &rng)
            let input = (0..<h).map { _ in (0..<w).map { _ in Int.random(in: -3...3, using: &rng) } }
            let kernel = (0..<k).map { _ in (0..<k).map { _ in Int.random(in: -2...2, using: &rng) } }
            let r = try runExample("id: r\nop: conv2d\ninput: \(input)\nkernel: \(kernel)\nbias: 1\nstride: \(s)\npadding: \(p)")
            for step in r.trace.steps {
                XCTAssertEqual(step.products.reduce(0, +) + 1, step.result, accuracy: 1e-4)
            }
        }
    }
}
