import Foundation
import Lessons
import XCTest
@testable import Render
import Words

/// `PNGPalette`: exact palettes keep every pixel, quantised frames stay close and shrink,
/// the bytes are deterministic, and bad input is an error naming the operation.
final class PNGPaletteTests: XCTestCase {
    /// Byte 25 of a PNG is the IHDR colour type: 2 RGB, 3 palette, 6 RGBA.
    func colorType(_ png: Data) -> UInt8 { png[png.startIndex + 25] }

    func testFewColoursGiveAnExactPaletteWithTheSamePixels() throws {
        let canvas = Canvas(size: Size(40, 30), scale: 1)
        canvas.fill(Rect(x: 0, y: 0, width: 40, height: 30), Color(r: 1, g: 1, b: 1))
        canvas.fill(Rect(x: 5, y: 5, width: 10, height: 10), Color(r: 0.9, g: 0.6, b: 0))
        canvas.fill(Rect(x: 20, y: 10, width: 12, height: 8), Color(r: 0, g: 0.45, b: 0.7))
        let rgb = try canvas.pngData()
        let (png, outcome) = try PNGPalette.indexed(rgb)
        XCTAssertEqual(outcome, .exact(colours: 3))
        XCTAssertEqual(colorType(png), 3)
        XCTAssertLessThan(png.count, rgb.count)
        XCTAssertTrue(try PNGImage(data: png).argb == PNGImage(data: rgb).argb, "an exact palette changes no pixel")
    }

    func testFramesAreQuantisedCloselyAndDeterministically() throws {
        let canvas = try FrameRenderer.drawing(for: TraceFixtures.conv3x3, step: 1, labels: .init(.en)).canvas()
        let rgb = try canvas.pngData()
        let (png, outcome) = try PNGPalette.indexed(rgb)
        guard case .quantised(let colours) = outcome else { return XCTFail("a frame with antialiased text: \(outcome)") }
        XCTAssertLessThanOrEqual(colours, 256)
        XCTAssertEqual(colorType(png), 3)
        XCTAssertLessThan(Double(png.count), Double(rgb.count) * 0.6, "palette \(png.count) bytes, RGB \(rgb.count)")
        XCTAssertEqual(try PNGPalette.indexed(rgb).png, png, "same picture, same bytes")
        let a = try PNGImage(data: png).argb, b = try PNGImage(data: rgb).argb
        var worst = 0, far = 0
        for (p, q) in zip(a, b) {
            var d = 0
            for shift: UInt32 in [0, 8, 16] {
                let x = Int((p >> shift) & 0xFF), y = Int((q >> shift) & 0xFF)
                d = max(d, abs(x - y))
            }
            worst = max(worst, d)
            if d > 24 { far += 1 }
        }
        XCTAssertLessThan(Double(far), Double(a.count) * 0.002, "pixels more than 24/255 off: \(far) of \(a.count); worst \(worst)")
        // Without quantisation such a frame stays as it was.
        XCTAssertEqual(try PNGPalette.indexed(rgb, quantise: false).outcome, .unchanged)
        XCTAssertEqual(try PNGPalette.indexed(rgb, quantise: false).png, rgb)
    }

    func testNotAPNGIsAnErrorNamingTheOperation() {
        XCTAssertThrowsError(try PNGPalette.indexed(Data("not a png".utf8))) { error in
            XCTAssertTrue("\(error)".contains("write palette PNG"), "\(error)")
        }
    }
}
