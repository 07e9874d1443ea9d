import Foundation
import Lessons
import NN
import XCTest

/// Every command run on the bad inputs of `docs/ERRORS.md` (and the disk and JSON failures of
/// issue 25) ends with an exit status and a sentence: never a signal, never Foundation's
/// `EncodingError`/`DecodingError`/`NSCocoaErrorDomain` dumps.
final class ErrorWordingTests: XCTestCase {
    static let forbidden = ["EncodingError", "DecodingError", "NSCocoaErrorDomain", "Error Domain=", "CodingKeys",
                            "Fatal error", "Swift runtime failure", "Backtrace"]

    func run(_ arguments: [String], in dir: URL) throws -> (reason: Process.TerminationReason, status: Int32, output: String) {
        let p = Process()
        p.executableURL = Harness.convwalk
        p.arguments = arguments
        p.currentDirectoryURL = dir
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationReason, p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testBadInputsGiveSentencesNotDumpsOrSignals() throws {
        let dir = try Harness.temporaryFolder(self)
        let fm = FileManager.default
        func write(_ path: String, _ text: String) throws {
            let url = dir.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let repoData = Harness.repo.appendingPathComponent("data").path
        let crashes = Harness.inputs.appendingPathComponent("crashes")
        try write("lessons/a.md", "no front matter\n")
        try write("lessons/b.md", "---\ntitle: [unclosed\n---\n")
        try write("lessons/c.md", "---\ntitle: C\nslug: c\n---\n```example\nid: x\nop: conv2d\ninput: [[1]]\nkernel: [[1,2],[3,4]]\n```\n")
        try write("ex.json", "{\"id\": \"j\", \"op\": \"relu\", \"input\": [1, \"a\"]}")
        try write("broken.yaml", "name: x\ninput: [1, 28, 28]\nlayers: [\n")
        try write("empty.yaml", "")
        try write("evil.yaml", "name: ../../evil\ninput: [1, 28, 28]\nlayers: [flatten, {linear: 10}]\n")
        try write("d1/train-images-idx3-ubyte.gz", "not gzip")
        try write("d1/train-labels-idx1-ubyte.gz", "not gzip")
        try write("d1/t10k-images-idx3-ubyte.gz", "not gzip")
        try write("d1/t10k-labels-idx1-ubyte.gz", "not gzip")
        try write("afile", "")
        try write("not.cwck", "hello")
        try write("w.safetensors.json", "{\"training\": {\"batch\": \"x\"}}")
        try fm.copyItem(at: crashes.appendingPathComponent("weights/shape-overflow.safetensors"), to: dir.appendingPathComponent("w.safetensors"))
        try fm.copyItem(at: crashes.appendingPathComponent("checkpoint/batch-zero.cwck"), to: dir.appendingPathComponent("batch-zero.cwck"))
        let small = ["--data", repoData, "--limit", "64", "--test-limit", "16", "--epochs", "1"]
        let commands: [[String]] = [
            ["check", "lessons"],
            ["build", "--no-demos", "--lessons", "lessons", "--output", "site"],
            ["build", "--no-demos", "--lessons", "nowhere"],
            ["build", "--no-demos", "--lessons", HostileLessonTests.lessons.path, "--output", "afile/site"],
            ["compute", "ex.json"], ["compute", "missing.json"],
            ["models", "check", "broken.yaml"], ["models", "check", "empty.yaml"], ["models", "check", "evil.yaml"],
            ["train", "lenet5", "--data", "d1"], ["train", "lenet5", "--data", "nowhere"],
            ["train", "lenet5", "--out", "afile"] + small, ["train", "lenet5", "--out", "afile/run"] + small,
            ["train", "lenet5", "--out", "/proc/run"] + small,
            ["train", "lenet5", "--lr", "1e30", "--out", "wild"] + small,
            ["train", "lenet5", "--lr", "nan"], ["train", "lenet5", "--epochs", "abc"],
            ["evaluate", "lenet5", "--checkpoint", "not.cwck"], ["evaluate", "lenet5", "--checkpoint", "batch-zero.cwck"],
            ["evaluate", "lenet5", "--checkpoint", "missing.cwck"],
            ["export", "not.cwck", "--out", "x.safetensors"],
            ["import", "w.safetensors", "--model", "lenet5", "--out", "runs/w", "--data", repoData],
            ["import", "missing.safetensors", "--model", "lenet5", "--out", "runs/m"],
            ["data", "fetch", "mnist", "--url", "http://127.0.0.1:1/", "--out", "fetched"],
            ["serve", "--no-demos", "--port", "0", "--lessons", "nowhere"],
        ]
        for arguments in commands {
            let r = try run(arguments, in: dir)
            let name = arguments.joined(separator: " ")
            XCTAssertEqual(r.reason, .exit, "\(name): killed by signal \(r.status)\n\(r.output)")
            XCTAssertNotEqual(r.status, 0, "\(name) must fail")
            XCTAssertFalse(r.output.isEmpty, "\(name) must say why")
            for word in Self.forbidden {
                XCTAssertFalse(r.output.contains(word), "\(name) printed \(word):\n\(r.output)")
            }
        }
    }

    /// `1e308` became ∞ in Float (and then "EncodingError.invalidValue: inf" in `compute`),
    /// while `.inf` was rejected: both are refused now.
    func testNumberBeyondFloatIsRefused() {
        let report = CourseChecker.checkExample(ExampleBlock(source: "id: a\nop: relu\ninput: [1, 1e308]\n", file: "ex.yaml", line: 1))
        XCTAssertEqual(report.errors.map(\.description), ["ex.yaml:3:12: a: `input`: 1e308 is beyond ±3.4e38, the range of the kernels' 32-bit numbers"])
    }

    /// A 300-character slug and slugs that differ only in case passed `check`, then failed `build`.
    func testLongAndCaseOnlyDifferentSlugsAreCaughtByCheck() throws {
        let long = String(repeating: "a", count: 300)
        XCTAssertThrowsError(try LessonParser.parse("---\ntitle: T\nslug: \(long)\n---\n", file: "l.md")) { error in
            XCTAssertEqual("\(error)", "l.md:3:7: slug is 300 characters long; the limit is 100 (it becomes a file name)")
        }
        let dir = try Harness.temporaryFolder(self)
        try "---\ntitle: A\nslug: Conv\n---\n".write(to: dir.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        try "---\ntitle: B\nslug: conv\n---\n".write(to: dir.appendingPathComponent("b.md"), atomically: true, encoding: .utf8)
        let report = CourseChecker.check(paths: [dir.path])
        XCTAssertEqual(report.errors.map(\.message), ["duplicate slug \"conv\" (en); first used in \(dir.appendingPathComponent("a.md").path)"])
    }

    /// libyaml's nesting message named a C function.
    func testDeepNestingIsExplainedWithoutCNames() {
        let yaml = "name: x\ninput: [1, 28, 28]\nlayers: " + String(repeating: "[", count: 2000) + "\n"
        XCTAssertThrowsError(try ModelSpec.parse(yaml: yaml, file: "m.yaml")) { error in
            XCTAssertFalse("\(error)".contains("yaml_set"), "\(error)")
            XCTAssertTrue("\(error)".contains("nested too deeply (more than 1000 levels)"), "\(error)")
        }
    }
}
