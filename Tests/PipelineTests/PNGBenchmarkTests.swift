import Foundation
import Pipeline
import Render
import XCTest

final class PNGBenchmarkTests: XCTestCase {
    func testComparesEncodersOnTheSitePicturesAndFindsTheSamePixels() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-pngbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("figures"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let drawing = Drawing(size: Size(60, 30), alt: "two boxes") { canvas in
            canvas.fill(Rect(x: 4, y: 4, width: 20, height: 20), Color(r: 0.9, g: 0.6, b: 0, a: 1))
            canvas.text("3×3", at: Point(30, 15), font: Font(size: 12), v: .capCenter)
        }
        try writePNG(try drawing.png(), to: dir.appendingPathComponent("figures/a.png"))
        try writePNG(try drawing.png(scale: 1), to: dir.appendingPathComponent("b.png"))

        let settings = [PNGEncoder.Settings.course, PNGEncoder.Settings(filter: .none, level: 1, strategy: .rle)]
        let result = try PNGBenchmark.run(folder: dir.path, rounds: 1, candidates: settings)
        XCTAssertEqual(result.images, 2)
        XCTAssertEqual(result.megapixels, Double(120 * 60 + 60 * 30) / 1e6, accuracy: 1e-12)
        XCTAssertEqual(result.rows.map(\.encoder), ["cairo", "filter up, zlib 3 standard", "filter none, zlib 1 rle"])
        XCTAssertEqual(result.rows.map(\.differing), [0, 0, 0])
        XCTAssertTrue(result.rows.allSatisfy { $0.bytes > 100 && $0.msPerImage > 0 })
    }

    func testAFolderWithoutPicturesIsAnError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-pngbench-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertThrowsError(try PNGBenchmark.run(folder: dir.path)) { error in
            XCTAssertTrue("\(error)".contains("no PNG files; build the site first"), "\(error)")
        }
    }
}
