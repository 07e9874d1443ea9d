import XCTest
@testable import Render

/// The legend names what an emphasised cell is, per op and language (#23: no more "stressed").
final class LegendWordsTests: XCTestCase {
    func testEmphasisIsNamedForTheOp() {
        let en = FrameLabels(.en), ko = FrameLabels(.ko)
        XCTAssertEqual(en.legend(.emphasis, op: "conv-matrix"), "kernel weight placed in this row")
        XCTAssertEqual(ko.legend(.emphasis, op: "conv-matrix"), "이 행에 놓인 커널 가중치")
        XCTAssertEqual(en.legend(.emphasis, op: "lrn"), "the cell being normalised")
        XCTAssertEqual(en.legend(.emphasis, op: "pool-backward"), en.maxOfWindow)
        XCTAssertEqual(en.legend(.emphasis, op: "argmax"), en.winner)
    }
}
