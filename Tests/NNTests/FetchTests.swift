import Basics
import XCTest
@testable import NN

/// `DataFetcher` against a local HTTP server (Python's http.server on a free port).
final class FetchTests: XCTestCase {
    static let server = """
    import http.server, sys, time
    files = {"/good.gz": b"good bytes", "/other.gz": b"other bytes", "/bad.gz": b"not what the md5 says"}
    class H(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a): pass
        def do_GET(self):
            if self.path in ("/endless.gz", "/trickle.gz"):
                self.send_response(200); self.end_headers()
                try:
                    while True:
                        self.wfile.write(b"x" * (65536 if self.path == "/endless.gz" else 1)); self.wfile.flush()
                        if self.path == "/trickle.gz": time.sleep(0.5)
                except OSError:
                    return
            if self.path == "/short.gz":
                self.send_response(200); self.send_header("Content-Length", "1000"); self.end_headers()
                self.wfile.write(b"only a few bytes"); self.wfile.flush(); self.close_connection = True; return
            body = files.get(self.path)
            if body is None:
                self.send_error(404); return
            self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
            self.wfile.write(body)
    s = http.server.HTTPServer(("127.0.0.1", 0), H)
    print(s.server_address[1], flush=True)
    s.serve_forever()
    """

    var process: Process!
    var base = ""
    var dir = ""

    override func setUpWithError() throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", Self.server]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        let port = try XCTUnwrap(Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        base = "http://127.0.0.1:\(port)/"
        dir = NSTemporaryDirectory() + "fetch-\(UUID().uuidString)"
    }

    override func tearDown() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: dir)
    }

    func fetch(_ files: [(String, String)], base: String? = nil) async throws -> [String: DataFetcher.Outcome] {
        let set = RemoteDataset(name: "test", baseURLs: [], files: files)
        var outcomes: [String: DataFetcher.Outcome] = [:]
        try await DataFetcher(dataset: set, baseURL: base ?? self.base, directory: dir, timeout: 10).run { outcomes[$0] = $1 }
        return outcomes
    }

    func testGoodFilesDownloadOnceAndAreKept() async throws {
        let files = [("good.gz", Digest.md5(Array("good bytes".utf8))), ("other.gz", Digest.md5(Array("other bytes".utf8)))]
        // What an interrupted earlier run leaves behind is cleared (pid_max is at most 2^22,
        // so that writer is gone).
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("half".utf8).write(to: URL(fileURLWithPath: "\(dir)/.good.gz.99999999.tmp"))
        let first = try await fetch(files)
        XCTAssertEqual(first, ["good.gz": .downloaded(bytes: 10), "other.gz": .downloaded(bytes: 11)])
        XCTAssertEqual(FileManager.default.contents(atPath: "\(dir)/good.gz"), Data("good bytes".utf8))
        let again = try await fetch(files)
        XCTAssertEqual(again, ["good.gz": .alreadyPresent, "other.gz": .alreadyPresent])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["good.gz", "other.gz"])
    }

    func testBadChecksumLeavesNoFile() async throws {
        do {
            _ = try await fetch([("bad.gz", "00000000000000000000000000000000")])
            XCTFail("expected a checksum error")
        } catch let error as DataError {
            XCTAssertEqual(error, .checksumMismatch(file: base + "bad.gz", algorithm: "md5", expected: "00000000000000000000000000000000",
                                                    actual: Digest.md5(Array("not what the md5 says".utf8))))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [])
    }

    func testTruncatedBodyAnd404AndOffline() async throws {
        for (name, reason) in [("short.gz", nil), ("missing.gz", "HTTP 404")] as [(String, String?)] {
            do {
                _ = try await fetch([(name, "00000000000000000000000000000000")])
                XCTFail("\(name): expected an error")
            } catch let DataError.download(url, why) {
                XCTAssertEqual(url, base + name)
                if let reason { XCTAssertEqual(why, reason) }
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: "\(dir)/\(name)"))
        }
        do {
            _ = try await fetch([("good.gz", "0")], base: "http://127.0.0.1:9/")
            XCTFail("expected an error")
        } catch let DataError.download(_, why) {
            XCTAssertTrue(why.hasPrefix("cannot reach the server (offline?)"), why)
        }
    }

    /// A server that streams forever used to grow memory without bound (5.6 GB in 35 s); one
    /// that trickles a byte at a time kept the fetch waiting forever. Both are cut off, with
    /// the bound in words, and leave nothing behind.
    func testEndlessAndTricklingServersAreCutOff() async throws {
        let set = RemoteDataset(name: "test", baseURLs: [], files: [("endless.gz", "0"), ("trickle.gz", "0")],
                                sizes: ["endless.gz": 1 << 20])
        let fetcher = DataFetcher(dataset: set, baseURL: base, directory: dir, timeout: 3, deadline: 2)
        let start = Date()
        do {
            try await fetcher.run()
            XCTFail("the endless download must fail")
        } catch {
            XCTAssertEqual("\(error)", "\(base)endless.gz: download failed: the server sent more than 1048576 bytes, the file's size")
        }
        let trickle = RemoteDataset(name: "test", baseURLs: [], files: [("trickle.gz", "0")])
        do {
            try await DataFetcher(dataset: trickle, baseURL: base, directory: dir, timeout: 3, deadline: 2).run()
            XCTFail("the trickling download must fail")
        } catch {
            XCTAssertEqual("\(error)", "\(base)trickle.gz: download failed: gave up after 2 s (the whole download may take at most that long)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 15)
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [], [])
    }
}
