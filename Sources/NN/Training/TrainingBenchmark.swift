import Foundation
import Tensor

/// Steady-state training speed: whole optimizer steps (forward, backward, update) per second.
public enum TrainingBenchmark {
    /// The measured speed of one run.
    public struct Result: Codable, Sendable {
        public var imagesPerSecond: Double
        public var batches: Int
        public var seconds: Double
    }

    /// What the timing reads.
    public enum Clock: String, Codable, Sendable {
        /// Elapsed time: what a user waits for.
        case wall
        /// The process's CPU time: steadier on a busy machine at one thread; with more
        /// threads it adds up the cores' time.
        case cpu

        /// Seconds on this clock since an arbitrary origin.
        public func now() -> Double {
            var ts = timespec()
            clock_gettime(self == .cpu ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &ts)
            return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
        }
    }

    /// Trains `spec` on `data` with Adam at `batchSize`, skips `warmup` batches, then times
    /// batches until at least `minSeconds` have passed on `clock` (and at least 5 batches).
    /// - Throws: `ModelSpecError` or `TensorError` when the model does not fit the data.
    public static func measure(spec: ModelSpec, data: Dataset, batchSize: Int = 64, warmup: Int = 5,
                               minSeconds: Double = 3, clock: Clock = .wall, seed: UInt64 = 1) throws -> Result {
        MemoryReuse.enable()
        var session = try TrainingSession(spec: spec, optimizer: Optimizer(kind: .adam), batchSize: batchSize, seed: seed)
        var batcher = Batcher(dataset: data)
        var order = session.rng.permutation(data.count)
        var cursor = 0
        func step() throws {
            if cursor + batchSize > order.count {
                order = session.rng.permutation(data.count)
                cursor = 0
            }
            let (x, labels) = try batcher.batch(Array(order[cursor..<(cursor + batchSize)]))
            cursor += batchSize
            let r = try session.network.lossAndGradients(x, labels: labels, rng: &session.rng)
            session.optimizer.update(&session.network.parameters, r.gradients)
            session.network.store(runningStatistics: r.runningStatistics)
        }
        for _ in 0..<warmup { try step() }
        let start = clock.now()
        var batches = 0
        while batches < 5 || clock.now() - start < minSeconds {
            try step()
            batches += 1
        }
        let seconds = clock.now() - start
        return Result(imagesPerSecond: Double(batches * batchSize) / seconds, batches: batches, seconds: seconds)
    }
}

extension ModelSpec {
    /// The layers with every option resolved to numbers, as JSON-ready dictionaries, for
    /// reference implementations (bench/train_torch.py) that must build the same model.
    public func resolvedLayers() throws -> [[String: JSONValue]] {
        let table = try layerTable()
        return try layers.enumerated().map { i, layer in
            var d: [String: JSONValue] = ["kind": .string(layer.kind)]
            let input = table[i].inputShape
            switch layer {
            case let .conv(filters, _, _, _, _, _, _):
                let w = try window(layer, index: i, input: input)
                d["in"] = .int(input[0]); d["filters"] = .int(filters)
                d["kernel"] = .ints([w.kernelH, w.kernelW]); d["stride"] = .ints([w.strideH, w.strideW])
                d["padding"] = .ints([w.padH, w.padW]); d["dilation"] = .int(w.dilation)
            case .maxpool, .avgpool:
                let w = try window(layer, index: i, input: input)
                d["size"] = .ints([w.kernelH, w.kernelW]); d["stride"] = .ints([w.strideH, w.strideW]); d["padding"] = .int(w.padH)
            case let .activation(_, alpha):
                if let alpha { d["alpha"] = .number(Double(alpha)) }
            case let .lrn(size, alpha, beta, k):
                d["size"] = .int(size); d["alpha"] = .number(Double(alpha)); d["beta"] = .number(Double(beta)); d["k"] = .number(Double(k))
            case let .dropout(p):
                d["p"] = .number(Double(p))
            case .flatten:
                break
            case let .linear(n):
                d["in"] = .int(input[0]); d["out"] = .int(n)
            case .batchnorm:
                d["channels"] = .int(input[0])
            case .globalAvgPool, .residual, .inception:
                // Blocks have no flat PyTorch twin in bench/torch_bridge.py yet; the kind says so.
                break
            }
            return d
        }
    }
}

/// A JSON value for `resolvedLayers()`.
public enum JSONValue: Encodable, Sendable {
    case string(String), int(Int), number(Double), ints([Int])

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case let .string(s): try c.encode(s)
        case let .int(i): try c.encode(i)
        case let .number(d): try c.encode(d)
        case let .ints(xs): try c.encode(xs)
        }
    }
}
