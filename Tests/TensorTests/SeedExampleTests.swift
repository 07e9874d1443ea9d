import XCTest
import Tensor

/// The worked examples of the lecture notes (seed 004 and 002), checked by the kernels.
final class SeedExampleTests: XCTestCase {
    func testTwoByTwoKernelOnThreeByThree() throws {
        let x = try Tensor(shape: [1, 1, 3, 3], data: [1, 2, 3,
                                                       2, 1, 0,
                                                       3, 0, 1])
        let w = try Tensor(shape: [1, 1, 2, 2], data: [1, 0,
                                                       1, 0])
        for conv in [Conv2D.forward, Conv2D.naiveForward] {
            XCTAssertEqual(try conv(x, w, nil, Conv2DOptions()).data, [3, 3, 5, 1])
            let b = try Tensor(shape: [1], data: [5])
            XCTAssertEqual(try conv(x, w, b, Conv2DOptions()).data, [8, 8, 10, 6])
        }
    }

    /// Seed 004 spells out three of the nine sums (6, 9 and 10); the remaining input cells
    /// are chosen to agree with its feature map [[6,9,11],[10,4,4],[7,7,4]].
    func testThreeByThreeKernelOnFiveByFive() throws {
        let x = try Tensor(shape: [1, 1, 5, 5], data: [1, 2, 3, 4, 5,
                                                       2, 1, 0, 1, 2,
                                                       3, 0, 1, 1, 0,
                                                       1, 4, 1, 1, 2,
                                                       2, 1, 1, 0, 1])
        let w = try Tensor(shape: [1, 1, 3, 3], data: [1, 0, 1,
                                                       1, 0, 1,
                                                       0, 1, 0])
        let expected: [Float] = [6, 9, 11, 10, 4, 4, 7, 7, 4]
        XCTAssertEqual(try Conv2D.forward(x, w).data, expected)
        XCTAssertEqual(try Conv2D.naiveForward(x, w).data, expected)
    }

    func testArgmaxAlongAxisOne() throws {
        let a = try Tensor(shape: [3, 4, 3], data: [1, 2, 3,  2, 1, 4,  5, 2, 1,  6, 3, 2,
                                                    5, 1, 3,  1, 3, 4,  4, 2, 6,  3, 9, 3,
                                                    4, 5, 6,  7, 4, 3,  2, 1, 5,  4, 3, 1])
        let r = try argmax(a, axis: 1)
        XCTAssertEqual(r.shape, [3, 3])
        XCTAssertEqual(r.indices, [3, 3, 1, 0, 3, 2, 1, 0, 0])
    }
}
