import Foundation
import XCTest
@testable import Preview

/// The poller behind `convwalk serve`'s rebuilds.
final class FolderWatchTests: XCTestCase {
    private func scratch() throws -> String {
        let dir = NSTemporaryDirectory() + "watch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/ko", withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    func testSignatureSeesAddedResizedAndRemovedFiles() throws {
        let dir = try scratch()
        try "# one".write(toFile: dir + "/01.md", atomically: false, encoding: .utf8)
        let first = FolderWatch.signature(dir)
        XCTAssertEqual(first.count, 2, "\(first)")
        XCTAssertTrue(first[0].hasPrefix("01.md 5 "), first[0])
        XCTAssertTrue(first[1].hasPrefix("ko "), first[1])
        XCTAssertEqual(FolderWatch.signature(dir), first, "nothing changed")
        try "# one, longer".write(toFile: dir + "/01.md", atomically: false, encoding: .utf8)
        let resized = FolderWatch.signature(dir)
        XCTAssertNotEqual(resized, first)
        try "# 하나".write(toFile: dir + "/ko/01.md", atomically: false, encoding: .utf8)
        let added = FolderWatch.signature(dir)
        XCTAssertTrue(added.contains { $0.hasPrefix("ko/01.md 8 ") }, "\(added)")
        try FileManager.default.removeItem(atPath: dir + "/ko/01.md")
        let removed = FolderWatch.signature(dir)
        XCTAssertNotEqual(removed, added)
        XCTAssertEqual(removed.count, 2, "\(removed)")
        XCTAssertEqual(removed[0], resized[0], "01.md untouched")
        XCTAssertEqual(FolderWatch.signature(dir + "/missing"), [])
    }

    func testWatchCallsBackOnceAChangeAndNotAfterStop() throws {
        let dir = try scratch()
        try "a".write(toFile: dir + "/01.md", atomically: false, encoding: .utf8)
        let changed = expectation(description: "a change is seen")
        let calls = Calls()
        let watch = FolderWatch(dir, interval: 0.05) {
            if calls.add() == 1 { changed.fulfill() }
        }
        watch.start()
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(calls.count, 0, "no change, no call")
        try "ab".write(toFile: dir + "/01.md", atomically: false, encoding: .utf8)
        wait(for: [changed], timeout: 5)
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(calls.count, 1, "one change, one call")
        watch.stop()
        Thread.sleep(forTimeInterval: 0.2)
        try "abc".write(toFile: dir + "/01.md", atomically: false, encoding: .utf8)
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertEqual(calls.count, 1, "a stopped watch calls no more")
    }
}

private final class Calls: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n }
    var count: Int { lock.lock(); defer { lock.unlock() }; return n }
}
