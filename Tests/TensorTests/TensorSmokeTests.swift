import XCTest
@testable import Tensor

final class TensorBasicsTests: XCTestCase {
    func testShapeAndIndexing() throws {
        let t = try Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(t[1, 2], 6)
        XCTAssertEqual(t.strides, [3, 1])
        XCTAssertThrowsError(try Tensor(shape: [2, 2], data: [1, 2, 3]))
    }
}
