import XCTest
@testable import Render
import Words

final class ReceptiveFieldDiagramTests: XCTestCase {
    let fields = [ReceptiveFieldDiagram.Field(name: "conv1", size: [5, 5], jump: [1, 1]),
                  ReceptiveFieldDiagram.Field(name: "pool1", size: [6, 6], jump: [2, 2]),
                  ReceptiveFieldDiagram.Field(name: "conv2", size: [40, 40], jump: [2, 2])]

    func testAltTextNamesEveryFieldInTheLanguage() throws {
        let en = try ReceptiveFieldDiagram(input: [28, 28], fields: fields, language: .en).drawing()
        XCTAssertEqual(en.alt, "receptive field, input 28x28: conv1: 5x5, jump 1; pool1: 6x6, jump 2; conv2: 40x40, jump 2.")
        let ko = try ReceptiveFieldDiagram(input: [28, 28], fields: fields, language: .ko).drawing()
        XCTAssertTrue(ko.alt.contains("conv1: 5x5, 간격 1"), ko.alt)
        XCTAssertEqual(en.size.width, 360, "narrow enough to read at full size on a phone")
    }

    func testFieldsAreDrawnToScaleAndClampedToTheImage() throws {
        let d = try ReceptiveFieldDiagram(input: [28, 28], fields: fields, language: .en).drawing()
        let canvas = d.canvas()
        // The image is 332 pt for 28 pixels, centred at (180, 36 + 166); conv1's field spans
        // 5/28 of it. Just inside conv1's square is conv1's colour, just outside it is pool1's.
        let scale = 332.0 / 28, cx = 180.0, cy = 36 + 166.0
        let inside = canvas.pixel(x: Int(2 * cx), y: Int(2 * (cy - 2.3 * scale)))
        let between = canvas.pixel(x: Int(2 * cx), y: Int(2 * (cy - 2.75 * scale)))
        XCTAssertNotEqual(inside, between)
        // conv2's 40x40 field is wider than the 28x28 image: it fills the image up to its edge.
        let nearEdge = canvas.pixel(x: Int(2 * (cx - 13.5 * scale)), y: Int(2 * cy))
        XCTAssertNotEqual(nearEdge, Color.padding, "the largest field covers the whole image")
    }

    func testNoFieldsIsAnError() {
        XCTAssertThrowsError(try ReceptiveFieldDiagram(input: [28, 28], fields: [], language: .en).drawing())
    }
}
