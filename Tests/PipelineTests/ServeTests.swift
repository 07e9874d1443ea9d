import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest
@testable import ConvwalkCLI

/// `convwalk serve`'s server, asked over a real socket on 127.0.0.1.
final class ServeTests: XCTestCase {
    func testServesFilesInjectsReloadAndRefusesToClimbOut() async throws {
        let root = NSTemporaryDirectory() + "serve-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/figures", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "<html><body><p>hi</p></body></html>".write(toFile: root + "/index.html", atomically: true, encoding: .utf8)
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: URL(fileURLWithPath: root + "/figures/a b.png"))

        let server = PreviewServer(root: root)
        let port = try server.listen(port: 0)
        Thread { server.serveForever() }.start()
        defer { server.stop() }
        func get(_ path: String) async throws -> (Int, String?, Data) {
            let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            let http = try XCTUnwrap(response as? HTTPURLResponse)
            return (http.statusCode, http.value(forHTTPHeaderField: "Content-Type"), data)
        }

        let (status, type, page) = try await get("/")
        XCTAssertEqual(status, 200)
        XCTAssertEqual(type, "text/html; charset=utf-8")
        let html = String(decoding: page, as: UTF8.self)
        XCTAssertTrue(html.hasPrefix("<html><body><p>hi</p><script>/* convwalk serve */"), html)
        XCTAssertTrue(html.hasSuffix("</script></body></html>"))
        XCTAssertTrue(html.contains(#"var v="0""#))

        let png = try await get("/figures/a%20b.png")
        XCTAssertEqual(png.0, 200)
        XCTAssertEqual(png.1, "image/png")
        XCTAssertEqual(png.2, Data([0x89, 0x50, 0x4E, 0x47]), "non-HTML files are served as they are")

        let before = try await get("/__version").2
        server.bumpVersion()
        let after = try await get("/__version?t=1").2
        XCTAssertEqual(String(decoding: before, as: UTF8.self), "0")
        XCTAssertEqual(String(decoding: after, as: UTF8.self), "1")

        let missing = try await get("/missing.html").0
        XCTAssertEqual(missing, 404)
        XCTAssertEqual(server.respond(method: "GET", target: "/../etc/passwd").status, "404 Not Found")
        XCTAssertEqual(server.respond(method: "GET", target: "/%2E%2E/etc/passwd").status, "404 Not Found")
        XCTAssertEqual(server.respond(method: "POST", target: "/").status, "405 Method Not Allowed")
    }
}
