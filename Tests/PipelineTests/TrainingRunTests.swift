import Foundation
import NN
import XCTest
@testable import Pipeline

/// The training loop of `convwalk train`, without the CLI.
final class TrainingRunTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "trainrun-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir + "/runs/tiny"
    }

    func data() throws -> (ModelSpec, Dataset, Dataset) {
        let spec = try ModelSpec.parse(yaml: "name: tiny\ninput: [1, 28, 28]\nlayers: [{conv: {filters: 2, kernel: 5, stride: 3}}, relu, flatten, {linear: 10}]\n")
        let dir = Self.repo.appendingPathComponent("data").path
        return (spec, try DataDirectory.load(dir, split: .train).randomSubset(48, seed: 1), try DataDirectory.load(dir, split: .test).prefix(16))
    }

    /// Two epochs, then one more on resume: one metrics line per epoch, a run.json whose command
    /// reproduces the run, and the epochs reported as they finish.
    func testEpochsWriteCheckpointMetricsAndRunInfoAndResume() throws {
        let (spec, train, test) = try data()
        let out = try folder()
        var reported: [Int] = []
        let options = TrainingRunOptions(modelArgument: "tiny.yaml", epochs: 2, batch: 16, seed: 3, out: out, limit: 48)
        let first = try TrainingRun.run(spec, train: train, test: test, options, report: { if case let .epoch(m) = $0 { reported.append(m.epoch) } })
        XCTAssertEqual(reported, [1, 2])
        XCTAssertEqual(first.epoch, 2)
        let lines = try String(contentsOfFile: out + "/metrics.jsonl", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        let info = try JSONDecoder().decode(DemoRunInfo.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/run.json")))
        XCTAssertEqual(info.command, "convwalk train tiny.yaml --epochs 2 --seed 3 --out \(out) --batch 16 --limit 48",
                       "the command names the batch size it trained with")
        XCTAssertEqual(info.batch, 16)

        var resumed = options
        resumed.epochs = 3
        resumed.batch = nil
        resumed.resume = true
        let third = try TrainingRun.run(spec, train: train, test: test, resumed)
        XCTAssertEqual(third.epoch, 3)
        XCTAssertEqual(third.batchSize, 16, "a resumed run keeps its batch size")
        XCTAssertEqual(try String(contentsOfFile: out + "/metrics.jsonl", encoding: .utf8).split(separator: "\n").count, 3)

        resumed.epochs = 4
        resumed.batch = 32
        XCTAssertThrowsError(try TrainingRun.run(spec, train: train, test: test, resumed)) { error in
            XCTAssertEqual("\(error)", "\(out)/checkpoint.cwck: a resumed run keeps its batch size, learning rate (and its drops) and optimizer; drop --batch 32 (the checkpoint's is 16) or train into another --out")
        }
        resumed.batch = nil
        resumed.rateDrops = [3]
        XCTAssertThrowsError(try TrainingRun.run(spec, train: train, test: test, resumed)) { error in
            XCTAssertEqual("\(error)", "\(out)/checkpoint.cwck: a resumed run keeps its batch size, learning rate (and its drops) and optimizer; drop --lr-drop 3 (the checkpoint's is none) or train into another --out")
        }
        XCTAssertEqual(try Checkpoint.read(path: out + "/checkpoint.cwck").epoch, 3)
    }

    /// `--lr-drop`: the schedule is kept by the checkpoint, named in run.json's command, and a
    /// run resumed across the drop ends with the same loss history as one trained straight.
    func testLearningRateDropsSurviveResumeAndAreInTheCommand() throws {
        let (spec, train, test) = try data()
        let straightOut = try folder(), resumedOut = try folder()
        var options = TrainingRunOptions(modelArgument: "tiny.yaml", epochs: 3, optimizer: .sgd, rateDrops: [2], seed: 3,
                                         out: straightOut, limit: 48)
        let straight = try TrainingRun.run(spec, train: train, test: test, options)
        let info = try JSONDecoder().decode(DemoRunInfo.self, from: Data(contentsOf: URL(fileURLWithPath: straightOut + "/run.json")))
        XCTAssertEqual(info.command, "convwalk train tiny.yaml --epochs 3 --seed 3 --out \(straightOut) --optimizer sgd --lr-drop 2 --limit 48")

        options.out = resumedOut
        options.epochs = 1
        _ = try TrainingRun.run(spec, train: train, test: test, options)
        options.epochs = 3
        options.rateDrops = nil
        options.optimizer = nil
        options.resume = true
        let resumed = try TrainingRun.run(spec, train: train, test: test, options)
        XCTAssertEqual(resumed.optimizer.rateDrops, [2])
        XCTAssertEqual(resumed.history.map(\.trainLoss), straight.history.map(\.trainLoss))
        XCTAssertEqual(resumed.network.parameters, straight.network.parameters)
    }

    /// A diverging first epoch writes nothing and says so.
    func testDivergingRunWritesNoCheckpoint() throws {
        let (spec, train, test) = try data()
        let out = try folder()
        XCTAssertThrowsError(try TrainingRun.run(spec, train: train, test: test,
                                                 TrainingRunOptions(modelArgument: "tiny", epochs: 2, learningRate: 1e30, out: out))) { error in
            XCTAssertTrue("\(error)".hasPrefix("training diverged in epoch 1 ("), "\(error)")
            XCTAssertTrue("\(error)".hasSuffix("try a smaller learning rate (--lr); no checkpoint was written"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/checkpoint.cwck"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/metrics.jsonl"))
    }
}
