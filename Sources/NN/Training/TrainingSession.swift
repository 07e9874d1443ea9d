import Foundation
import Tensor

/// What one finished epoch measured; `convwalk train` writes one JSON line of these per epoch.
public struct EpochMetrics: Codable, Equatable, Sendable {
    public var epoch: Int
    public var trainLoss: Float
    public var trainAccuracy: Float
    public var testLoss: Float
    public var testAccuracy: Float
    public var seconds: Double
    public var imagesPerSecond: Double
}

/// Where training is within an epoch, reported after every batch.
public struct BatchProgress: Sendable {
    public var epoch: Int
    public var epochs: Int
    public var batch: Int
    public var batches: Int
    /// Mean loss and accuracy over the epoch's batches so far.
    public var loss: Float
    public var accuracy: Float
    public var imagesPerSecond: Double
    /// Seconds left in this epoch at the current speed.
    public var etaSeconds: Double
}

/// Why training stopped before finishing an epoch.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The loss or a weight became infinite or NaN (a learning rate too large, usually).
    case diverged(epoch: Int, trainLoss: Float, testLoss: Float)
    /// The training set is empty.
    case noImages(source: String)

    public var description: String {
        switch self {
        case let .diverged(epoch, trainLoss, testLoss):
            func words(_ x: Float) -> String { x.isNaN ? "NaN" : "\(x)" }
            return "training diverged in epoch \(epoch) (train loss \(words(trainLoss)), test loss \(words(testLoss))): "
                + "the weights became infinite or NaN; try a smaller learning rate"
        case let .noImages(source):
            return "\(source): no training images to train on"
        }
    }
}

/// A training run's complete state: weights, optimizer, random generator and history.
///
/// Everything that influences the next update lives here, which is why a checkpoint of a
/// session resumes bit-for-bit: the same seed and thread count give the same weights
/// whether or not the run was interrupted.
public struct TrainingSession: Sendable {
    public var network: Network
    public var optimizer: Optimizer
    /// Draws the shuffling order and the dropout masks.
    public var rng: SplitMix64
    /// Minibatch size, 1...`maxBatchSize`.
    public var batchSize: Int

    /// The largest minibatch: larger than any data set convwalk trains on in one step, and far
    /// below sizes whose arithmetic could overflow.
    public static let maxBatchSize = 65536
    /// Epochs completed so far.
    public var epoch: Int = 0
    /// One entry per completed epoch.
    public var history: [EpochMetrics] = []

    /// A fresh session: weights from `seed`, and the training generator from a seed derived
    /// from it, so that initialisation and shuffling do not share draws.
    public init(spec: ModelSpec, optimizer: Optimizer, batchSize: Int, seed: UInt64) throws {
        MemoryReuse.enable()
        network = try Network(spec: spec, seed: seed)
        self.optimizer = optimizer
        rng = SplitMix64(seed: seed ^ 0x5EED_0F_5EED)
        self.batchSize = batchSize
    }

    /// Restores a session from its parts (used by `Checkpoint`).
    public init(network: Network, optimizer: Optimizer, rng: SplitMix64, batchSize: Int, epoch: Int, history: [EpochMetrics]) {
        MemoryReuse.enable()
        self.network = network
        self.optimizer = optimizer
        self.rng = rng
        self.batchSize = batchSize
        self.epoch = epoch
        self.history = history
    }

    /// Trains one epoch over `train` in shuffled minibatches, then evaluates on `test`.
    ///
    /// - Parameters:
    ///   - epochs: the planned total, for progress reports only.
    ///   - progress: called after every batch.
    /// - Returns: the epoch's metrics (also appended to `history`).
    /// - Throws: `DataError` when the data does not fit the model, `TrainingError.noImages` for
    ///   an empty training set, `TrainingError.diverged` when the loss or a weight is no longer
    ///   finite (then `epoch` and `history` are unchanged, so the last checkpoint stays the last good one).
    public mutating func trainEpoch(train: Dataset, test: Dataset, epochs: Int,
                                    progress: (BatchProgress) -> Void = { _ in }) throws -> EpochMetrics {
        try train.checkFits(network.spec)
        guard train.count > 0 else { throw TrainingError.noImages(source: train.source) }
        precondition((1...Self.maxBatchSize).contains(batchSize), "batch size \(batchSize) outside 1...\(Self.maxBatchSize)")
        let start = Date()
        let order = rng.permutation(train.count)
        let batches = (train.count - 1) / batchSize + 1
        var batcher = Batcher(dataset: train)
        var lossSum: Double = 0, correct = 0, seen = 0
        optimizer.completedEpochs = epoch
        for b in 0..<batches {
            let indices = Array(order[(b * batchSize)..<min(train.count, (b + 1) * batchSize)])
            let (x, labels) = try batcher.batch(indices)
            let r = try network.lossAndGradients(x, labels: labels, rng: &rng)
            optimizer.update(&network.parameters, r.gradients)
            network.store(runningStatistics: r.runningStatistics)
            lossSum += Double(r.loss) * Double(indices.count)
            correct += r.correct
            seen += indices.count
            let elapsed = Date().timeIntervalSince(start)
            let speed = Double(seen) / max(elapsed, 1e-9)
            progress(BatchProgress(epoch: epoch + 1, epochs: epochs, batch: b + 1, batches: batches,
                                   loss: Float(lossSum / Double(seen)), accuracy: Float(correct) / Float(seen),
                                   imagesPerSecond: speed, etaSeconds: Double(train.count - seen) / speed))
        }
        let trainSeconds = Date().timeIntervalSince(start)
        let eval = try Evaluation(network: network, dataset: test)
        let trainLoss = Float(lossSum / Double(max(seen, 1)))
        guard trainLoss.isFinite, eval.loss.isFinite, network.parameters.allSatisfy({ $0.data.allSatisfy(\.isFinite) }) else {
            throw TrainingError.diverged(epoch: epoch + 1, trainLoss: trainLoss, testLoss: eval.loss)
        }
        epoch += 1
        let metrics = EpochMetrics(epoch: epoch, trainLoss: trainLoss,
                                   trainAccuracy: Float(correct) / Float(max(seen, 1)),
                                   testLoss: eval.loss, testAccuracy: eval.accuracy,
                                   seconds: Date().timeIntervalSince(start),
                                   imagesPerSecond: Double(seen) / max(trainSeconds, 1e-9))
        history.append(metrics)
        return metrics
    }
}

/// Copies chosen images of a data set into one batch tensor, reusing its buffer.
struct Batcher {
    let dataset: Dataset
    private var buffer: [Float] = []

    init(dataset: Dataset) { self.dataset = dataset }

    /// The images at `indices` as [B, C, H, W] with their labels.
    mutating func batch(_ indices: [Int]) throws -> (Tensor, [Int]) {
        let per = dataset.imageShape.reduce(1, *)
        if buffer.count != indices.count * per { buffer = [Float](repeating: 0, count: indices.count * per) }
        dataset.images.data.withUnsafeBufferPointer { src in
            buffer.withUnsafeMutableBufferPointer { dst in
                for (k, i) in indices.enumerated() {
                    (dst.baseAddress! + k * per).update(from: src.baseAddress! + i * per, count: per)
                }
            }
        }
        let x = try Tensor(shape: [indices.count] + dataset.imageShape, data: buffer)
        return (x, indices.map { dataset.labels[$0] })
    }
}
