import Foundation
import Lessons
import XCTest
@testable import Render
import Words

/// `Canvas.pngData()` (libpng, the course's settings) against Cairo's own encoder, the
/// reference: the same decoded pixels on real frames, and equal bytes for equal drawings.
final class PNGEncoderTests: XCTestCase {
    /// Byte 25 of a PNG is the IHDR colour type: 2 RGB, 6 RGBA.
    func colorType(_ png: Data) -> UInt8 { png[png.startIndex + 25] }

    func assertSamePixels(_ canvas: Canvas, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let ours = try canvas.pngData(), cairo = try canvas.cairoPNGData()
        let decoded = try PNGImage(data: ours), reference = try PNGImage(data: cairo)
        XCTAssertEqual(decoded.width, canvas.pixelWidth, name, file: file, line: line)
        XCTAssertEqual(decoded.height, canvas.pixelHeight, name, file: file, line: line)
        XCTAssertTrue(decoded.argb == reference.argb, "\(name): decoded pixels differ from Cairo's PNG", file: file, line: line)
        XCTAssertEqual(colorType(ours), colorType(cairo), name, file: file, line: line)
        XCTAssertEqual(try canvas.pngData(), ours, "\(name): same pixels, same bytes", file: file, line: line)
        XCTAssertNil(ours.range(of: Data("tIME".utf8)), "\(name): no time stamp chunk", file: file, line: line)
    }

    func testFramesDecodeToCairosPixels() throws {
        let frames: [(String, Trace, Int, FrameLabels)] = [
            ("conv 3x3 step 2", TraceFixtures.conv3x3, 1, .init(.en)),
            ("multi-channel, Korean labels", TraceFixtures.multiChannel, 1, .init(.ko)),
            ("padding 1", TraceFixtures.padding1, 0, .init(.en)),
            ("large (colour grid)", TraceFixtures.large, 2, .init(.en)),
        ]
        var ours = 0, cairo = 0
        for (name, trace, step, labels) in frames {
            let canvas = try FrameRenderer.drawing(for: trace, step: step, labels: labels).canvas()
            try assertSamePixels(canvas, name)
            ours += try canvas.pngData().count
            cairo += try canvas.cairoPNGData().count
            XCTAssertEqual(colorType(try canvas.pngData()), 2, "\(name): a frame on white is opaque, written as RGB")
        }
        // Small test frames with a dense colour grid; the course's frames average 1.21× (README.md).
        XCTAssertLessThan(Double(ours), Double(cairo) * 1.4, "frames: \(ours) bytes, Cairo's \(cairo)")
        try assertSamePixels(try FigureFixtures.lossChart.drawing().canvas(), "loss chart")
    }

    /// Every alpha value 0...255 (x) over varied colours: un-premultiplying must round as
    /// Cairo does. The input was written by Python's zlib, un-premultiplied RGBA.
    func testTranslucentPixelsRoundTripLikeCairo() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Goldens/input-rgba-alphas", withExtension: "png")
            ?? Bundle.module.resourceURL?.appendingPathComponent("Goldens/input-rgba-alphas.png"))
        let canvas = try Canvas(png: Data(contentsOf: url))
        XCTAssertEqual(canvas.pixelWidth, 256)
        XCTAssertEqual(canvas.pixelHeight, 32)
        try assertSamePixels(canvas, "RGBA, all alphas")
        let png = try canvas.pngData()
        XCTAssertEqual(colorType(png), 6)
        let image = try PNGImage(data: png)
        XCTAssertEqual(image.argb[0], 0, "alpha 0 is transparent black")
        // x = 255 is opaque: (r, g, b) = (y·8, 255 − x, x/2 + 3y) exactly; at y = 2: (16, 0, 133).
        XCTAssertEqual(image.argb[2 * 256 + 255], 0xFF10_0085)
    }

    func testEmptyCanvasAndBadLevelAreErrorsNamingTheOperation() {
        XCTAssertThrowsError(try Canvas(size: Size(0, 10)).pngData()) { error in
            XCTAssertEqual(error as? RenderError, .png(operation: "write PNG", message: "the picture has no pixels (0×20)"))
        }
        XCTAssertThrowsError(try Canvas(size: Size(4, 4)).pngData(settings: .init(filter: .up, level: 10, strategy: .standard))) { error in
            XCTAssertEqual(error as? RenderError, .png(operation: "write PNG", message: "zlib level 10 is not in 0...9"))
        }
    }
}
