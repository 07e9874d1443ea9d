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
        let session = try TrainingSession(spec: spec, optimizer: Optimizer(kind: .adam), batchSize: batchSize, seed: seed)
        // The session's parts as separate variables: `step` captures them, and the update writes
        // the optimizer and the network at once (one captured struct would be an overlapping access).
        var network = session.network, optimizer = session.optimizer, rng = session.rng
        var batcher = Batcher(dataset: data)
        var order = rng.permutation(data.count)
        var cursor = 0
        func step() throws {
            if cursor + batchSize > order.count {
                order = rng.permutation(data.count)
                cursor = 0
            }
            let (x, labels) = try batcher.batch(Array(order[cursor..<(cursor + batchSize)]))
            cursor += batchSize
            let r = try network.lossAndGradients(x, labels: labels, rng: &rng)
            optimizer.update(&network.parameters, r.gradients)
            network.store(runningStatistics: r.runningStatistics)
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

    /// What one image through the network costs (inference: batch 1, dropout off, batch
    /// normalisation on its running statistics), as the drawing pad and the digit walk use it.
    public struct Latency: Codable, Sendable {
        /// The median and the fastest of `calls` timed forward passes, in milliseconds.
        public var medianMilliseconds: Double
        public var bestMilliseconds: Double
        public var calls: Int
    }

    /// Times forward passes of single images (the first `min(100, data.count)` in turn) on a
    /// freshly initialised `spec`, after `warmup` untimed ones, for at least `minSeconds` on
    /// `clock` and at least 20 calls.
    public static func latency(spec: ModelSpec, data: Dataset, warmup: Int = 20, minSeconds: Double = 2,
                               clock: Clock = .wall, seed: UInt64 = 1) throws -> Latency {
        MemoryReuse.enable()
        let network = try Network(spec: spec, seed: seed)
        var batcher = Batcher(dataset: data)
        let images = try (0..<min(100, data.count)).map { try batcher.batch([$0]).0 }
        guard !images.isEmpty else { throw TrainingError.noImages(source: data.source) }
        var rng = SplitMix64(seed: seed)
        for i in 0..<warmup { _ = try network.forward(images[i % images.count], training: false, rng: &rng) }
        var times: [Double] = []
        let start = clock.now()
        while times.count < 20 || clock.now() - start < minSeconds {
            let t0 = clock.now()
            _ = try network.forward(images[times.count % images.count], training: false, rng: &rng)
            times.append((clock.now() - t0) * 1000)
        }
        times.sort()
        return Latency(medianMilliseconds: times[times.count / 2], bestMilliseconds: times[0], calls: times.count)
    }
}

extension ModelSpec {
    /// The layers with every option resolved to numbers, as JSON-ready dictionaries, for
    /// reference implementations (bench/train_torch.py) that must build the same model.
    ///
    /// Each entry has `kind` and `name` (the layer table's, e.g. `conv1`), and its options. A
    /// residual block lists its body under `layers` (names inside the block: `conv1`, `bn1`, ...)
    /// and, when the shape changes, `projection: {in, out, stride}` (a 1x1 convolution with bias
    /// named `proj`); an inception block lists each branch under `branches` (named `b1`, `b2`, ...).
    /// Batch normalisation gives `channels` and `dense` (true after a flatten: `BatchNorm1d`).
    public func resolvedLayers() throws -> [[String: JSONValue]] {
        let table = try layerTable()
        return try layers.enumerated().map { i, layer in
            var d = try resolved(layer, input: table[i].inputShape) { self.error(i, $0) }
            d["name"] = .string(table[i].name)
            return d
        }
    }

    /// The layers of a block with their names inside it (`conv1`, `bn1`, `relu1`, ...).
    private func resolvedSequence(_ layers: [LayerSpec], input: [Int], fail: (String) -> ModelSpecError) throws -> (layers: [JSONValue], out: [Int]) {
        var shape = input, counters: [String: Int] = [:], out: [JSONValue] = []
        for (k, inner) in layers.enumerated() {
            let innerFail = { (m: String) in fail("layer \(k + 1) (\(inner.label)): \(m)") }
            counters[inner.family, default: 0] += 1
            var d = try resolved(inner, input: shape, fail: innerFail)
            d["name"] = .string("\(inner.family)\(counters[inner.family]!)")
            out.append(.object(d))
            shape = try infer(inner, input: shape, fail: innerFail).out
        }
        return (out, shape)
    }

    private func resolved(_ layer: LayerSpec, input: [Int], fail: (String) -> ModelSpecError) throws -> [String: JSONValue] {
        var d: [String: JSONValue] = ["kind": .string(layer.kind)]
        switch layer {
        case let .conv(filters, _, _, _, _, _, _, _):
            let w = try window(layer, fail: fail)
            d["in"] = .int(input[0]); d["filters"] = .int(filters)
            d["kernel"] = .ints([w.kernelH, w.kernelW]); d["stride"] = .ints([w.strideH, w.strideW])
            d["padding"] = .ints([w.padH, w.padW]); d["dilation"] = .int(w.dilation)
            if case .conv(_, _, _, _, _, _, _, false) = layer { d["bias"] = .bool(false) }
        case .maxpool, .avgpool:
            let w = try window(layer, fail: fail)
            d["size"] = .ints([w.kernelH, w.kernelW]); d["stride"] = .ints([w.strideH, w.strideW]); d["padding"] = .int(w.padH)
        case let .activation(_, alpha):
            if let alpha { d["alpha"] = .number(Double(alpha)) }
        case let .lrn(size, alpha, beta, k):
            d["size"] = .int(size); d["alpha"] = .number(Double(alpha)); d["beta"] = .number(Double(beta)); d["k"] = .number(Double(k))
        case let .dropout(p):
            d["p"] = .number(Double(p))
        case .flatten, .globalAvgPool:
            break
        case let .linear(n):
            d["in"] = .int(input[0]); d["out"] = .int(n)
        case .batchnorm:
            d["channels"] = .int(input[0]); d["dense"] = .bool(input.count == 1)
        case let .residual(body, shortcut):
            let (inner, out) = try resolvedSequence(body, input: input, fail: fail)
            d["layers"] = .array(inner)
            if let shortcut {
                d["shortcut"] = .array(try resolvedSequence(shortcut, input: input, fail: fail).layers)
            } else if out != input {
                let (stride, _) = try residualProjection(input: input, output: out, fail: fail)
                d["projection"] = .object(["in": .int(input[0]), "out": .int(out[0]), "stride": .int(stride)])
            }
        case let .inception(branches):
            d["branches"] = .array(try branches.map { .array(try resolvedSequence($0, input: input, fail: fail).layers) })
        }
        return d
    }
}

/// A JSON value for `resolvedLayers()`.
public indirect enum JSONValue: Encodable, Sendable {
    case string(String), int(Int), number(Double), ints([Int]), bool(Bool)
    case array([JSONValue]), object([String: JSONValue])

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case let .string(s): try c.encode(s)
        case let .int(i): try c.encode(i)
        case let .number(d): try c.encode(d)
        case let .ints(xs): try c.encode(xs)
        case let .bool(b): try c.encode(b)
        case let .array(xs): try c.encode(xs)
        case let .object(d): try c.encode(d)
        }
    }
}
