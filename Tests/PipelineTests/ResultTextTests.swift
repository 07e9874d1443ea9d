import Site
import Tensor
import XCTest
@testable import Pipeline

/// Answer tables: row and column numbers as real headers (no empty header row).
final class ResultTextTests: XCTestCase {
    func testMatrixIsATableWithRowAndColumnHeaders() throws {
        let blocks = ResultText.tensor(try Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6.5]))
        XCTAssertEqual(blocks, [.trustedHTML(
            "<table class=\"matrix\"><thead><tr><td></td><th scope=\"col\">0</th><th scope=\"col\">1</th><th scope=\"col\">2</th></tr></thead>"
            + "<tbody><tr><th scope=\"row\">0</th><td>1</td><td>2</td><td>3</td></tr>"
            + "<tr><th scope=\"row\">1</th><td>4</td><td>5</td><td>6.5</td></tr></tbody></table>")])
    }

    func testSlicesAreNumberedAndVectorsAreLists() throws {
        let blocks = ResultText.tensor(try Tensor(shape: [2, 1, 1], data: [7, 8]))
        XCTAssertEqual(blocks.count, 4)
        XCTAssertEqual(blocks[0], .markdown("[0]"))
        XCTAssertEqual(blocks[2], .markdown("[1]"))
        XCTAssertEqual(ResultText.tensor(try Tensor(shape: [3], data: [1, -2, 0.5])), [.markdown("[1, −2, 0.5]")])
    }
}
