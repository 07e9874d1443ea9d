import Foundation
import Tensor

/// Reads checkpoints of format version 1, which convwalk wrote before checkpoints became
/// safetensors files (all integers little-endian):
///
///     8 bytes   magic "CWCKPT\r\n"
///     u32       format version (1)
///     u32       header length H
///     H bytes   header, JSON: `Checkpoint.Header` with `parameters` (names and shapes)
///     f32 ...   every parameter, then the optimizer's first and second moment arrays
///     u32       CRC32 (zlib) of everything before it
///
/// `convwalk train --resume` continues from such a file and writes version 2 from then on.
enum LegacyCheckpoint {
    static let magic: [UInt8] = Array("CWCKPT\r\n".utf8)

    /// The file length a header announces (16 bytes, the header, every parameter and optimizer
    /// slot as Float32, the CRC), or nil when its numbers are negative or overflow: such a header
    /// is reported as corrupt by the checks that follow.
    static func announcedLength(_ h: Checkpoint.Header, headerLength: Int) -> Int? {
        var floats = 0
        for p in h.parameters ?? [] {
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

    /// Rebuilds a session from version 1 bytes (they start with `magic`).
    static func decode(_ b: [UInt8], file: String, expecting spec: ModelSpec?) throws -> TrainingSession {
        guard b.count >= 20 else { throw CheckpointError.truncated(file: file, detail: "\(b.count) bytes") }
        let v = u32(b, 8)
        guard v == 1 else { throw CheckpointError.unsupportedVersion(file: file, version: v) }
        let stored = u32(b, b.count - 4), computed = CRC32.of(Array(b[0..<(b.count - 4)]))
        let headerLength = Int(u32(b, 12))
        guard 16 + headerLength <= b.count - 4 else {
            throw CheckpointError.truncated(file: file, detail: "the header announces \(headerLength) bytes, the file holds \(b.count)")
        }
        let decoded = Result { try JSONDecoder().decode(Checkpoint.Header.self, from: Data(b[16..<(16 + headerLength)])) }
        if let h = try? decoded.get(), let expected = announcedLength(h, headerLength: headerLength), b.count < expected {
            // A readable header says how long the file must be: report a short file as such.
            throw CheckpointError.truncated(file: file, detail: "expected \(expected) bytes, found \(b.count)")
        }
        guard stored == computed else { throw CheckpointError.checksumMismatch(file: file, stored: stored, computed: computed) }
        let header: Checkpoint.Header
        do {
            header = try decoded.get()
        } catch {
            throw CheckpointError.corruptHeader(file: file, detail: ErrorWords.describe(error))
        }
        // Check the header's model against the file's length before allocating its weights.
        let count = try Checkpoint.storedValues(header, file: file, expecting: spec)
        guard b.count - 20 - headerLength == count * (1 + header.slots) * 4 else {
            throw CheckpointError.truncated(file: file, detail: "the header's model \(header.spec.name) has \(count) parameters and \(header.slots) optimizer slots, which do not fit the file's \(b.count) bytes")
        }
        var network = try Network(spec: header.spec, seed: 0)
        let expected = zip(network.parameterNames, network.parameters).map { Checkpoint.ParameterInfo(name: $0, shape: $1.shape) }
        guard expected == header.parameters else {
            throw CheckpointError.corruptHeader(file: file, detail: "parameters or state do not match the model \(header.spec.name)")
        }
        var offset = 16 + headerLength
        for i in network.parameters.indices {
            network.parameters[i].data = readFloats(b, &offset, network.parameters[i].count)
        }
        let slot = { (k: Int) -> [[Float]] in
            k < header.slots ? network.parameters.map { readFloats(b, &offset, $0.count) } : []
        }
        let first = slot(0), second = slot(1)
        return try Checkpoint.session(header, network: network, first: first, second: second, file: file)
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
