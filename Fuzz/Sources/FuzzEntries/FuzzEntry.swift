import Foundation
import Lessons
import NN
import Site
import Tensor

/// The entry points the fuzzers and `HardeningTests` drive: each takes arbitrary bytes,
/// hands them to one parser the way the CLI does, and must return without crashing.
///
/// This file lives in `Fuzz/Sources/FuzzEntries/` and is linked into
/// `Tests/HardeningTests/` so the CI replay runs exactly what libFuzzer ran.
public enum FuzzEntry: String, CaseIterable, Sendable {
    case lesson, example, model, idx, checkpoint, weights, markdown

    /// Runs one input through the parser. Errors are the expected outcome for most inputs
    /// and are swallowed; only crashes, hangs and sanitizer reports count as findings.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .lesson: Self.lesson(bytes)
        case .example: Self.example(bytes)
        case .model: Self.model(bytes)
        case .idx: Self.idx(bytes)
        case .checkpoint: Self.checkpoint(bytes)
        case .weights: Self.weights(bytes)
        case .markdown: Self.markdown(bytes)
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

    /// A weights file as `convwalk import` reads it: safetensors, then npz (zip, inflate, each
    /// `.npy` header), then the bytes as one bare `.npy`; whatever decodes is loaded into the
    /// tiny model the way `import` loads it (names and shapes checked against the network).
    static func weights(_ bytes: [UInt8]) {
        var found: [[NamedTensor]] = []
        if let st = try? SafeTensors.decode(bytes, file: "fuzz.safetensors") { found.append(st.tensors) }
        if let npz = try? NPZ.decode(bytes, file: "fuzz.npz") { found.append(npz) }
        if let npy = try? NPY.decode(bytes[...], file: "fuzz.npy", tensor: "fc.weight") {
            found.append([NamedTensor(name: "fc.weight", tensor: npy)])
        }
        for tensors in found { _ = try? TorchWeights.network(tinySpec, from: tensors, file: "fuzz") }
    }

    /// The model weights files are loaded into: 1x28x28 → maxpool 7 → 16 → linear 10.
    static let tinySpec = try! ModelSpec.parse(yaml: """
        name: tiny
        input: [1, 28, 28]
        layers:
          - {maxpool: {size: 7}}
          - flatten
          - {linear: 10}
        """, file: "tiny.yaml")

    /// A lesson body through md4c and the site's post-processing (script-link removal, table
    /// alignment, heading ids), with raw HTML off (the default) and on.
    static func markdown(_ bytes: [UInt8]) {
        guard let text = String(bytes: bytes, encoding: .utf8) else { return }
        for raw in [false, true] { _ = try? Markdown.render(text, allowRawHTML: raw) }
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
