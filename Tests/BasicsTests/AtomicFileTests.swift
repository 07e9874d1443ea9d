import Basics
import Foundation
import XCTest

final class AtomicFileTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("convwalk-atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func testWritesReplacesAndLeavesNoTemporary() throws {
        let path = "\(dir!)/a.bin"
        try AtomicFile.write(Data([1, 2, 3]), to: path)
        try AtomicFile.write(Data([4, 5]), to: path)
        XCTAssertEqual(FileManager.default.contents(atPath: path), Data([4, 5]))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["a.bin"])
    }

    /// Many threads writing the same file: each write is whole, none fails on another's temporary.
    func testConcurrentWritersOfOnePathEachLandWhole() throws {
        let path = "\(dir!)/same.bin"
        let failures = NSLock()
        nonisolated(unsafe) var errors: [Error] = []
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            do { try AtomicFile.write(Data(repeating: UInt8(i), count: 100_000), to: path) } catch {
                failures.lock(); errors.append(error); failures.unlock()
            }
        }
        XCTAssertTrue(errors.isEmpty, "\(errors)")
        let data = try XCTUnwrap(FileManager.default.contents(atPath: path))
        XCTAssertEqual(data.count, 100_000)
        XCTAssertEqual(Set(data).count, 1, "one writer's bytes, not a mix")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["same.bin"])
    }

    /// A dead writer's temporary (old `.NAME.PID.tmp` or `.NAME.PID.SEQ.tmp`) is removed; a live one's stays.
    func testADeadWritersTemporaryIsRemovedALiveOnesIsNot() throws {
        let names = [".f.99999999.tmp", ".f.99999998.3.tmp", ".f.1.2.tmp", ".g.99999999.tmp"]
        for n in names { try Data("x".utf8).write(to: URL(fileURLWithPath: "\(dir!)/\(n)")) }
        try AtomicFile.write(Data("new".utf8), to: "\(dir!)/f")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), [".f.1.2.tmp", ".g.99999999.tmp", "f"])
    }

    func testAFailureSaysWhyInTheSystemsWords() {
        XCTAssertThrowsError(try AtomicFile.write(Data(), to: "\(dir!)/missing/f")) { error in
            XCTAssertEqual(error as? FileWriteError, FileWriteError(path: "\(dir!)/missing/f", reason: "No such file or directory"))
            XCTAssertEqual("\(error)", "\(dir!)/missing/f: cannot write: No such file or directory")
        }
    }

    func testAFolderIsSwappedInWholeAndTheOldOneRemoved() throws {
        let fm = FileManager.default
        let folder = "\(dir!)/site", staging = "\(dir!)/.site.staging"
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try AtomicFile.write(Data("old".utf8), to: "\(folder)/index.html")
        try AtomicFile.write(Data("stale".utf8), to: "\(folder)/gone.html")
        try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try AtomicFile.write(Data("new".utf8), to: "\(staging)/index.html")
        try AtomicFolder.replace(folder, with: staging)
        XCTAssertEqual(try String(contentsOfFile: "\(folder)/index.html", encoding: .utf8), "new")
        XCTAssertFalse(fm.fileExists(atPath: "\(folder)/gone.html"))
        XCTAssertFalse(fm.fileExists(atPath: staging))
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: dir), ["site"])  // no aside folder left
        // Into a place that did not exist yet.
        try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try AtomicFolder.replace("\(dir!)/fresh", with: staging)
        XCTAssertTrue(fm.fileExists(atPath: "\(dir!)/fresh"))
    }

    func testAFailedFolderSwapPutsTheOldFolderBack() throws {
        let folder = "\(dir!)/run"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try AtomicFile.write(Data("old".utf8), to: "\(folder)/run.json")
        XCTAssertThrowsError(try AtomicFolder.replace(folder, with: "\(dir!)/missing-staging")) { error in
            XCTAssertEqual(error as? FolderSwapError, FolderSwapError(step: .moveNewIn, path: folder, errno: ENOENT))
            XCTAssertEqual("\(error)", "\(folder): cannot move the new folder into place: No such file or directory")
        }
        XCTAssertEqual(try String(contentsOfFile: "\(folder)/run.json", encoding: .utf8), "old")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["run"])
    }

    func testSourceLocationReadsAsFileLineColumn() {
        XCTAssertEqual("\(SourceLocation(file: "m.yaml", line: 4, column: 36))", "m.yaml:4:36")
        XCTAssertEqual(SourceLocation(file: "l.md", line: 9), SourceLocation(file: "l.md", line: 9, column: 1))
    }
}
