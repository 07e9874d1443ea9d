import Basics
import Foundation
import NN
import Tensor

/// What `convwalk train` asks for. Optional settings take the defaults (batch 64, Adam and its
/// learning rate) for a new run; for a resumed run they must match the checkpoint's or be nil.
public struct TrainingRunOptions: Sendable {
    /// The model as the user named it (a built-in name or a file), for the reproduce command.
    public var modelArgument: String
    public var epochs: Int
    public var batch: Int?
    public var learningRate: Float?
    public var optimizer: OptimizerKind?
    /// Epochs after which the learning rate is divided by 10 (`Optimizer.rateDrops`); nil: none
    /// for a new run, the checkpoint's for a resumed one.
    public var rateDrops: [Int]?
    public var seed: UInt64
    /// The run folder: checkpoint.cwck, metrics.jsonl, run.json.
    public var out: String
    public var resume: Bool
    /// As given on the command line, for the reproduce command only.
    public var limit: Int?, testLimit: Int?, data: String?

    public init(modelArgument: String, epochs: Int, batch: Int? = nil, learningRate: Float? = nil, optimizer: OptimizerKind? = nil,
                rateDrops: [Int]? = nil, seed: UInt64 = 1, out: String, resume: Bool = false, limit: Int? = nil, testLimit: Int? = nil, data: String? = nil) {
        self.modelArgument = modelArgument
        self.epochs = epochs
        self.batch = batch
        self.learningRate = learningRate
        self.optimizer = optimizer
        self.rateDrops = rateDrops
        self.seed = seed
        self.out = out
        self.resume = resume
        self.limit = limit
        self.testLimit = testLimit
        self.data = data
    }
}

/// A training run that is already a sentence (a diverged epoch, flags that clash on resume).
public struct TrainingRunError: Error, Equatable, CustomStringConvertible, Sendable {
    public var description: String
}

/// The training loop of `convwalk train`: one writer at a time on the run folder, resume checks,
/// then per epoch the checkpoint, metrics.jsonl and run.json, each written atomically, so a kill
/// at any moment leaves the last finished epoch.
public enum TrainingRun {
    /// What the loop reports: the session it starts from, each finished epoch, and a waiting note.
    public enum Event {
        case started(TrainingSession, resumed: Bool)
        case epoch(EpochMetrics)
        case waiting(String)
    }

    /// Trains `spec` on `train` until `options.epochs` epochs are done.
    /// - Throws: `TrainingRunError` when an epoch diverges (the checkpoint of the last good epoch
    ///   is kept) or a resumed run's flags clash with its checkpoint; `CheckpointError`,
    ///   `DataError`, `FileWriteError` as they come.
    @discardableResult
    public static func run(_ spec: ModelSpec, train: Dataset, test: Dataset, _ o: TrainingRunOptions,
                           progress: (BatchProgress) -> Void = { _ in }, report: (Event) -> Void = { _ in }) throws -> TrainingSession {
        let lock = try OutputLock(folder: o.out, command: "convwalk train") { report(.waiting($0)) }
        defer { withExtendedLifetime(lock) {} }
        do {
            try FileManager.default.createDirectory(atPath: o.out, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError(path: o.out, reason: ErrorWords.describe(error))
        }
        let checkpoint = (o.out as NSString).appendingPathComponent("checkpoint.cwck")
        var session: TrainingSession
        if o.resume {
            session = try Checkpoint.read(path: checkpoint, expecting: spec)
            try checkResumeFlags(session, o, checkpoint: checkpoint)
        } else {
            var optimizer = Optimizer(kind: o.optimizer ?? .adam, learningRate: o.learningRate)
            optimizer.rateDrops = o.rateDrops ?? []
            session = try TrainingSession(spec: spec, optimizer: optimizer, batchSize: o.batch ?? 64, seed: o.seed)
        }
        report(.started(session, resumed: o.resume))
        while session.epoch < o.epochs {
            let m: EpochMetrics
            do {
                m = try session.trainEpoch(train: train, test: test, epochs: o.epochs, progress: progress)
            } catch let error as TrainingError {
                guard case .diverged = error else { throw error }
                let kept = session.epoch > 0 ? "\(checkpoint) still holds epoch \(session.epoch)" : "no checkpoint was written"
                throw TrainingRunError(description: "\(error) (--lr); \(kept)")
            }
            report(.epoch(m))
            try Checkpoint.write(session, to: checkpoint)
            try writeMetrics(session.history, to: (o.out as NSString).appendingPathComponent("metrics.jsonl"))
            try runInfo(session, train: train, test: test, o).write(toRunFolder: o.out)
        }
        return session
    }

    /// A resumed run keeps the checkpoint's batch size, learning rate and optimizer (changing
    /// them mid-run would break bit-for-bit resumption): a setting that asks for another is refused.
    static func checkResumeFlags(_ session: TrainingSession, _ o: TrainingRunOptions, checkpoint: String) throws {
        var clashes: [String] = []
        if let batch = o.batch, batch != session.batchSize { clashes.append("--batch \(batch) (the checkpoint's is \(session.batchSize))") }
        if let lr = o.learningRate, lr != session.optimizer.learningRate {
            clashes.append("--lr \(lr) (the checkpoint's is \(session.optimizer.learningRate))")
        }
        if let kind = o.optimizer, kind != session.optimizer.kind {
            clashes.append("--optimizer \(kind.rawValue) (the checkpoint's is \(session.optimizer.kind.rawValue))")
        }
        if let drops = o.rateDrops, drops != session.optimizer.rateDrops {
            let theirs = session.optimizer.rateDrops.isEmpty ? "none" : dropList(session.optimizer.rateDrops)
            clashes.append("--lr-drop \(dropList(drops)) (the checkpoint's is \(theirs))")
        }
        guard clashes.isEmpty else {
            throw TrainingRunError(description: "\(checkpoint): a resumed run keeps its batch size, learning rate (and its drops) and optimizer; "
                                   + "drop \(clashes.joined(separator: ", ")) or train into another --out")
        }
    }

    /// What `convwalk build --model` shows about this run, and the command that reproduces it.
    static func runInfo(_ session: TrainingSession, train: Dataset, test: Dataset, _ o: TrainingRunOptions) -> DemoRunInfo {
        let opt = session.optimizer
        var command = "convwalk train \(o.modelArgument) --epochs \(session.epoch) --seed \(o.seed) --out \(o.out)"
        if session.batchSize != 64 { command += " --batch \(session.batchSize)" }
        if opt.kind != .adam { command += " --optimizer \(opt.kind.rawValue)" }
        if opt.learningRate != opt.kind.defaultLearningRate { command += " --lr \(opt.learningRate)" }
        if !opt.rateDrops.isEmpty { command += " --lr-drop \(dropList(opt.rateDrops))" }
        if let limit = o.limit { command += " --limit \(limit)" }
        if let testLimit = o.testLimit { command += " --test-limit \(testLimit)" }
        if let data = o.data { command += " --data \(data)" }
        return DemoRunInfo(model: session.network.spec.name, seed: o.seed, epochs: session.epoch, trainImages: train.count,
                           testImages: test.count, batch: session.batchSize, optimizer: session.optimizer.kind.rawValue,
                           learningRate: session.optimizer.learningRate, threads: Parallelism.threads,
                           seconds: session.history.reduce(0) { $0 + $1.seconds }, command: command)
    }

    /// `6,8`: the form `--lr-drop` takes.
    static func dropList(_ drops: [Int]) -> String { drops.map(String.init).joined(separator: ",") }

    /// One JSON line per epoch.
    static func writeMetrics(_ history: [EpochMetrics], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let lines = try history.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try AtomicFile.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: path)
    }
}
