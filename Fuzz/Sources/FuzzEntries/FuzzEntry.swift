import Foundation
import Lessons
import NN

/// The entry points the fuzzers and `HardeningTests` drive: each takes arbitrary bytes,
/// hands them to one parser the way the CLI does, and must return without crashing.
///
/// This file lives in `Fuzz/Sources/FuzzEntries/` and is linked into
/// `Tests/HardeningTests/` so the CI replay runs exactly what libFuzzer ran.
public enum FuzzEntry: String, CaseIterable, Sendable {
    case lesson, example, model, idx, checkpoint

    /// Runs one input through the parser. Errors are the expected outcome for most inputs
    /// and are swallowed; only crashes, hangs and sanitizer reports count as findings.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .lesson: Self.lesson(bytes)
        case .example: Self.example(bytes)
        case .model: Self.model(bytes)
        case .idx: Self.idx(bytes)
        case .checkpoint: Self.checkpoint(bytes)
        }
    }

    /// A lesson file: front matter, body split, then every example block parsed (YAML, fields,
    /// tensor literals, expect values). Running the examples is the `example` fuzzer's job:
    /// running every block of a 20-example lesson kept this fuzzer at 7 inputs a second.
    static func lesson(_ bytes: [UInt8]) {
        guard let text = String(bytes: bytes, encoding: .utf8),
              let lesson = try? LessonParser.parse(text, file: "fuzz.md") else { return }
        for block in lesson.examples { _ = try? Example.parse(block) }
    }

    /// One example block, as `convwalk compute` reads it (YAML or JSON).
    static func example(_ bytes: [UInt8]) {
        guard let text = String(bytes: bytes, encoding: .utf8) else { return }
        _ = CourseChecker.checkExample(ExampleBlock(source: text, file: "fuzz.yaml", line: 1))
    }

    /// A model file, then its layer table (shape inference), as `convwalk models` does.
    static func model(_ bytes: [UInt8]) {
        guard let text = String(bytes: bytes, encoding: .utf8),
              let spec = try? ModelSpec.parse(yaml: text, file: "fuzz.yaml") else { return }
        _ = try? spec.layerTable()
    }

    /// IDX images and labels, plain and gzip'd (the `.gz` name forces the gzip path).
    static func idx(_ bytes: [UInt8]) {
        for file in ["fuzz-idx", "fuzz-idx.gz"] {
            _ = try? IDX.readImages(bytes: bytes, file: file)
            _ = try? IDX.readLabels(bytes: bytes, file: file)
        }
    }

    /// A checkpoint as it is, then with its CRC32 recomputed so that mutations reach the
    /// header and body checks behind the checksum.
    static func checkpoint(_ bytes: [UInt8]) {
        _ = try? Checkpoint.decode(bytes, file: "fuzz.ckpt")
        guard bytes.count >= 20 else { return }
        var fixed = bytes
        let crc = crc32(fixed[0..<(fixed.count - 4)])
        withUnsafeBytes(of: crc.littleEndian) { fixed.replaceSubrange((fixed.count - 4)..., with: $0) }
        _ = try? Checkpoint.decode(fixed, file: "fuzz.ckpt")
    }

    /// CRC-32 (IEEE, as zlib's `crc32`), bit by bit: slow, but only for re-sealing fuzz inputs.
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
