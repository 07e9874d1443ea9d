import Foundation
import Tensor
import XCTest
@testable import NN

/// safetensors and npz files as PyTorch and NumPy write them, and LeNet-5 crossing between
/// convwalk and PyTorch in both directions.
final class InteropTests: XCTestCase {
    let pair = [
        NamedTensor(name: "a.weight", tensor: try! Tensor(shape: [2, 2], data: [1, 2, 3, 4])),
        NamedTensor(name: "a.bias", tensor: try! Tensor(shape: [2], data: [0.5, -1])),
    ]

    func temp(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "interop-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return "\(dir)/\(name)"
    }

    // MARK: formats, byte by byte

    /// zlib's CRC-32, the check of checkpoints and npz entries: the standard check value, and a
    /// CRC continued over a second part equals the CRC of both parts at once.
    func testCRC32() {
        let digits = Array("123456789".utf8)
        XCTAssertEqual(CRC32.of(digits), 0xCBF4_3926)
        XCTAssertEqual(CRC32.of([]), 0)
        XCTAssertEqual(CRC32.of(Array(digits[4...]), continuing: CRC32.of(Array(digits[..<4]))), 0xCBF4_3926)
    }

    func testSafeTensorsLayout() throws {
        let b = try SafeTensors.encode(pair)
        let n = Int(LittleEndian.read(b[...], 0, size: 8))
        XCTAssertEqual(n % 8, 0, "the header is padded to 8 bytes")
        let header = String(decoding: b[8..<(8 + n)], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        XCTAssertEqual(header, #"{"a.bias":{"data_offsets":[16,24],"dtype":"F32","shape":[2]},"a.weight":{"data_offsets":[0,16],"dtype":"F32","shape":[2,2]}}"#)
        XCTAssertEqual(b.count, 8 + n + 24)
        XCTAssertEqual(Array(b[(8 + n)..<(8 + n + 4)]), [0x00, 0x00, 0x80, 0x3F], "1.0 as little-endian float32")
        XCTAssertEqual(Array(b[(8 + n + 20)..<(8 + n + 24)]), [0x00, 0x00, 0x80, 0xBF], "-1.0 last")
        let back = try SafeTensors.decode(b, file: "t.safetensors")
        XCTAssertEqual(back.tensors, pair, "file order, values and shapes survive")
        XCTAssertEqual(back.metadata, [:])
    }

    func testSafeTensorsReadsOtherFloatTypes() throws {
        // One F64 [2] = (1.5, -2) and one F16 [2] = (1, -0.5): header written by hand.
        let header = Array(#"{"d":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"h":{"dtype":"F16","shape":[2],"data_offsets":[16,20]}}"#.utf8)
        var b: [UInt8] = []
        LittleEndian.append(&b, UInt64(header.count))
        b += header
        LittleEndian.append(&b, (1.5 as Double).bitPattern)
        LittleEndian.append(&b, (-2 as Double).bitPattern)
        b += [0x00, 0x3C, 0x00, 0xB8]
        let back = try SafeTensors.decode(b, file: "f.safetensors").tensors
        XCTAssertEqual(back.map(\.name), ["d", "h"])
        XCTAssertEqual(back.map(\.tensor.data), [[1.5, -2], [1, -0.5]])
    }

    func testNPYHeaderIsNumpys() throws {
        let b = NPY.encode(try Tensor(shape: [2, 3], data: [0, 1, 2, 3, 4, 5]))
        XCTAssertEqual(Array(b.prefix(8)), [0x93] + Array("NUMPY".utf8) + [1, 0])
        let h = Int(LittleEndian.read(b[...], 8, size: 2))
        XCTAssertEqual((10 + h) % 64, 0, "data starts on a 64-byte boundary")
        let text = String(decoding: b[10..<(10 + h)], as: UTF8.self)
        XCTAssertEqual(text.trimmingCharacters(in: .whitespacesAndNewlines), "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }")
        XCTAssertTrue(text.hasSuffix(" \n"))
        XCTAssertEqual(b.count, 10 + h + 24)
        XCTAssertTrue(String(decoding: NPY.encode(Tensor(shape: [3])), as: UTF8.self).contains("'shape': (3,)"))
        XCTAssertEqual(try NPY.decode(b[...], file: "x.npy", tensor: "x").data, [0, 1, 2, 3, 4, 5])
    }

    func testNPZRoundTripAndCRC() throws {
        var b = NPZ.encode(pair)
        XCTAssertEqual(Array(b.prefix(4)), [0x50, 0x4B, 0x03, 0x04], "a zip local header comes first")
        XCTAssertEqual(try NPZ.decode(b, file: "w.npz"), pair)
        // The first entry's name is 12 bytes ("a.weight.npy"); its data starts after 30 + 12.
        let crc = CRC32.of(NPY.encode(pair[0].tensor))
        XCTAssertEqual(UInt32(LittleEndian.read(b[...], 14, size: 4)), crc)
        b[42 + 128] ^= 0xFF
        XCTAssertThrowsError(try NPZ.decode(b, file: "w.npz")) { error in
            XCTAssertEqual("\(error)", "w.npz: a.weight.npy: corrupt zip entry (CRC32 0x\(String(CRC32.of(Array(b[42..<(42 + 144)])), radix: 16)), the archive says 0x\(String(crc, radix: 16)))")
        }
    }

    // MARK: networks through files

    func lenet() throws -> ModelSpec { try BuiltinModels.resolve(XCTUnwrap(repoPath("models/lenet5.yaml"))) }

    func testExportImportGivesIdenticalTensors() throws {
        let network = try Network(spec: lenet(), seed: 7)
        let folder = (temp("x") as NSString).deletingLastPathComponent
        for format in WeightsFormat.allCases {
            let path = "\(folder)/lenet5.\(format.rawValue)"
            try WeightsFile.write(network, format: format, to: path)
            let back = try WeightsFile.network(lenet(), path: path)
            XCTAssertEqual(back.parameters, network.parameters, "\(format)")
            let names = try WeightsFile.read(path: path).map(\.name)
            XCTAssertEqual(names, ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias",
                                   "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"])
            let json = try XCTUnwrap(FileManager.default.contents(atPath: path + ".json"))
            let arch = try XCTUnwrap(JSONSerialization.jsonObject(with: json) as? [String: Any])
            XCTAssertEqual(arch["format"] as? String, TorchWeights.format)
            let modules = try XCTUnwrap(arch["modules"] as? [[String: Any]])
            XCTAssertEqual(modules.map { $0["name"] as? String }, ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten1",
                                                                   "fc1", "relu3", "fc2", "relu4", "fc3"])
            XCTAssertEqual((arch["parameters"] as? [String: [Int]])?["fc1.weight"], [120, 400])
        }
        let metadata = try SafeTensors.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: "\(folder)/lenet5.safetensors"))), file: "m").metadata
        XCTAssertEqual(metadata["format"], "pt")
        XCTAssertEqual(metadata[WeightsFile.architectureKey], try TorchWeights.architecture(network))
    }

    func testTruncatedAndForeignFilesNameTheProblem() throws {
        let network = try Network(spec: lenet(), seed: 7)
        let good = try SafeTensors.encode(TorchWeights.tensors(of: network))
        let n = Int(LittleEndian.read(good[...], 0, size: 8))
        let dataBytes = 4 * network.parameterCount
        XCTAssertThrowsError(try SafeTensors.decode(Array(good.dropLast(10)), file: "cut.safetensors")) { e in
            XCTAssertEqual(e as? InteropError, .truncated(file: "cut.safetensors", detail: "fc3.bias ends at byte \(dataBytes) of the data, which has \(dataBytes - 10)"))
            XCTAssertEqual("\(e)", "cut.safetensors: truncated: fc3.bias ends at byte 246824 of the data, which has 246814")
        }
        XCTAssertThrowsError(try SafeTensors.decode(Array(good.prefix(100)), file: "head.safetensors")) { e in
            XCTAssertEqual("\(e)", "head.safetensors: truncated: the header announces \(n) bytes, the file holds 92 after the length")
        }
        XCTAssertThrowsError(try SafeTensors.decode(Array("PK\u{3}\u{4} not safetensors".utf8), file: "zip.safetensors")) { e in
            XCTAssertEqual("\(e)", "zip.safetensors: not a safetensors file: its header length would be 8390045714599856976 bytes")
        }
        let npz = NPZ.encode(TorchWeights.tensors(of: network))
        XCTAssertThrowsError(try NPZ.decode(Array(npz.prefix(npz.count / 2)), file: "cut.npz")) { e in
            XCTAssertEqual("\(e)", "cut.npz: not a zip archive (no end-of-central-directory record; truncated?)")
        }
        XCTAssertThrowsError(try WeightsFile.read(path: "weights.pt")) { e in
            XCTAssertEqual(e as? InteropError, .unknownFormat(file: "weights.pt"))
        }
    }

    func testShapeMismatchListsEveryTensorThatDoesNotFit() throws {
        var tensors = TorchWeights.tensors(of: try Network(spec: lenet(), seed: 7))
        tensors[4].tensor = Tensor(shape: [120, 256])
        tensors.removeLast()
        tensors.append(NamedTensor(name: "fc4.weight", tensor: Tensor(shape: [10, 10])))
        XCTAssertThrowsError(try TorchWeights.network(lenet(), from: tensors, file: "w.safetensors")) { e in
            XCTAssertEqual(e as? InteropError, .mismatch(file: "w.safetensors", model: "lenet5", problems: [
                .shape(name: "fc1.weight", expected: [120, 400], found: [120, 256]),
                .missing(name: "fc3.bias", expected: [10]),
                .unexpected(name: "fc4.weight", found: [10, 10]),
            ]))
            XCTAssertEqual("\(e)", """
                w.safetensors: the weights do not fit the model lenet5:
                  fc1.weight: expected 120x400, found 120x256
                  fc3.bias: missing (expected 10)
                  fc4.weight: not in the model (found 10x10)
                """)
        }
    }
}

/// LeNet-5 crossing to PyTorch and back through bench/torch_bridge.py, run with Debian's
/// /usr/bin/python3 (skipped where it cannot import torch).
final class TorchBridgeTests: XCTestCase {
    struct Logits: Decodable {
        var predictions: [Int]
        var logits: [[Float]]
    }

    func python(_ arguments: [String]) throws -> (status: Int32, out: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, out)
    }

    /// Whether /usr/bin/python3 imports torch, asked once per test run.
    nonisolated(unsafe) static var torchFound: Bool?
    static func hasTorch(_ python: ([String]) throws -> (status: Int32, out: Data)) throws -> Bool {
        if let torchFound { return torchFound }
        let found = try FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") && python(["-c", "import torch"]).status == 0
        torchFound = found
        return found
    }

    func bridge(_ arguments: [String]) throws -> Logits {
        guard try Self.hasTorch(python) else {
            throw XCTSkip("/usr/bin/python3 cannot import torch (install Debian's python3-torch to run the PyTorch cross-checks)")
        }
        let script = try XCTUnwrap(repoPath("bench/torch_bridge.py"))
        let (status, out) = try python([script] + arguments)
        XCTAssertEqual(status, 0, "torch_bridge.py \(arguments.joined(separator: " ")) failed")
        return try JSONDecoder().decode(Logits.self, from: out)
    }

    /// convwalk's logits for the first `n` test digits.
    func convwalkLogits(_ network: Network, n: Int) throws -> Tensor {
        let test = try DataDirectory.load(XCTUnwrap(repoPath("data")), split: .test).prefix(n)
        var rng = SplitMix64(seed: 0)
        return try network.forward(test.images, training: false, rng: &rng).logits
    }

    func compare(_ ours: Tensor, _ theirs: Logits, n: Int, file: StaticString = #filePath, line: UInt = #line) throws -> Float {
        XCTAssertEqual(theirs.logits.count, n, file: file, line: line)
        XCTAssertEqual(try argmax(ours, axis: 1).indices, theirs.predictions, "same predictions", file: file, line: line)
        let diff = ours.maxAbsDifference(try Tensor(shape: [n, 10], data: theirs.logits.flatMap { $0 }))
        XCTAssertLessThan(diff, 1e-4, file: file, line: line)
        return diff
    }

    func testConvwalkTrainedLeNetGivesTheSameLogitsInPyTorch() throws {
        let spec = try BuiltinModels.resolve(XCTUnwrap(repoPath("models/lenet5.yaml")))
        let dir = try XCTUnwrap(repoPath("data"))
        let train = try DataDirectory.load(dir, split: .train).randomSubset(300, seed: 1)
        let test = try DataDirectory.load(dir, split: .test).prefix(100)
        var session = try TrainingSession(spec: spec, optimizer: Optimizer(kind: .adam), batchSize: 32, seed: 1)
        _ = try session.trainEpoch(train: train, test: test, epochs: 1)
        let ours = try convwalkLogits(session.network, n: 100)
        let folder = NSTemporaryDirectory() + "bridge-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for format in WeightsFormat.allCases {
            let path = "\(folder)/lenet5.\(format.rawValue)"
            try WeightsFile.write(session.network, format: format, to: path)
            let diff = try compare(ours, bridge(["--n", "100", "predict", path]), n: 100)
            XCTAssertGreaterThan(Set(try argmax(ours, axis: 1).indices).count, 3, "a trained net, not a constant one (\(format), max |Δ| \(diff))")
        }
    }

    /// Batch normalisation (2-D and after a flatten), a residual block with a projected
    /// shortcut, an inception block and global average pooling: every block kind that
    /// `convwalk export` names, in one small model.
    static let blocksModel = """
        name: blocks
        input: [1, 28, 28]
        layers:
          - {conv: {filters: 8, kernel: 3, padding: 1}}
          - batchnorm
          - relu
          - {maxpool: {size: 2}}
          - residual:
              - {conv: {filters: 12, kernel: 3, stride: 2, padding: 1}}
              - batchnorm
              - relu
              - {conv: {filters: 12, kernel: 3, padding: 1}}
              - batchnorm
          - relu
          - residual:
              body:
                - {conv: {filters: 12, kernel: 3, padding: 1, bias: false}}
                - batchnorm
              shortcut:
                - {conv: {filters: 12, kernel: 1, bias: false}}
                - batchnorm
          - relu
          - inception:
              - [{conv: {filters: 4, kernel: 1}}, relu]
              - [{conv: {filters: 4, kernel: 1}}, relu, {conv: {filters: 6, kernel: 3, padding: 1}}, relu]
              - [{maxpool: {size: 3, stride: 1, padding: 1}}, {conv: {filters: 2, kernel: 1}}]
          - global_avgpool
          - flatten
          - {linear: 16}
          - batchnorm
          - relu
          - {linear: 10}
        """

    func testBlocksAndBatchNormCrossToPyTorchWithTheirRunningStatistics() throws {
        let spec = try ModelSpec.parse(yaml: Self.blocksModel, file: "blocks.yaml")
        let dir = try XCTUnwrap(repoPath("data"))
        let train = try DataDirectory.load(dir, split: .train).randomSubset(256, seed: 2)
        let test = try DataDirectory.load(dir, split: .test).prefix(50)
        var session = try TrainingSession(spec: spec, optimizer: Optimizer(kind: .adam), batchSize: 32, seed: 3)
        _ = try session.trainEpoch(train: train, test: test, epochs: 1)
        XCTAssertEqual(session.optimizer.step, 8)
        let ours = try convwalkLogits(session.network, n: 100)
        let folder = NSTemporaryDirectory() + "bridge-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for format in WeightsFormat.allCases {
            let path = "\(folder)/blocks.\(format.rawValue)"
            try WeightsFile.write(session.network, format: format, to: path, batchesTrained: session.optimizer.step)
            // PyTorch loads it with strict=True (every key, num_batches_tracked included) and agrees in evaluation mode.
            _ = try compare(ours, bridge(["--n", "100", "predict", path]), n: 100)
            // The file reads back into convwalk, counters checked and skipped.
            let back = try WeightsFile.network(spec, path: path)
            XCTAssertEqual(back.parameters, session.network.parameters, "\(format)")
            let counters = try WeightsFile.read(path: path).filter { $0.name.hasSuffix(".num_batches_tracked") }
            XCTAssertEqual(counters.map(\.name).sorted(), ["bn1.num_batches_tracked", "bn2.num_batches_tracked",
                                                           "res1.bn1.num_batches_tracked", "res1.bn2.num_batches_tracked",
                                                           "res2.bn1.num_batches_tracked", "res2.shortcut.bn1.num_batches_tracked"])
            XCTAssertEqual(counters.map { $0.tensor.data }, [[Float]](repeating: [8], count: 6))
        }
    }

    func testPyTorchTrainedBlocksGiveTheSameLogitsInConvwalk() throws {
        let spec = try ModelSpec.parse(yaml: Self.blocksModel, file: "blocks.yaml")
        let folder = NSTemporaryDirectory() + "bridge-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The architecture JSON convwalk writes is all PyTorch needs to build the same model.
        try WeightsFile.write(try Network(spec: spec, seed: 1), format: .safetensors, to: "\(folder)/init.safetensors")
        let n = 200
        let theirs = try bridge(["--n", "\(n)", "train", "--arch", "\(folder)/init.safetensors.json", "--limit", "1000",
                                 "--out", "\(folder)/blocks.safetensors"])
        for file in ["blocks.safetensors", "blocks.npz"] {
            // PyTorch's state_dict has int64 num_batches_tracked: read, checked and skipped.
            let network = try WeightsFile.network(spec, path: "\(folder)/\(file)")
            _ = try compare(try convwalkLogits(network, n: n), theirs, n: n)
        }
    }

    func testPyTorchTrainedLeNetGivesTheSameLogitsInConvwalk() throws {
        let folder = NSTemporaryDirectory() + "bridge-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let n = 1000
        let theirs = try bridge(["--n", "\(n)", "train", "--out", "\(folder)/lenet5.safetensors"])
        let spec = try BuiltinModels.resolve(XCTUnwrap(repoPath("models/lenet5.yaml")))
        for file in ["lenet5.safetensors", "lenet5.npz"] {
            let network = try WeightsFile.network(spec, path: "\(folder)/\(file)")
            _ = try compare(try convwalkLogits(network, n: n), theirs, n: n)
        }
        let accuracy = Float(zip(theirs.predictions, try DataDirectory.load(XCTUnwrap(repoPath("data")), split: .test).labels).filter { $0 == $1 }.count) / Float(n)
        XCTAssertGreaterThan(accuracy, 0.5, "one epoch on 5,000 digits learns something")
    }
}
