import Foundation
import Lessons
import NN
import XCTest

/// One writer per output: a second `build` waits for the first (two at once mixed two sites
/// in 1 of 18 trials), `import` does not overwrite a trained run without `--force`, and an
/// unreadable lesson folder is an error instead of lessons silently missing from the site.
final class OneWriterTests: XCTestCase {
    /// A build started while another process holds the site's lock says who holds it, waits,
    /// and finishes once the lock is released.
    func testSecondBuildWaitsForTheLockHolder() throws {
        let dir = try Harness.temporaryFolder(self)
        var lock: OutputLock? = try OutputLock(folder: dir.appendingPathComponent("site").path, command: "the test's holder")
        let p = Process()
        p.executableURL = Harness.convwalk
        p.arguments = ["build", "--no-demos", "--lessons", HostileLessonTests.lessons.path, "--output", "site"]
        p.currentDirectoryURL = dir
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: 3)
        XCTAssertTrue(p.isRunning, "the build must wait for the lock")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("site/index.html").path))
        withExtendedLifetime(lock) {}
        lock = nil
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertTrue(text.hasPrefix("site is being written by the test's holder (pid \(getpid())); waiting for it to finish\n"), text)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("site/index.html").path))
    }

    /// `import --out runs/X` over a trained run: refused without `--force`; with it, the folder
    /// holds exactly the imported run (no stale metrics.jsonl beside the new checkpoint).
    func testImportDoesNotOverwriteARunWithoutForce() throws {
        let dir = try Harness.temporaryFolder(self)
        let data = ["--data", Harness.repo.appendingPathComponent("data").path]
        XCTAssertEqual(try Harness.run(["train", "lenet5", "--epochs", "1", "--limit", "64", "--test-limit", "16", "--out", "runs/x"] + data, in: dir).status, 0)
        XCTAssertEqual(try Harness.run(["export", "runs/x/checkpoint.cwck", "--out", "w.safetensors"], in: dir).status, 0)
        let before = try Data(contentsOf: dir.appendingPathComponent("runs/x/checkpoint.cwck"))
        let refused = try Harness.run(["import", "w.safetensors", "--model", "lenet5", "--out", "runs/x", "--test-limit", "16"] + data, in: dir)
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stderr, "error: runs/x already holds checkpoint.cwck, metrics.jsonl, run.json; add --force to replace it, or import into another --out\n")
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("runs/x/checkpoint.cwck")), before)

        let forced = try Harness.run(["import", "w.safetensors", "--model", "lenet5", "--out", "runs/x", "--test-limit", "16", "--force"] + data, in: dir)
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("runs/x").path).sorted(),
                       ["checkpoint.cwck", "model.yaml", "run.json"])
        XCTAssertEqual(Harness.files(under: dir.appendingPathComponent("runs")).filter { !$0.hasSuffix(".lock") },
                       ["x/checkpoint.cwck", "x/model.yaml", "x/run.json"])
    }

    /// `--out` that is a file, or whose name is not a model name, is refused in words.
    func testImportOutThatCannotBeARunIsRefused() throws {
        let dir = try Harness.temporaryFolder(self)
        try Data().write(to: dir.appendingPathComponent("afile"))
        let file = try Harness.run(["import", "none.safetensors", "--model", "lenet5", "--out", "afile"], in: dir)
        XCTAssertEqual(file.stderr, "error: --out afile is a file; expected a run folder (runs/NAME)\n")
        let dots = try Harness.run(["import", "none.safetensors", "--model", "lenet5", "--out", "runs/.."], in: dir)
        XCTAssertTrue(dots.stderr.hasPrefix("error: --out runs/..: the folder's name is the model's name; model name \"..\" may hold only"), dots.stderr)
    }

    /// A lesson folder that cannot be listed (permissions, as a non-root user) is an error
    /// naming it; it used to be skipped with exit status 0.
    func testUnreadableLessonFolderIsAnError() throws {
        let dir = try Harness.temporaryFolder(self)
        let sub = dir.appendingPathComponent("lessons/part2")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try "x".write(to: dir.appendingPathComponent("lessons/a.md"), atomically: true, encoding: .utf8)
        let lister = { (folder: String) throws -> [String] in
            if folder.hasSuffix("part2") { throw CocoaError(.fileReadNoPermission, userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES))]) }
            return try FileManager.default.contentsOfDirectory(atPath: folder)
        }
        XCTAssertThrowsError(try CourseChecker.lessonFiles([dir.appendingPathComponent("lessons").path], list: lister)) { error in
            XCTAssertEqual("\(error)", "\(sub.path):1:1: cannot read the folder (Permission denied); its lessons would be missing from the site")
        }
        XCTAssertEqual(try CourseChecker.lessonFiles([dir.appendingPathComponent("lessons").path]), [dir.appendingPathComponent("lessons/a.md").path])
    }
}
