import XCTest
@testable import Tensor

final class TensorBasicsTests: XCTestCase {
    func testShapeAndIndexing() throws {
        let t = try Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(t[1, 2], 6)
        XCTAssertEqual(t.strides, [3, 1])
        XCTAssertThrowsError(try Tensor(shape: [2, 2], data: [1, 2, 3]))
    }

    /// `Parallelism.map` gives the serial map's results in the items' order.
    func testParallelMapKeepsOrder() {
        let items = Array(0..<500)
        let squares = Parallelism.map(items) { i -> Int in
            var x = 0
            for k in 0..<(i % 7) * 100 { x &+= k }  // uneven work, so the jobs finish out of order
            return i * i + (x & 0)
        }
        XCTAssertEqual(squares, items.map { $0 * $0 })
        XCTAssertEqual(Parallelism.map([Int]()) { $0 }, [])
        XCTAssertEqual(Parallelism.map(["a"]) { $0 + "!" }, ["a!"])
    }
}
