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

    func testDamagedCheckpointsAreRejectedByName() throws {
        let good = try Checkpoint.encode(session())
        XCTAssertNoThrow(try Checkpoint.decode(good, file: "c"))
        func expect(_ bytes: [UInt8], _ error: CheckpointError, line: UInt = #line) {
            XCTAssertThrowsError(try Checkpoint.decode(bytes, file: "c"), line: line) {
                XCTAssertEqual($0 as? CheckpointError, error, "\($0)", line: line)
            }
        }
        var flipped = good
        flipped[good.count / 2] ^= 1
        let stored = Checkpoint.crc32Of(Array(good.dropLast(4)))
        expect(flipped, .checksumMismatch(file: "c", stored: stored, computed: Checkpoint.crc32Of(Array(flipped.dropLast(4)))))
        expect(Array(good.prefix(12)), .truncated(file: "c", detail: "12 bytes"))
        expect(Array(good.prefix(good.count - 100)), .truncated(file: "c", detail: "expected \(good.count) bytes, found \(good.count - 100)"))
        expect(Array("PK\u{3}\u{4}not a checkpoint at all".utf8), .notACheckpoint(file: "c"))
        var v2 = good
        v2[8] = 2
        expect(v2, .unsupportedVersion(file: "c", version: 2))
        let lenet = try ModelSpec.parse(yaml: ModelSpecTests.lenet)
        XCTAssertThrowsError(try Checkpoint.decode(good, file: "c", expecting: lenet)) {
            XCTAssertEqual("\($0)", "c: the checkpoint holds a different model (tiny) than the one requested (lenet5)")
        }
    }

    /// A header whose shapes multiply past Int (or are negative) is corrupt, not a crash: the
    /// length it announces is computed with overflow checks before anything is allocated.
    func testHeaderWithAbsurdShapesIsRejected() throws {
        let good = try Checkpoint.encode(session())
        let h = Int(good[12]) | Int(good[13]) << 8 | Int(good[14]) << 16
        let json = try XCTUnwrap(String(bytes: good[16..<(16 + h)], encoding: .utf8))
        for shape in ["[4294967296,4294967296,4294967296,1]", "[-4,1,5,5]", "[9223372036854775807,2]"] {
            let bad = json.replacingOccurrences(of: "\"shape\":[4,1,5,5]", with: "\"shape\":\(shape)")
            XCTAssertNotEqual(bad, json)
            var bytes = Array(good[0..<12])
            withUnsafeBytes(of: UInt32(bad.utf8.count).littleEndian) { bytes += $0 }
            bytes += Array(bad.utf8) + Array(good[(16 + h)..<(good.count - 4)])
            withUnsafeBytes(of: Checkpoint.crc32Of(bytes).littleEndian) { bytes += $0 }
            XCTAssertThrowsError(try Checkpoint.decode(bytes, file: "c"), shape) {
                XCTAssertTrue("\($0)".hasPrefix("c: corrupt checkpoint header") || "\($0)".hasPrefix("c: truncated checkpoint"), "\($0)")
            }
        }
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

    func testHeaderLayout() throws {
        let bytes = try Checkpoint.encode(session())
        XCTAssertEqual(Array(bytes.prefix(8)), Array("CWCKPT\r\n".utf8))
        XCTAssertEqual(Array(bytes[8..<12]), [1, 0, 0, 0])
        let h = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16
        let json = try XCTUnwrap(String(bytes: bytes[16..<(16 + h)], encoding: .utf8))
        XCTAssertTrue(json.contains("\"name\":\"tiny\""))
        // A fresh Adam optimizer has no moments yet: parameters only.
        let params = 4 * 25 + 4 + 10 * 256 + 10
        XCTAssertEqual(bytes.count, 16 + h + 4 * params + 4)
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
