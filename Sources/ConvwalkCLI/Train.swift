import ArgumentParser
import Foundation
import NN
import Pipeline
import Tensor

/// `convwalk train MODEL`: trains a built-in or YAML model on MNIST with checkpoints.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a model (a built-in name or a YAML file) on MNIST-format data.",
        discussion: """
        Writes into --out: checkpoint.cwck after every epoch and metrics.jsonl (one JSON line per \
        epoch: epoch, trainLoss, trainAccuracy, testLoss, testAccuracy, seconds, imagesPerSecond). \
        --resume continues from --out's checkpoint; with the same seed and thread count the result \
        is bit-for-bit that of an uninterrupted run.
        """)

    @Argument(help: "A built-in model (lenet5, simpleconvnet, cnn3, alexnet-mini) or a model YAML file.")
    var model: String

    @Option(help: "Epochs to train in total (counting those already in a resumed checkpoint).")
    var epochs = 10
    @Option(help: "Minibatch size, 1...65536 (default: 64; a resumed run keeps its own).")
    var batch: Int?
    @Option(help: "Learning rate, a positive number (default: 0.001 for adam, 0.01 for momentum, 0.05 for sgd; a resumed run keeps its own).")
    var lr: Float?
    @Option(help: "adam, sgd or momentum (default: adam; a resumed run keeps its own).")
    var optimizer: OptimizerKind?
    @Option(help: "Seed for the initial weights, shuffling and dropout.")
    var seed: UInt64 = 1
    @Option(help: "Data directory with IDX files (default: the repository's data/); 'fashion-mnist' for Debian's package.")
    var data: String?
    @Option(help: "Cores to split each batch across (default: all).")
    var threads: Int?
    @Option(help: "Run folder for checkpoint.cwck, metrics.jsonl and run.json (default: runs/MODEL, where `convwalk build` looks for demo runs).")
    var out: String?
    @Option(help: "Train on a random subset of this many training images.")
    var limit: Int?
    @Option(help: "Evaluate on the first this many test images.")
    var testLimit: Int?
    @Flag(help: "Continue from the checkpoint in --out.")
    var resume = false

    /// The most epochs a run may plan: a typo such as `--epochs 9223372036854775807` is refused.
    static let maxEpochs = 1_000_000

    func validate() throws {
        try requirePositive(["--epochs": epochs, "--batch": batch, "--threads": threads, "--limit": limit, "--test-limit": testLimit])
        try requireAtMost(["--epochs": (epochs, Self.maxEpochs), "--batch": (batch, TrainingSession.maxBatchSize)])
        if let lr, !(lr.isFinite && lr > 0) {
            throw ValidationError("--lr must be a positive number, got \(lr)")
        }
    }

    func run() throws {
        do {
            try train()
        } catch let error as ExitCode {
            throw error
        } catch {
            Console.err("error: " + ErrorWords.describe(error))
            throw ExitCode.failure
        }
    }

    private func train() throws {
        if let threads { Parallelism.threads = threads }
        let spec = try BuiltinModels.resolve(model)
        let dir = try DataDirectory.resolve(data)
        // Any byte is read as a label here; checkFits then names a label the model has no output for.
        let trainSet = try DataDirectory.load(dir, split: .train, classes: 256).randomSubset(limit, seed: seed)
        let testSet = try DataDirectory.load(dir, split: .test, classes: 256).prefix(testLimit)
        try trainSet.checkFits(spec)
        try testSet.checkFits(spec)
        let outDir = out ?? "runs/\(spec.name)"
        let lock = try OutputLock(folder: outDir, command: "convwalk train") { Console.err($0) }
        defer { withExtendedLifetime(lock) {} }
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        let checkpoint = "\(outDir)/checkpoint.cwck"

        var session: TrainingSession
        if resume {
            session = try Checkpoint.read(path: checkpoint, expecting: spec)
            try checkResumeFlags(session, checkpoint: checkpoint)
            Console.out("resuming \(spec.name) from \(checkpoint) after epoch \(session.epoch)")
        } else {
            session = try TrainingSession(spec: spec, optimizer: Optimizer(kind: optimizer ?? .adam, learningRate: lr),
                                          batchSize: batch ?? 64, seed: seed)
        }
        Console.out("training \(spec.name) (\(session.network.parameterCount) parameters) on \(trainSet.count) images, "
                    + "testing on \(testSet.count); \(session.optimizer.kind.rawValue) lr \(session.optimizer.learningRate), "
                    + "batch \(session.batchSize), seed \(seed), \(Parallelism.threads) thread(s)")
        let bar = ProgressLine()
        while session.epoch < epochs {
            let m: EpochMetrics
            do {
                m = try session.trainEpoch(train: trainSet, test: testSet, epochs: epochs) { bar.show($0) }
            } catch let error as TrainingError {
                bar.clear()
                guard case .diverged = error else { throw error }
                let kept = session.epoch > 0 ? "\(checkpoint) still holds epoch \(session.epoch)" : "no checkpoint was written"
                throw TrainFailure(message: "\(error) (--lr); \(kept)")
            }
            bar.finish(String(format: "epoch %ld/%ld  loss %.4f  acc %.2f%%  test loss %.4f  test acc %.2f%%  %.1fs  %.0f img/s",
                              m.epoch, epochs, m.trainLoss, 100 * m.trainAccuracy, m.testLoss, 100 * m.testAccuracy,
                              m.seconds, m.imagesPerSecond))
            try Checkpoint.write(session, to: checkpoint)
            try writeMetrics(session.history, to: "\(outDir)/metrics.jsonl")
            try runInfo(session, trainSet: trainSet, testSet: testSet, outDir: outDir).write(toRunFolder: outDir)
        }
        if let last = session.history.last {
            Console.out(String(format: "final test accuracy %.2f%% after %ld epochs; checkpoint %@", 100 * last.testAccuracy, last.epoch, checkpoint))
        }
    }

    /// What `convwalk build --model` shows about this run, and the command that reproduces it.
    private func runInfo(_ session: TrainingSession, trainSet: Dataset, testSet: Dataset, outDir: String) -> DemoRunInfo {
        var command = "convwalk train \(model) --epochs \(session.epoch) --seed \(seed) --out \(outDir)"
        if let limit { command += " --limit \(limit)" }
        if let testLimit { command += " --test-limit \(testLimit)" }
        if let data { command += " --data \(data)" }
        return DemoRunInfo(model: session.network.spec.name, seed: seed, epochs: session.epoch, trainImages: trainSet.count,
                           testImages: testSet.count, batch: session.batchSize, optimizer: session.optimizer.kind.rawValue,
                           learningRate: session.optimizer.learningRate, threads: Parallelism.threads,
                           seconds: session.history.reduce(0) { $0 + $1.seconds }, command: command)
    }

    /// A resumed run keeps the checkpoint's batch size, learning rate and optimizer (changing
    /// them mid-run would break bit-for-bit resumption): a flag that asks for another is refused.
    private func checkResumeFlags(_ session: TrainingSession, checkpoint: String) throws {
        var clashes: [String] = []
        if let batch, batch != session.batchSize { clashes.append("--batch \(batch) (the checkpoint's is \(session.batchSize))") }
        if let lr, lr != session.optimizer.learningRate {
            clashes.append("--lr \(lr) (the checkpoint's is \(session.optimizer.learningRate))")
        }
        if let optimizer, optimizer != session.optimizer.kind {
            clashes.append("--optimizer \(optimizer.rawValue) (the checkpoint's is \(session.optimizer.kind.rawValue))")
        }
        guard clashes.isEmpty else {
            throw TrainFailure(message: "\(checkpoint): a resumed run keeps its batch size, learning rate and optimizer; "
                               + "drop \(clashes.joined(separator: ", ")) or train into another --out")
        }
    }

    private func writeMetrics(_ history: [EpochMetrics], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let lines = try history.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try AtomicFile.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: path)
    }
}

extension OptimizerKind: ExpressibleByArgument {}

/// Throws a usage error naming the first option (in name order) whose value is below 1
/// (a batch of 0 divided by zero).
func requirePositive(_ options: [String: Int?]) throws {
    for (name, value) in options.sorted(by: { $0.key < $1.key }) {
        if let value, value < 1 { throw ValidationError("\(name) must be at least 1, got \(value)") }
    }
}

/// Throws a usage error naming the first option (in name order) whose value is above its limit.
func requireAtMost(_ options: [String: (Int?, Int)]) throws {
    for (name, (value, limit)) in options.sorted(by: { $0.key < $1.key }) {
        if let value, value > limit { throw ValidationError("\(name) must be at most \(limit), got \(value)") }
    }
}

/// A `train` failure that is already a sentence.
struct TrainFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The training progress display: a redrawn bar on a terminal, nothing between epochs otherwise.
final class ProgressLine {
    private var lastDraw = Date.distantPast

    func show(_ p: BatchProgress) {
        guard Console.isTerminal else { return }
        let now = Date()
        guard p.batch == p.batches || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let width = 24
        let filled = width * p.batch / max(p.batches, 1)
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let line = String(format: "\r\u{1B}[2Kepoch %ld/%ld %@ %ld/%ld  loss %.4f  acc %.2f%%  %.0f img/s  ETA %.0fs",
                          p.epoch, p.epochs, bar, p.batch, p.batches, p.loss, 100 * p.accuracy, p.imagesPerSecond, p.etaSeconds)
        FileHandle.standardOutput.write(Data(line.utf8))
    }

    /// Removes the bar, so that an error starts on a clean line.
    func clear() {
        if Console.isTerminal { FileHandle.standardOutput.write(Data("\r\u{1B}[2K".utf8)) }
    }

    func finish(_ summary: String) {
        if Console.isTerminal { FileHandle.standardOutput.write(Data("\r\u{1B}[2K".utf8)) }
        Console.out(summary)
    }
}
