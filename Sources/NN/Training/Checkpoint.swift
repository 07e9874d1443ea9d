import Basics
import CZlib
import Foundation
import Tensor

/// A problem with a checkpoint file; each case names the file.
public enum CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(file: String)
    case notACheckpoint(file: String)
    case unsupportedVersion(file: String, version: UInt32)
    case truncated(file: String, detail: String)
    case checksumMismatch(file: String, stored: UInt32, computed: UInt32)
    case corruptHeader(file: String, detail: String)
    case modelMismatch(file: String, checkpointModel: String, requestedModel: String)

    public var description: String {
        switch self {
        case let .unreadable(file): return "\(file): cannot read the checkpoint"
        case let .notACheckpoint(file): return "\(file): not a convwalk checkpoint (wrong magic bytes)"
        case let .unsupportedVersion(file, v): return "\(file): checkpoint format version \(v) is not supported (this convwalk reads version \(Checkpoint.version))"
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

/// The binary checkpoint format, version 1 (all integers little-endian):
///
///     8 bytes   magic "CWCKPT\r\n"
///     u32       format version (1)
///     u32       header length H
///     H bytes   header, JSON: model spec, epoch, batch size, optimizer settings and step,
///               RNG state, parameter names and shapes, metrics history
///     f32 ...   every parameter, then the optimizer's first and second moment arrays
///     u32       CRC32 (zlib) of everything before it
///
/// Written to a temporary file and renamed into place, so a crash never leaves half a file.
public enum Checkpoint {
    public static let version: UInt32 = 1
    static let magic: [UInt8] = Array("CWCKPT\r\n".utf8)

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
        var parameters: [ParameterInfo]
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
        let header = Header(spec: s.network.spec, epoch: s.epoch, batchSize: s.batchSize, optimizer: o.kind,
                            learningRate: o.learningRate, momentum: o.momentum, beta1: o.beta1, beta2: o.beta2,
                            epsilon: o.epsilon, rateDrops: o.rateDrops.isEmpty ? nil : o.rateDrops, step: o.step, slots: (o.first.isEmpty ? 0 : 1) + (o.second.isEmpty ? 0 : 1),
                            rngState: String(s.rng.state, radix: 16),
                            parameters: zip(s.network.parameterNames, s.network.parameters).map { ParameterInfo(name: $0, shape: $1.shape) },
                            history: s.history)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = [UInt8](try encoder.encode(header))
        var out = magic
        append(&out, version)
        append(&out, UInt32(json.count))
        out += json
        for t in s.network.parameters { append(&out, t.data) }
        for slot in o.first + o.second { append(&out, slot) }
        append(&out, crc32Of(out))
        return out
    }

    /// Writes `session` to `path` (temporary file + rename).
    public static func write(_ session: TrainingSession, to path: String) throws {
        try AtomicFile.write(Data(try encode(session)), to: path)
    }

    /// Reads a checkpoint and rebuilds its session.
    /// - Parameter expecting: when given, the checkpoint must hold this architecture.
    /// - Throws: `CheckpointError` for a damaged, foreign or mismatched file.
    public static func read(path: String, expecting spec: ModelSpec? = nil) throws -> TrainingSession {
        guard let data = FileManager.default.contents(atPath: path) else { throw CheckpointError.unreadable(file: path) }
        return try decode([UInt8](data), file: path, expecting: spec)
    }

    /// The file length a header announces (16 bytes, the header, every parameter and optimizer
    /// slot as Float32, the CRC), or nil when its numbers are negative or overflow: such a header
    /// is reported as corrupt by the checks that follow.
    static func announcedLength(_ h: Header, headerLength: Int) -> Int? {
        var floats = 0
        for p in h.parameters {
            var count = 1
            for d in p.shape {
                guard d >= 0 else { return nil }
                let (m, o) = count.multipliedReportingOverflow(by: d)
                guard !o else { return nil }
                count = m
            }
            let (sum, o) = floats.addingReportingOverflow(count)
            guard !o else { return nil }
            floats = sum
        }
        guard (0...2).contains(h.slots) else { return nil }
        let (all, o1) = floats.multipliedReportingOverflow(by: 4 * (1 + h.slots))
        let (total, o2) = all.addingReportingOverflow(20 + headerLength)
        return o1 || o2 ? nil : total
    }

    /// Rebuilds a session from checkpoint bytes; `file` names them in errors.
    public static func decode(_ b: [UInt8], file: String, expecting spec: ModelSpec? = nil) throws -> TrainingSession {
        guard b.count >= magic.count, Array(b.prefix(magic.count)) == magic else { throw CheckpointError.notACheckpoint(file: file) }
        guard b.count >= 20 else { throw CheckpointError.truncated(file: file, detail: "\(b.count) bytes") }
        let v = u32(b, 8)
        guard v == version else { throw CheckpointError.unsupportedVersion(file: file, version: v) }
        let stored = u32(b, b.count - 4), computed = crc32Of(Array(b[0..<(b.count - 4)]))
        let headerLength = Int(u32(b, 12))
        guard 16 + headerLength <= b.count - 4 else {
            throw CheckpointError.truncated(file: file, detail: "the header announces \(headerLength) bytes, the file holds \(b.count)")
        }
        let decoded = Result { try JSONDecoder().decode(Header.self, from: Data(b[16..<(16 + headerLength)])) }
        if let h = try? decoded.get(), let expected = announcedLength(h, headerLength: headerLength), b.count < expected {
            // A readable header says how long the file must be: report a short file as such.
            throw CheckpointError.truncated(file: file, detail: "expected \(expected) bytes, found \(b.count)")
        }
        guard stored == computed else { throw CheckpointError.checksumMismatch(file: file, stored: stored, computed: computed) }
        let header: Header
        do {
            header = try decoded.get()
        } catch {
            throw CheckpointError.corruptHeader(file: file, detail: ErrorWords.describe(error))
        }
        if let problem = header.stateProblem {
            throw CheckpointError.corruptHeader(file: file, detail: problem)
        }
        if let spec, !spec.sameArchitecture(as: header.spec) {
            throw CheckpointError.modelMismatch(file: file, checkpointModel: header.spec.name, requestedModel: spec.name)
        }
        // Check the header's model against the file's length before allocating its weights.
        let parameterCount: Int
        do { parameterCount = try header.spec.totalStoredValues() } catch {
            throw CheckpointError.corruptHeader(file: file, detail: "\(error)")
        }
        guard (0...2).contains(header.slots), b.count - 20 - headerLength == parameterCount * (1 + header.slots) * 4 else {
            throw CheckpointError.truncated(file: file, detail: "the header's model \(header.spec.name) has \(parameterCount) parameters and \(header.slots) optimizer slots, which do not fit the file's \(b.count) bytes")
        }
        var network = try Network(spec: header.spec, seed: 0)
        let expected = zip(network.parameterNames, network.parameters).map { ParameterInfo(name: $0, shape: $1.shape) }
        guard expected == header.parameters, let rng = UInt64(header.rngState, radix: 16), header.slots <= 2 else {
            throw CheckpointError.corruptHeader(file: file, detail: "parameters or state do not match the model \(header.spec.name)")
        }
        let floats = network.storedCount * (1 + header.slots)
        guard b.count - 4 - 16 - headerLength == floats * 4 else {
            throw CheckpointError.truncated(file: file, detail: "expected \(floats) numbers after the header, found \((b.count - 20 - headerLength) / 4)")
        }
        var offset = 16 + headerLength
        for i in network.parameters.indices {
            network.parameters[i].data = readFloats(b, &offset, network.parameters[i].count)
        }
        let slot = { (k: Int) -> [[Float]] in
            k < header.slots ? network.parameters.map { readFloats(b, &offset, $0.count) } : []
        }
        let first = slot(0), second = slot(1)
        let optimizer = Optimizer(kind: header.optimizer, learningRate: header.learningRate, rateDrops: header.rateDrops ?? [],
                                  momentum: header.momentum,
                                  beta1: header.beta1, beta2: header.beta2, epsilon: header.epsilon,
                                  step: header.step, first: first, second: second)
        return TrainingSession(network: network, optimizer: optimizer, rng: SplitMix64(seed: rng),
                               batchSize: header.batchSize, epoch: header.epoch, history: header.history)
    }

    static func crc32Of(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { p in
            UInt32(truncatingIfNeeded: crc32_z(0, p.baseAddress, p.count))
        }
    }

    private static func append(_ out: inout [UInt8], _ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { out += $0 }
    }

    private static func append(_ out: inout [UInt8], _ xs: [Float]) {
        out.reserveCapacity(out.count + xs.count * 4)
        for x in xs { append(&out, x.bitPattern) }
    }

    private static func u32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }

    private static func readFloats(_ b: [UInt8], _ offset: inout Int, _ count: Int) -> [Float] {
        var out = [Float](repeating: 0, count: count)
        for i in 0..<count { out[i] = Float(bitPattern: u32(b, offset + 4 * i)) }
        offset += 4 * count
        return out
    }
}
