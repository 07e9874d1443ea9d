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
}
