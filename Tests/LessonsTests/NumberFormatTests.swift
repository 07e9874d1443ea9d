import XCTest
@testable import Lessons

final class NumberFormatTests: XCTestCase {
    func testCompactNumbers() {
        XCTAssertEqual(NumberFormat.compact(3), "3")
        XCTAssertEqual(NumberFormat.compact(-1.5), "−1.5")
        XCTAssertEqual(NumberFormat.compact(0.25), "0.25")
        XCTAssertEqual(NumberFormat.compact(1.0 / 3.0), "0.3333")
        XCTAssertEqual(NumberFormat.compact(-0.00001), "0")
    }
}
