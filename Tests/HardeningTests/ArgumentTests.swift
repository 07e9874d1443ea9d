import Foundation
import XCTest

/// Command-line values that used to crash are usage errors.
final class ArgumentTests: XCTestCase {
    /// `--batch 0` divided by zero in the training loop.
    func testZeroBatchIsAUsageError() throws {
        let dir = try Harness.temporaryFolder(self)
        let model = Harness.repo.appendingPathComponent("models/lenet5.yaml").path
        let result = try Harness.run(["train", model, "--batch", "0", "--out", dir.path], in: dir)
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.hasPrefix("Error: --batch must be at least 1, got 0\n"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("checkpoint.cwck").path))
    }

    func testZeroLimitsAreUsageErrors() throws {
        let dir = try Harness.temporaryFolder(self)
        let model = Harness.repo.appendingPathComponent("models/lenet5.yaml").path
        for (command, option) in [("train", "--test-limit"), ("train", "--threads"), ("evaluate", "--limit")] {
            var arguments = [command, model, option, "0"]
            if command == "evaluate" { arguments += ["--checkpoint", "none.cwck"] }
            let result = try Harness.run(arguments, in: dir)
            XCTAssertEqual(result.status, 64, "\(command) \(option)")
            XCTAssertTrue(result.stderr.hasPrefix("Error: \(option) must be at least 1, got 0\n"), result.stderr)
        }
    }

    /// Values that trapped (`--batch` near Int.max, negative counts) or trained garbage
    /// (`--lr nan`), and demo settings that saved a useless "trained" run, are usage errors.
    func testOutOfRangeValuesAreUsageErrors() throws {
        let dir = try Harness.temporaryFolder(self)
        let model = Harness.repo.appendingPathComponent("models/lenet5.yaml").path
        let cases: [([String], String)] = [
            (["train", model, "--batch", "9223372036854775807"], "--batch must be at most 65536, got 9223372036854775807"),
            (["train", model, "--epochs", "9223372036854775807"], "--epochs must be at most 1000000, got 9223372036854775807"),
            (["train", model, "--lr", "nan"], "--lr must be a positive number, got nan"),
            (["train", model, "--lr", "inf"], "--lr must be a positive number, got inf"),
            (["train", model, "--lr=-1"], "--lr must be a positive number, got -1.0"),
            (["evaluate", model, "--checkpoint", "none.cwck", "--mistakes=-1"], "--mistakes must be 0 or more, got -1"),
            (["bench", "png", "--images=-1"], "--images must be at least 1, got -1"),
            (["build", "--demo-limit", "0"], "--demo-limit must be at least 1, got 0"),
            (["build", "--demo-epochs", "0"], "--demo-epochs must be at least 1, got 0"),
        ]
        for (arguments, message) in cases {
            let result = try Harness.run(arguments, in: dir)
            XCTAssertEqual(result.status, 64, arguments.joined(separator: " "))
            XCTAssertTrue(result.stderr.hasPrefix("Error: \(message)\n"), result.stderr)
        }
        XCTAssertEqual(Harness.files(under: dir), [])
    }

    /// `--lr 1e30` used to end in "EncodingError.invalidValue: -nan"; now a sentence, and a
    /// resumed run refuses flags that would silently be replaced by the checkpoint's.
    func testDivergenceAndResumeFlagsAreExplained() throws {
        let dir = try Harness.temporaryFolder(self)
        let model = Harness.repo.appendingPathComponent("models/lenet5.yaml").path
        let small = ["--limit", "128", "--test-limit", "32", "--data", Harness.repo.appendingPathComponent("data").path]
        let diverged = try Harness.run(["train", model, "--lr", "1e30", "--epochs", "2", "--out", "wild"] + small, in: dir)
        XCTAssertEqual(diverged.status, 1)
        XCTAssertTrue(diverged.stderr.hasPrefix("error: training diverged in epoch 1 (train loss "), diverged.stderr)
        XCTAssertTrue(diverged.stderr.hasSuffix("the weights became infinite or NaN; try a smaller learning rate (--lr); no checkpoint was written\n"), diverged.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("wild/checkpoint.cwck").path))

        XCTAssertEqual(try Harness.run(["train", model, "--epochs", "1", "--out", "run"] + small, in: dir).status, 0)
        let resumed = try Harness.run(["train", model, "--epochs", "2", "--out", "run", "--resume", "--batch", "32", "--lr", "0.5"] + small, in: dir)
        XCTAssertEqual(resumed.status, 1)
        XCTAssertEqual(resumed.stderr, "error: run/checkpoint.cwck: a resumed run keeps its batch size, learning rate (and its drops) and optimizer; "
                       + "drop --batch 32 (the checkpoint's is 64), --lr 0.5 (the checkpoint's is 0.001) or train into another --out\n")
    }

    /// `serve` whose first build fails used to keep running with nothing to serve.
    func testServeWithAFailingFirstBuildExits() throws {
        let dir = try Harness.temporaryFolder(self)
        let start = Date()
        let result = try Harness.run(["serve", "--no-demos", "--port", "0", "--lessons", "nowhere"], in: dir)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("nowhere"), result.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
    }
}
