import Basics
import Tensor
import XCTest
@testable import NN

final class CheckpointTests: XCTestCase {
    static let tiny = """
    name: tiny
    input: [1, 28, 28]
    layers:
      - {conv: {filters: 4, kernel: 5, stride: 3}}
      - relu
      - {dropout: 0.3}
      - flatten
      - {linear: 10}
    """

    func data() throws -> (Dataset, Dataset) {
        let dir = try XCTUnwrap(repoPath("data"))
        let train = TrainingTests.balanced(20, from: try DataDirectory.load(dir, split: .train))
        return (train, try DataDirectory.load(dir, split: .test).prefix(100))
    }

    func session() throws -> TrainingSession {
        try TrainingSession(spec: ModelSpec.parse(yaml: Self.tiny), optimizer: Optimizer(kind: .adam), batchSize: 16, seed: 11)
    }

    func testResumeGivesBitwiseTheSameWeights() throws {
        let (train, test) = try data()
        var straight = try session()
        for _ in 0..<3 { _ = try straight.trainEpoch(train: train, test: test, epochs: 3) }

        var first = try session()
        _ = try first.trainEpoch(train: train, test: test, epochs: 3)
        let path = NSTemporaryDirectory() + "resume-\(UUID().uuidString).cwck"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Checkpoint.write(first, to: path)
        var resumed = try Checkpoint.read(path: path, expecting: ModelSpec.parse(yaml: Self.tiny))
        XCTAssertEqual(resumed.epoch, 1)
        XCTAssertEqual(resumed.optimizer, first.optimizer)
        XCTAssertEqual(resumed.rng.state, first.rng.state)
        for _ in 0..<2 { _ = try resumed.trainEpoch(train: train, test: test, epochs: 3) }

        XCTAssertEqual(resumed.network.parameters, straight.network.parameters)
        XCTAssertEqual(resumed.history.map(\.trainLoss), straight.history.map(\.trainLoss))
        XCTAssertNotEqual(first.network.parameters, straight.network.parameters)
    }

    /// The bytes of a version 2 checkpoint whose training-state JSON is `edit`ed, re-sealed with
    /// a valid CRC (as a hand-edited or malicious file would be).
    func resealed(_ good: [UInt8], _ edit: (String) -> String) throws -> [UInt8] {
        let (tensors, old) = try SafeTensors.decode(good, file: "c")
        var metadata = old
        let state = edit(try XCTUnwrap(old[Checkpoint.stateKey]))
        var data: [UInt8] = []
        for t in tensors { for x in t.tensor.data { withUnsafeBytes(of: x.bitPattern.littleEndian) { data += $0 } } }
        metadata[Checkpoint.stateKey] = state
        metadata[Checkpoint.crcKey] = String(format: "%08x", CRC32.of(Array(state.utf8), continuing: CRC32.of(data)))
        return try SafeTensors.encode(tensors, metadata: metadata)
    }

    func testDamagedCheckpointsAreRejectedByName() throws {
        var trained = try session()
        let (train, test) = try data()
        _ = try trained.trainEpoch(train: train, test: test, epochs: 1)
        let good = try Checkpoint.encode(trained)
        XCTAssertNoThrow(try Checkpoint.decode(good, file: "c"))
        func expect(_ bytes: [UInt8], _ message: String, line: UInt = #line) {
            XCTAssertThrowsError(try Checkpoint.decode(bytes, file: "run/c.cwck"), line: line) {
                XCTAssertEqual("\($0)", "run/c.cwck: " + message, line: line)
            }
        }
        // One bit of one weight flipped: the CRC of the data section (and the training JSON) says so.
        var flipped = good
        flipped[good.count - 4 * 3000] ^= 1
        let (_, metadata0) = try SafeTensors.decode(good, file: "c")
        let stored = try XCTUnwrap(UInt32(XCTUnwrap(metadata0[Checkpoint.crcKey]), radix: 16))
        let n = Int(good[0]) | Int(good[1]) << 8 | Int(good[2]) << 16
        let state = try XCTUnwrap(metadata0[Checkpoint.stateKey])
        let computed = CRC32.of(Array(state.utf8), continuing: CRC32.of(Array(flipped[(8 + n)...])))
        XCTAssertNotEqual(stored, computed)
        expect(flipped, "checkpoint is corrupt: CRC32 is 0x\(String(computed, radix: 16)), the file says 0x\(String(stored, radix: 16))")
        // Bytes appended after the last tensor are caught by the CRC too.
        XCTAssertThrowsError(try Checkpoint.decode(good + [0], file: "c")) { XCTAssertTrue("\($0)".hasPrefix("c: checkpoint is corrupt: CRC32 is 0x"), "\($0)") }
        // Adam's two moment slots follow the weights: cutting 100 bytes cuts into the last two
        // tensors (fc1.b's 40 bytes and fc1.w's), and the message names the first of them.
        let dataBytes = good.count - 8 - n
        expect(Array(good.prefix(good.count - 100)),
               "truncated checkpoint: optimizer.second.fc1.w ends at byte \(dataBytes - 40) of the data, which has \(dataBytes - 100)")
        expect(Array(good.prefix(n)), "truncated checkpoint: the header announces \(n) bytes, the file holds \(n - 8) after the length")
        expect(Array("PK\u{3}\u{4}not a checkpoint at all".utf8), "not a convwalk checkpoint (neither a safetensors file nor the older CWCKPT format)")
        expect(Array("hello".utf8), "not a convwalk checkpoint (neither a safetensors file nor the older CWCKPT format)")
        // A weights file (`convwalk export`) is safetensors without the training state.
        let weights = try SafeTensors.encode(TorchWeights.tensors(of: trained.network), metadata: ["format": "pt"])
        expect(weights, "a safetensors file without convwalk's training state (convwalk.training in __metadata__); to start a run from its weights use `convwalk import`")
        let tensors = try SafeTensors.decode(good, file: "c").tensors
        var metadata = metadata0
        metadata[Checkpoint.versionKey] = "3"
        expect(try SafeTensors.encode(tensors, metadata: metadata), "checkpoint format version 3 is not supported (this convwalk reads versions 1 and 2)")
        metadata[Checkpoint.versionKey] = "2"
        metadata[Checkpoint.crcKey] = "not hex!"
        expect(try SafeTensors.encode(tensors, metadata: metadata), "corrupt checkpoint header: convwalk.crc32 in __metadata__ must be 8 hex digits")
        expect(try resealed(good) { $0.replacingOccurrences(of: "\"batchSize\":16", with: "\"batchSize\":0") },
               "corrupt checkpoint header: batch size 0 is outside 1...65536")
        expect(try resealed(good) { $0.replacingOccurrences(of: "\"slots\":2", with: "\"slots\":1") },
               "corrupt checkpoint header: the training state's model tiny has 2674 parameters and 1 optimizer slots, the file's tensors hold 8022 numbers")
        let lenet = try ModelSpec.parse(yaml: ModelSpecTests.lenet)
        XCTAssertThrowsError(try Checkpoint.decode(good, file: "c", expecting: lenet)) {
            XCTAssertEqual("\($0)", "c: the checkpoint holds a different model (tiny) than the one requested (lenet5)")
        }
    }

    /// A training state that announces a model far larger than the file is refused before its
    /// weights are allocated; shapes that overflow `Int` are a corrupt header, not a crash.
    func testSizesAreCheckedBeforeAllocating() throws {
        let good = try Checkpoint.encode(session())
        XCTAssertThrowsError(try Checkpoint.decode(resealed(good) { $0.replacingOccurrences(of: "\"outputs\":10", with: "\"outputs\":60000") }, file: "c")) {
            XCTAssertEqual("\($0)", "c: corrupt checkpoint header: the training state's model tiny has 15420104 parameters and 0 optimizer slots, the file's tensors hold 2674 numbers")
        }
        let n = Int(good[0]) | Int(good[1]) << 8 | Int(good[2]) << 16
        let json = try XCTUnwrap(String(bytes: good[8..<(8 + n)], encoding: .utf8))
        for shape in ["[4294967296,4294967296,4294967296,1]", "[-4,1,5,5]", "[9223372036854775807,2]"] {
            let bad = json.replacingOccurrences(of: "\"shape\":[4,1,5,5]", with: "\"shape\":\(shape)")
            XCTAssertNotEqual(bad, json)
            var bytes: [UInt8] = []
            withUnsafeBytes(of: UInt64(bad.utf8.count).littleEndian) { bytes += $0 }
            bytes += Array(bad.utf8) + Array(good[(8 + n)...])
            XCTAssertThrowsError(try Checkpoint.decode(bytes, file: "c"), shape) {
                XCTAssertTrue("\($0)".hasPrefix("c: corrupt checkpoint header: conv1.w: "), "\($0)")
            }
        }
    }

    /// Checkpoints written before version 2 (`CWCKPT`) still resume: the committed tiny.cwck
    /// (Adam, after one step) decodes, and written again as safetensors it decodes to the same
    /// session, bit for bit.
    func testVersion1CheckpointsStillRead() throws {
        let path = try XCTUnwrap(repoPath("Tests/HardeningTests/Inputs/corpus/checkpoint/tiny.cwck"))
        let old = try Checkpoint.read(path: path)
        XCTAssertEqual(old.network.spec.name, "tiny")
        XCTAssertEqual(old.epoch, 1)
        XCTAssertEqual(old.optimizer.step, 1)
        XCTAssertEqual(old.optimizer.kind, .adam)
        XCTAssertEqual(old.network.parameters.map(\.shape), [[10, 16], [10]])
        XCTAssertEqual(old.optimizer.second.map(\.count), [160, 10])
        let again = try Checkpoint.decode(Checkpoint.encode(old), file: "c")
        XCTAssertEqual(again.network.parameters, old.network.parameters)
        XCTAssertEqual(again.optimizer, old.optimizer)
        XCTAssertEqual(again.rng.state, old.rng.state)
        XCTAssertEqual(again.history, old.history)
        XCTAssertEqual(again.batchSize, old.batchSize)
    }

    /// The version 1 reader keeps its own checks: CRC, truncation, a version other than 1.
    func testDamagedVersion1CheckpointsAreRejectedByName() throws {
        let path = try XCTUnwrap(repoPath("Tests/HardeningTests/Inputs/corpus/checkpoint/tiny.cwck"))
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func expect(_ bytes: [UInt8], _ error: CheckpointError, line: UInt = #line) {
            XCTAssertThrowsError(try Checkpoint.decode(bytes, file: "c"), line: line) {
                XCTAssertEqual($0 as? CheckpointError, error, "\($0)", line: line)
            }
        }
        var flipped = good
        flipped[good.count / 2] ^= 1
        let stored = CRC32.of(Array(good.dropLast(4)))
        expect(flipped, .checksumMismatch(file: "c", stored: stored, computed: CRC32.of(Array(flipped.dropLast(4)))))
        expect(Array(good.prefix(12)), .truncated(file: "c", detail: "12 bytes"))
        expect(Array(good.prefix(good.count - 100)), .truncated(file: "c", detail: "expected \(good.count) bytes, found \(good.count - 100)"))
        var v3 = good
        v3[8] = 3
        expect(v3, .unsupportedVersion(file: "c", version: 3))
    }

    /// A SIGKILL between writing and renaming leaves `.NAME.PID.tmp`; the next write of the
    /// same file removes it when that process is gone, and leaves a live writer's alone.
    func testAtomicWriteRemovesTemporariesOfDeadWriters() throws {
        let dir = NSTemporaryDirectory() + "atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // pid_max is at most 2^22 on Linux, so this writer cannot exist; pid 1 always does.
        let dead = ".checkpoint.cwck.99999999.tmp", live = ".checkpoint.cwck.1.tmp", other = ".other.99999999.tmp"
        for name in [dead, live, other] { try Data([1, 2]).write(to: URL(fileURLWithPath: "\(dir)/\(name)")) }
        try AtomicFile.write(Data([7]), to: "\(dir)/checkpoint.cwck")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        XCTAssertEqual(left, [live, other, "checkpoint.cwck"].sorted())
        XCTAssertEqual(FileManager.default.contents(atPath: "\(dir)/checkpoint.cwck"), Data([7]))
    }

    /// The file is plain safetensors: the weights under the network's names, then the moments,
    /// and the training state in `__metadata__`.
    func testLayoutIsSafetensors() throws {
        let bytes = try Checkpoint.encode(session())
        let n = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16
        XCTAssertEqual(Array(bytes[3..<8]), [0, 0, 0, 0, 0])
        XCTAssertEqual(n % 8, 0)
        XCTAssertEqual(bytes[8], UInt8(ascii: "{"))
        let (tensors, metadata) = try SafeTensors.decode(bytes, file: "c")
        XCTAssertEqual(tensors.map(\.name), ["conv1.w", "conv1.b", "fc1.w", "fc1.b"])
        XCTAssertEqual(tensors.map(\.tensor.shape), [[4, 1, 5, 5], [4], [10, 256], [10]])
        XCTAssertEqual(metadata["format"], "pt")
        XCTAssertEqual(metadata[Checkpoint.versionKey], "2")
        XCTAssertEqual(metadata[Checkpoint.crcKey]?.count, 8)
        let state = try XCTUnwrap(metadata[Checkpoint.stateKey])
        XCTAssertTrue(state.contains("\"name\":\"tiny\""), state)
        XCTAssertTrue(state.contains("\"epoch\":0,"), state)
        XCTAssertFalse(state.contains("\"parameters\""), state)
        // A fresh Adam optimizer has no moments yet: parameters only.
        let params = 4 * 25 + 4 + 10 * 256 + 10
        XCTAssertEqual(bytes.count, 8 + n + 4 * params)
    }

    /// A diverging epoch throws and leaves the session at its last good epoch, so the caller
    /// keeps the checkpoint it already has (it used to die on "EncodingError.invalidValue: -nan").
    func testDivergingEpochThrowsAndKeepsTheLastGoodEpoch() throws {
        let (train, test) = try data()
        var s = try session()
        let good = try s.trainEpoch(train: train, test: test, epochs: 2)
        s.optimizer.learningRate = 1e30
        XCTAssertThrowsError(try s.trainEpoch(train: train, test: test, epochs: 2)) { error in
            guard case let .diverged(epoch, _, _)? = error as? TrainingError else { return XCTFail("\(error)") }
            XCTAssertEqual(epoch, 2)
            XCTAssertTrue("\(error)".hasPrefix("training diverged in epoch 2 (train loss "), "\(error)")
        }
        XCTAssertEqual(s.epoch, 1)
        XCTAssertEqual(s.history, [good])
    }

    /// A CRC-valid checkpoint whose header says `batchSize: 0` divided by zero on resume.
    func testHeaderWithBatchSizeZeroIsCorrupt() throws {
        let url = try XCTUnwrap(repoPath("Tests/HardeningTests/Inputs/crashes/checkpoint/batch-zero.cwck"))
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: url)))
        XCTAssertThrowsError(try Checkpoint.decode(bytes, file: "run/checkpoint.cwck")) { error in
            XCTAssertEqual("\(error)", "run/checkpoint.cwck: corrupt checkpoint header: batch size 0 is outside 1...65536")
        }
    }

    /// Same name, other layers: the message says so instead of "different model (my) than (my)".
    func testSameNameDifferentArchitectureSaysSo() throws {
        let s = try session()
        let bytes = try Checkpoint.encode(s)
        let changed = try ModelSpec.parse(yaml: Self.tiny.replacingOccurrences(of: "filters: 4", with: "filters: 5"))
        XCTAssertThrowsError(try Checkpoint.decode(bytes, file: "c.cwck", expecting: changed)) { error in
            XCTAssertEqual("\(error)", "c.cwck: the checkpoint holds an earlier version of model tiny (its input or layers differ); train without --resume, or into another --out")
        }
    }

    /// Training on 0 images reported 0.00% and exited 0.
    func testEmptyTrainingSetIsAnError() throws {
        let (train, test) = try data()
        var s = try session()
        XCTAssertThrowsError(try s.trainEpoch(train: train.subset([]), test: test, epochs: 1)) { error in
            XCTAssertEqual(error as? TrainingError, .noImages(source: train.source))
        }
        XCTAssertEqual(s.epoch, 0)
    }
}
