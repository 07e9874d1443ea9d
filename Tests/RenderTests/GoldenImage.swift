import Foundation
import Render
import XCTest

/// Compares a picture with its golden PNG in `Goldens/`, pixel by pixel with a small
/// tolerance. Set `CONVWALK_RECORD_GOLDENS=1` to write the current picture as the new golden
/// (into the source tree), then look at the diff before committing it.
enum GoldenImage {
    static let tolerance = 10
    /// The share of pixels allowed to differ beyond `tolerance` (antialiasing noise).
    static let allowedShare = 0.002

    static func assertMatches(_ image: RenderedImage, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let source = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Goldens/\(name).png")
        if ProcessInfo.processInfo.environment["CONVWALK_RECORD_GOLDENS"] == "1" {
            try writePNG(image, to: source)
            return
        }
        guard let url = Bundle.module.url(forResource: "Goldens/\(name)", withExtension: "png")
            ?? Bundle.module.resourceURL?.appendingPathComponent("Goldens/\(name).png"),
              let data = try? Data(contentsOf: url) else {
            XCTFail("golden \(name).png is missing; record it with CONVWALK_RECORD_GOLDENS=1", file: file, line: line)
            return
        }
        XCTAssertLessThan(data.count, 100_000, "golden \(name).png is too large", file: file, line: line)
        let golden = try PNGImage(data: data), actual = try PNGImage(data: image.png)
        guard let diff = actual.differingPixels(from: golden, tolerance: tolerance) else {
            XCTFail("\(name): size \(actual.width)×\(actual.height), golden \(golden.width)×\(golden.height)", file: file, line: line)
            return
        }
        let allowed = Int(Double(actual.width * actual.height) * allowedShare)
        XCTAssertLessThanOrEqual(diff, allowed, "\(name): \(diff) pixels differ from the golden", file: file, line: line)
    }
}
