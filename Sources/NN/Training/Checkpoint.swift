import Basics
import Foundation
import Tensor

/// A problem with a checkpoint file; each case names the file.
public enum CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(file: String)
    case notACheckpoint(file: String)
    /// A safetensors file without convwalk's training state (a weights file).
    case weightsOnly(file: String)
    case unsupportedVersion(file: String, version: UInt32)
    case truncated(file: String, detail: String)
    case checksumMismatch(file: String, stored: UInt32, computed: UInt32)
    case corruptHeader(file: String, detail: String)
    case modelMismatch(file: String, checkpointModel: String, requestedModel: String)

    public var description: String {
        switch self {
        case let .unreadable(file): return "\(file): cannot read the checkpoint"
        case let .notACheckpoint(file): return "\(file): not a convwalk checkpoint (neither a safetensors file nor the older CWCKPT format)"
        case let .weightsOnly(file):
            return "\(file): a safetensors file without convwalk's training state (\(Checkpoint.stateKey) in __metadata__); to start a run from its weights use `convwalk import`"
        case let .unsupportedVersion(file, v): return "\(file): checkpoint format version \(v) is not supported (this convwalk reads versions 1 and \(Checkpoint.version))"
        case let .truncated(file, detail): return "\(file): truncated checkpoint: \(detail)"
        case let .checksumMismatch(file, stored, computed):
            return "\(file): checkpoint is corrupt: CRC32 is 0x\(String(computed, radix: 16)), the file says 0x\(String(stored, radix: 16))"
        case let .corruptHeader(file, detail): return "\(file): corrupt checkpoint header: \(detail)"
        case let .modelMismatch(file, found, requested):
            if found == requested {
                return "\(file): the checkpoint holds an earlier version of model \(found) (its input or layers differ); train without --resume, or into another --out"
            }
            return "\(file): the checkpoint holds a different model (\(found)) than the one requested (\(requested))"
        }
    }
}

/// A training run's checkpoint: a safetensors file (see `SafeTensors`), the one tensor
/// container convwalk writes, so PyTorch's `safetensors.safe_open` reads its weights as they are.
///
///     tensors        every parameter under the network's names (`conv1.w`, `conv1.b`, ...), float32,
///                    then the optimizer's moments, `optimizer.first.NAME` and `optimizer.second.NAME`
///     __metadata__   "format": "pt"
///                    "convwalk.checkpoint": "2" (this layout; 1 was the CWCKPT binary, still read)
///                    "convwalk.training": JSON: model spec, epoch, batch size, optimizer settings,
///                                         step and moment slots, RNG state, metrics history
///                    "convwalk.crc32": CRC-32 (zlib), 8 hex digits, of the data section followed by
///                                      the training JSON's UTF-8 bytes
///
/// Safetensors has no checksum of its own, hence `convwalk.crc32`. Every size the header
/// announces is checked against the file before anything is allocated. Written through
/// `AtomicFile`, so a crash never leaves half a file. Version 1 files are read by
/// `LegacyCheckpoint`; a resumed run writes version 2.
public enum Checkpoint {
    public static let version: UInt32 = 2
    static let versionKey = "convwalk.checkpoint", stateKey = "convwalk.training", crcKey = "convwalk.crc32"
    static let slotPrefixes = ["optimizer.first.", "optimizer.second."]

    /// The training state: in version 2 the JSON under `convwalk.training`, in version 1 the
    /// JSON header (which also lists `parameters`).
    struct Header: Codable {
        var spec: ModelSpec
        var epoch: Int
        var batchSize: Int
        var optimizer: OptimizerKind
        var learningRate: Float, momentum: Float, beta1: Float, beta2: Float, epsilon: Float
        /// `Optimizer.rateDrops`; absent in checkpoints written before schedules existed.
        var rateDrops: [Int]?
        var step: Int
        var slots: Int
        var rngState: String
        /// Version 1 only: the parameters' names and shapes (version 2's tensors carry them).
        var parameters: [ParameterInfo]?
        var history: [EpochMetrics]

        /// What is wrong with the training state, in words, or nil: a batch of 0 divided by
        /// zero on resume, a NaN learning rate would train garbage.
        var stateProblem: String? {
            if !(1...TrainingSession.maxBatchSize).contains(batchSize) {
                return "batch size \(batchSize) is outside 1...\(TrainingSession.maxBatchSize)"
            }
            if !(learningRate.isFinite && learningRate > 0) {
                return "learning rate \(learningRate) is not a positive number"
            }
            if let drops = rateDrops, let problem = Optimizer.rateDropsProblem(drops) {
                return "learning-rate drops: \(problem)"
            }
            if epoch < 0 || step < 0 {
                return "epoch \(epoch) and step \(step) must not be negative"
            }
            if ![momentum, beta1, beta2, epsilon].allSatisfy(\.isFinite) {
                return "the optimizer settings are not finite numbers"
            }
            if !(0...2).contains(slots) {
                return "\(slots) optimizer slots (0, 1 or 2)"
            }
            return nil
        }
    }

    struct ParameterInfo: Codable, Equatable {
        var name: String
        var shape: [Int]
    }

    /// Serialises a session to the bytes of a checkpoint file.
    public static func encode(_ s: TrainingSession) throws -> [UInt8] {
        let o = s.optimizer
        let slots = [o.first, o.second].filter { !$0.isEmpty }
        let header = Header(spec: s.network.spec, epoch: s.epoch, batchSize: s.batchSize, optimizer: o.kind,
                            learningRate: o.learningRate, momentum: o.momentum, beta1: o.beta1, beta2: o.beta2,
                            epsilon: o.epsilon, rateDrops: o.rateDrops.isEmpty ? nil : o.rateDrops, step: o.step, slots: slots.count,
                            rngState: String(s.rng.state, radix: 16), parameters: nil, history: s.history)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let state = [UInt8](try encoder.encode(header))
        let names = s.network.parameterNames, parameters = s.network.parameters
        var tensors = zip(names, parameters).map { NamedTensor($0, $1) }
        for (prefix, slot) in zip(slotPrefixes, slots) {
            for (i, values) in slot.enumerated() {
                tensors.append(NamedTensor(prefix + names[i], try Tensor(shape: parameters[i].shape, data: values)))
            }
        }
        var data: [UInt8] = []
        for t in tensors { LittleEndian.append(&data, floats: t.tensor.data) }
        let crc = CRC32.of(state, continuing: CRC32.of(data))
        return try SafeTensors.encode(tensors, metadata: ["format": "pt", versionKey: String(version),
                                                          stateKey: String(decoding: state, as: UTF8.self), crcKey: hex8(crc)])
    }

    /// Writes `session` to `path` through `AtomicFile` (temporary file + rename).
    public static func write(_ session: TrainingSession, to path: String) throws {
        try AtomicFile.write(Data(try encode(session)), to: path)
    }

    /// Reads a checkpoint (version 2, or version 1's CWCKPT) and rebuilds its session.
    /// - Parameter expecting: when given, the checkpoint must hold this architecture.
    /// - Throws: `CheckpointError` for a damaged, foreign or mismatched file.
    public static func read(path: String, expecting spec: ModelSpec? = nil) throws -> TrainingSession {
        guard let data = FileManager.default.contents(atPath: path) else { throw CheckpointError.unreadable(file: path) }
        return try decode([UInt8](data), file: path, expecting: spec)
    }

    /// Rebuilds a session from checkpoint bytes of either version; `file` names them in errors.
    public static func decode(_ b: [UInt8], file: String, expecting spec: ModelSpec? = nil) throws -> TrainingSession {
        if b.starts(with: LegacyCheckpoint.magic) { return try LegacyCheckpoint.decode(b, file: file, expecting: spec) }
        // A safetensors file starts with its header's length (u64) and the header's "{".
        guard b.count > 8, b[8] == UInt8(ascii: "{"), b[3..<8].allSatisfy({ $0 == 0 }) else { throw CheckpointError.notACheckpoint(file: file) }
        let tensors: [NamedTensor], metadata: [String: String]
        do {
            (tensors, metadata) = try SafeTensors.decode(b, file: file)
        } catch let error as InteropError {
            switch error {
            case let .truncated(_, detail): throw CheckpointError.truncated(file: file, detail: detail)
            case let .malformed(_, detail): throw CheckpointError.corruptHeader(file: file, detail: detail)
            case let .unsupportedType(_, tensor, type):
                throw CheckpointError.corruptHeader(file: file, detail: "\(tensor) is stored as \(type); a checkpoint stores F32")
            case .unreadable, .mismatch, .unknownFormat: throw CheckpointError.corruptHeader(file: file, detail: "\(error)")
            }
        }
        guard let versionText = metadata[versionKey], let state = metadata[stateKey] else { throw CheckpointError.weightsOnly(file: file) }
        guard versionText == String(version) else { throw CheckpointError.unsupportedVersion(file: file, version: UInt32(versionText) ?? 0) }
        let headerLength = Int(LittleEndian.read(b[...], 0, size: 8))
        let computed = CRC32.of(Array(state.utf8), continuing: CRC32.of(Array(b[(8 + headerLength)...])))
        guard let stored = metadata[crcKey].flatMap({ $0.count == 8 ? UInt32($0, radix: 16) : nil }) else {
            throw CheckpointError.corruptHeader(file: file, detail: "\(crcKey) in __metadata__ must be 8 hex digits")
        }
        guard stored == computed else { throw CheckpointError.checksumMismatch(file: file, stored: stored, computed: computed) }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(state.utf8))
        } catch {
            throw CheckpointError.corruptHeader(file: file, detail: "\(stateKey): " + ErrorWords.describe(error))
        }
        let count = try storedValues(header, file: file, expecting: spec)
        let held = tensors.reduce(0) { $0 + $1.tensor.count }
        guard count * (1 + header.slots) == held else {
            throw CheckpointError.corruptHeader(file: file, detail: "the training state's model \(header.spec.name) has \(count) parameters and \(header.slots) optimizer slots, the file's tensors hold \(held) numbers")
        }
        var network = try Network(spec: header.spec, seed: 0)
        let names = network.parameterNames, shapes = network.parameters.map(\.shape)
        let expected = names + slotPrefixes.prefix(header.slots).flatMap { prefix in names.map { prefix + $0 } }
        let found = tensors.map(\.name)
        guard found == expected, zip(tensors.map(\.tensor.shape), shapes + Array(repeating: shapes, count: header.slots).flatMap { $0 }).allSatisfy(==) else {
            let first = zip(found, expected).first { $0 != $1 }.map { "\($0.0) where \($0.1) belongs" } ?? "\(found.count) tensors for \(expected.count)"
            throw CheckpointError.corruptHeader(file: file, detail: "the tensors do not match model \(header.spec.name) with \(header.slots) optimizer slots: \(first), or a shape differs")
        }
        let n = names.count
        for i in 0..<n { network.parameters[i].data = tensors[i].tensor.data }
        let slot = { (k: Int) in k < header.slots ? tensors[(n * (k + 1))..<(n * (k + 2))].map(\.tensor.data) : [] }
        return try session(header, network: network, first: slot(0), second: slot(1), file: file)
    }

    /// The number of values the header's model stores (parameters and running statistics),
    /// once its training state and its model (against `spec`) are checked; callers compare it
    /// with what the file holds before allocating the network.
    static func storedValues(_ header: Header, file: String, expecting spec: ModelSpec?) throws -> Int {
        if let problem = header.stateProblem {
            throw CheckpointError.corruptHeader(file: file, detail: problem)
        }
        if let spec, !spec.sameArchitecture(as: header.spec) {
            throw CheckpointError.modelMismatch(file: file, checkpointModel: header.spec.name, requestedModel: spec.name)
        }
        do { return try header.spec.totalStoredValues() } catch {
            throw CheckpointError.corruptHeader(file: file, detail: "\(error)")
        }
    }

    /// The session a header describes, with `network`'s weights and the optimizer's moments.
    static func session(_ h: Header, network: Network, first: [[Float]], second: [[Float]], file: String) throws -> TrainingSession {
        guard let rng = UInt64(h.rngState, radix: 16) else {
            throw CheckpointError.corruptHeader(file: file, detail: "the random generator's state \"\(h.rngState)\" is not a hexadecimal number")
        }
        let optimizer = Optimizer(kind: h.optimizer, learningRate: h.learningRate, rateDrops: h.rateDrops ?? [], momentum: h.momentum,
                                  beta1: h.beta1, beta2: h.beta2, epsilon: h.epsilon, step: h.step, first: first, second: second)
        return TrainingSession(network: network, optimizer: optimizer, rng: SplitMix64(seed: rng),
                               batchSize: h.batchSize, epoch: h.epoch, history: h.history)
    }

    private static func hex8(_ v: UInt32) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
