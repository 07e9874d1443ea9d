import XCTest
@testable import Site

/// Validates generated pages with HTML Tidy. (The sample site for the browser tests is
/// written by `scripts/sample-site.sh`.)
final class SampleSiteTests: XCTestCase {
    func testTidyFindsNoErrors() throws {
        let tidy = URL(fileURLWithPath: "/usr/bin/tidy")
        guard FileManager.default.isExecutableFile(atPath: tidy.path) else {
            throw XCTSkip("tidy is not installed (apt-get install tidy)")
        }
        let pages = try SiteBuilder.renderPages(SampleSite.model())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("site-tidy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        XCTAssertEqual(pages.count, 11)
        for (path, html) in pages.sorted(by: { $0.key < $1.key }) where path.hasSuffix(".html") {
            let file = folder.appendingPathComponent(path.replacingOccurrences(of: "/", with: "_"))
            try Data(html.utf8).write(to: file)
            // x-equation is md4c's custom element for math; Tidy 5.6 needs to be told about it.
            let (status, report) = try run(tidy, ["-e", "-q", "--custom-tags", "inline", file.path])
            let errors = report.split(separator: "\n").filter { $0.contains("Error:") }
            XCTAssertEqual(errors, [], "\(path):\n\(report)")
            XCTAssertLessThan(status, 2, "\(path): tidy exit \(status)\n\(report)")
        }
    }

    private func run(_ tool: URL, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
