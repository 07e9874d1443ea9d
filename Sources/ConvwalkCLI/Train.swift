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

    @OptionGroup var modelArgument: ModelArgument

    @Option(help: "Epochs to train in total (counting those already in a resumed checkpoint).")
    var epochs = 10
    @Option(help: "Minibatch size, 1...65536 (default: 64; a resumed run keeps its own).")
    var batch: Int?
    @Option(help: "Learning rate, a positive number (default: 0.001 for adam, 0.01 for momentum, 0.05 for sgd; a resumed run keeps its own).")
    var lr: Float?
    @Option(help: "adam, sgd or momentum (default: adam; a resumed run keeps its own).")
    var optimizer: OptimizerKind?
    @Option(name: .customLong("lr-drop"),
            help: ArgumentHelp("Divide the learning rate by 10 after these epochs, e.g. 6 or 6,8 (PyTorch's MultiStepLR with gamma 0.1; default: never; a resumed run keeps its own).",
                               valueName: "epochs"))
    var lrDrop: String?
    @Option(help: "Seed for the initial weights, shuffling and dropout.")
    var seed: UInt64 = 1
    @OptionGroup var tests: TestSetOptions
    @OptionGroup var threads: ThreadsOption
    @Option(help: "Run folder for checkpoint.cwck, metrics.jsonl and run.json (default: runs/MODEL, where `convwalk build` looks for demo runs).")
    var out: String?
    @Option(help: "Train on a random subset of this many training images.")
    var limit: Int?
    @Flag(help: "Continue from the checkpoint in --out.")
    var resume = false

    /// The most epochs a run may plan: a typo such as `--epochs 9223372036854775807` is refused.
    static let maxEpochs = 1_000_000

    func validate() throws {
        try requirePositive(["--epochs": epochs, "--batch": batch, "--limit": limit, "--test-limit": tests.testLimit])
        try requireAtMost(["--epochs": (epochs, Self.maxEpochs), "--batch": (batch, TrainingSession.maxBatchSize)])
        if let lr, !(lr.isFinite && lr > 0) {
            throw ValidationError("--lr must be a positive number, got \(lr)")
        }
        _ = try rateDrops()
    }

    /// `--lr-drop 6,8` as epochs, or nil when not given.
    func rateDrops() throws -> [Int]? {
        guard let lrDrop else { return nil }
        let parts = lrDrop.split(separator: ",", omittingEmptySubsequences: false)
        var drops: [Int] = []
        for part in parts {
            let text = part.trimmingCharacters(in: .whitespaces)
            guard let n = Int(text), n <= Self.maxEpochs else {
                throw ValidationError("--lr-drop takes epochs separated by commas, such as 6 or 6,8; \"\(text)\" is not an epoch number")
            }
            drops.append(n)
        }
        if let problem = Optimizer.rateDropsProblem(drops) { throw ValidationError("--lr-drop: \(problem)") }
        return drops
    }

    func run() throws {
        try Console.reportingErrors {
            try train()
        }
    }

    private func train() throws {
        threads.apply()
        let spec = try modelArgument.spec()
        // Any byte is read as a label here; checkFits then names a label the model has no output for.
        let trainSet = try DataDirectory.load(try tests.data.directory(), split: .train, classes: 256).randomSubset(limit, seed: seed)
        let testSet = try tests.load(classes: 256)
        try trainSet.checkFits(spec)
        try testSet.checkFits(spec)
        let outDir = out ?? "runs/\(spec.name)"
        let options = TrainingRunOptions(modelArgument: modelArgument.model, epochs: epochs, batch: batch, learningRate: lr, optimizer: optimizer,
                                         rateDrops: try rateDrops(), seed: seed, out: outDir, resume: resume, limit: limit, testLimit: tests.testLimit, data: tests.data.folder)
        let bar = ProgressLine()
        let session: TrainingSession
        do {
            session = try TrainingRun.run(spec, train: trainSet, test: testSet, options, progress: { bar.show($0) }) { event in
                switch event {
                case let .waiting(note): Console.err(note)
                case let .started(s, resumed):
                    if resumed { Console.out("resuming \(spec.name) from \(outDir)/checkpoint.cwck after epoch \(s.epoch)") }
                    Console.out("training \(spec.name) (\(s.network.parameterCount) parameters) on \(trainSet.count) images, "
                                + "testing on \(testSet.count); \(s.optimizer.kind.rawValue) lr \(s.optimizer.learningRate)"
                                + (s.optimizer.rateDrops.isEmpty ? "" : " (÷10 after epoch \(s.optimizer.rateDrops.map(String.init).joined(separator: ", ")))")
                                + ", "
                                + "batch \(s.batchSize), seed \(seed), \(threadCount(Parallelism.threads))")
                case let .epoch(m):
                    bar.finish(String(format: "epoch %ld/%ld  loss %.4f  acc %.2f%%  test loss %.4f  test acc %.2f%%  %.1fs  %.0f img/s",
                                      m.epoch, epochs, m.trainLoss, 100 * m.trainAccuracy, m.testLoss, 100 * m.testAccuracy,
                                      m.seconds, m.imagesPerSecond))
                }
            }
        } catch {
            bar.clear()
            throw error
        }
        if let last = session.history.last {
            Console.out(String(format: "final test accuracy %.2f%% after %ld epochs; checkpoint %@", 100 * last.testAccuracy, last.epoch,
                               "\(outDir)/checkpoint.cwck"))
        }
    }
}

extension OptimizerKind: ExpressibleByArgument {}

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
