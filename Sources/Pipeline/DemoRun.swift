import Basics
import Foundation
import NN
import Site
import Tensor

/// What the demo step is told: which models, where their runs live, and the training budget
/// used when a run is missing.
public struct DemoOptions: Sendable {
    /// Folder holding one run folder per model (`runs/lenet5/checkpoint.cwck`, ...).
    public var runs: String
    /// Built-in model names or model files.
    public var models: [String]
    /// Epochs when a run has to be trained; nil picks the model's default (`defaultEpochs`).
    public var epochs: Int?
    /// Train on a random subset of this many training images (nil: all bundled ones).
    public var limit: Int?
    /// Evaluate on the first this many test images (nil: all).
    public var testLimit: Int?
    /// Data folder (nil: the repository's `data/`).
    public var data: String?
    public var seed: UInt64
    /// Train again even if a run exists.
    public var retrain: Bool

    public init(runs: String = "runs", models: [String] = ["lenet5", "alexnet-mini"], epochs: Int? = nil, limit: Int? = nil,
                testLimit: Int? = nil, data: String? = nil, seed: UInt64 = 1, retrain: Bool = false) {
        self.runs = runs
        self.models = models
        self.epochs = epochs
        self.limit = limit
        self.testLimit = testLimit
        self.data = data
        self.seed = seed
        self.retrain = retrain
    }

    /// Epochs that reach a good demo on the bundled 5,000 digits in about a minute on 2 cores.
    static let defaultEpochs = ["lenet5": 12, "alexnet-mini": 8]
}

/// How a demo run was made, kept beside its checkpoint as `run.json` so the page can say how
/// to reproduce it. `convwalk train` and `convwalk import` write it too, so such runs are used as they are.
public struct DemoRunInfo: Codable, Equatable, Sendable {
    public var model: String
    public var seed: UInt64
    public var epochs: Int
    public var trainImages: Int
    public var testImages: Int
    public var batch: Int
    public var optimizer: String
    public var learningRate: Float
    public var threads: Int
    public var seconds: Double
    public var command: String

    public init(model: String, seed: UInt64, epochs: Int, trainImages: Int, testImages: Int, batch: Int, optimizer: String,
                learningRate: Float, threads: Int, seconds: Double, command: String) {
        (self.model, self.seed, self.epochs, self.trainImages, self.testImages) = (model, seed, epochs, trainImages, testImages)
        (self.batch, self.optimizer, self.learningRate, self.threads, self.seconds, self.command) = (batch, optimizer, learningRate, threads, seconds, command)
    }

    /// Training speed from the totals, for runs without a per-epoch log (imported ones).
    var imagesPerSecond: Double { seconds > 0 ? Double(trainImages * epochs) / seconds : 0 }

    /// Writes `run.json` into the run folder `dir` (atomically).
    public func write(toRunFolder dir: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(self), to: (dir as NSString).appendingPathComponent("run.json"))
    }
}

/// A trained demo model: its checkpoint (weights and per-epoch history), how it was made, and
/// the network as it was before training (same seed, same initialisation).
struct DemoRun: Sendable {
    var spec: ModelSpec
    var session: TrainingSession
    var initial: Network
    var info: DemoRunInfo
    /// The checkpoint's bytes' hash: pictures are redrawn only when it changes.
    var checkpointHash: String

    /// Loads `runs/<model>/`, or trains it within the budget and saves it there first. A run
    /// folder with its own `model.yaml` (written by `convwalk import`) is found by its name.
    static func loadOrTrain(_ model: String, _ o: DemoOptions, test: Dataset, log: (String) -> Void) throws -> DemoRun {
        let ownModel = (o.runs as NSString).appendingPathComponent("\(model)/model.yaml")
        let imported = !FileManager.default.fileExists(atPath: model) && FileManager.default.fileExists(atPath: ownModel)
        let spec = try imported ? ModelSpec.load(path: ownModel) : BuiltinModels.resolve(model)
        let dir = (o.runs as NSString).appendingPathComponent(spec.name)
        let checkpoint = (dir as NSString).appendingPathComponent("checkpoint.cwck")
        let infoPath = (dir as NSString).appendingPathComponent("run.json")
        if !o.retrain, FileManager.default.fileExists(atPath: checkpoint), let data = FileManager.default.contents(atPath: infoPath) {
            let info = try JSONDecoder().decode(DemoRunInfo.self, from: data)
            let session = try Checkpoint.read(path: checkpoint, expecting: spec)
            log("demos: \(spec.name): using \(checkpoint) (\(session.epoch) epochs)")
            let bytes = FileManager.default.contents(atPath: checkpoint) ?? Data()
            return DemoRun(spec: spec, session: session, initial: try Network(spec: spec, seed: info.seed), info: info,
                           checkpointHash: SiteManifest.contentHash(bytes))
        }
        return try train(spec, o, dir: dir, test: test, argument: model, log: log)
    }

    /// - Parameter argument: the model as the user named it (a built-in name or a file), for the reproduce command.
    static func train(_ spec: ModelSpec, _ o: DemoOptions, dir: String, test: Dataset, argument: String, log: (String) -> Void) throws -> DemoRun {
        let dataDir = try DataDirectory.resolve(o.data)
        let trainSet = try DataDirectory.load(dataDir, split: .train).randomSubset(o.limit, seed: o.seed)
        let epochs = o.epochs ?? DemoOptions.defaultEpochs[spec.name] ?? 5
        var session = try TrainingSession(spec: spec, optimizer: Optimizer(kind: .adam), batchSize: 64, seed: o.seed)
        let initial = session.network
        let lock = try OutputLock(folder: dir, command: "convwalk build (training the demo \(spec.name))") { log($0) }
        defer { withExtendedLifetime(lock) {} }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        log("demos: training \(spec.name) for \(epochs) epochs on \(trainSet.count) digits (no run in \(dir) yet)")
        let start = Date()
        let checkpoint = (dir as NSString).appendingPathComponent("checkpoint.cwck")
        while session.epoch < epochs {
            let m = try session.trainEpoch(train: trainSet, test: test, epochs: epochs)
            log(String(format: "demos: %@ epoch %d/%d  loss %.4f  test accuracy %.2f%%  %.0f img/s",
                       spec.name, m.epoch, epochs, m.trainLoss, 100 * m.testAccuracy, m.imagesPerSecond))
            try Checkpoint.write(session, to: checkpoint)
        }
        var command = "convwalk train \(argument) --epochs \(epochs) --seed \(o.seed) --out \(dir)"
        if let data = o.data { command += " --data \(data)" }
        if let limit = o.limit { command += " --limit \(limit)" }
        if let t = o.testLimit { command += " --test-limit \(t)" }
        let info = DemoRunInfo(model: spec.name, seed: o.seed, epochs: epochs, trainImages: trainSet.count, testImages: test.count,
                               batch: session.batchSize, optimizer: session.optimizer.kind.rawValue,
                               learningRate: session.optimizer.learningRate, threads: Parallelism.threads,
                               seconds: Date().timeIntervalSince(start), command: command)
        try info.write(toRunFolder: dir)
        let bytes = FileManager.default.contents(atPath: checkpoint) ?? Data()
        return DemoRun(spec: spec, session: session, initial: initial, info: info, checkpointHash: SiteManifest.contentHash(bytes))
    }
}
