import Foundation
import Lessons
import NN
import Tensor
import XCTest

/// Absurd inputs are refused quickly, with a message that says what the limit is.
final class ResourceLimitTests: XCTestCase {
    /// A 10,000 x 10,000 example (200 MB of text) is refused by size, before YAML parsing.
    func testTenThousandSquaredExampleIsRefusedBeforeParsing() {
        let row = "[" + String(repeating: "0,", count: 9_999) + "0]"
        let source = "id: huge\nop: relu\ninput: [" + Array(repeating: row, count: 10_000).joined(separator: ",") + "]\n"
        let start = Date()
        let report = CourseChecker.checkExample(ExampleBlock(source: source, file: "lessons/huge.md", line: 12))
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertNil(report.result)
        XCTAssertEqual(report.errors.map(\.description),
                       ["lessons/huge.md:12:1: the block is 200020027 bytes (the limit is 1048576); lessons keep examples small"])
    }

    /// Under the byte limit, a 400 x 400 literal still meets the element cap, at the row that crosses it.
    func testLiteralOverTheElementCapNamesTheField() {
        let row = "[" + Array(repeating: "1", count: 400).joined(separator: ",") + "]"
        let source = "id: big\nop: relu\ninput: [" + Array(repeating: row, count: 400).joined(separator: ",") + "]\n"
        let report = CourseChecker.checkExample(ExampleBlock(source: source, file: "lessons/big.md", line: 5))
        XCTAssertNil(report.result)
        XCTAssertEqual(report.errors.map(\.description),
                       ["lessons/big.md:7:130735: big: `input`: more than 65536 numbers; lessons keep examples small"])
    }

    /// 2.5 billion parameters: the layer table is fine (a lesson may show it), but building
    /// the network and `models check` refuse before allocating.
    func testBillionParameterModelIsRefusedBeforeAllocating() throws {
        let yaml = "name: huge\ninput: [1, 28, 28]\nlayers:\n  - flatten\n  - {linear: 50000}\n  - {linear: 50000}\n"
        let spec = try ModelSpec.parse(yaml: yaml, file: "models/huge.yaml")
        XCTAssertEqual(try spec.totalParameters(), 2_539_300_000)
        XCTAssertThrowsError(try Network(spec: spec, seed: 1)) { error in
            XCTAssertEqual("\(error)", "models/huge.yaml:6:5: the model has 2539300000 parameters (the limit is 500000000); convwalk refuses to allocate it")
        }
        let dir = try Harness.temporaryFolder(self)
        try yaml.write(to: dir.appendingPathComponent("huge.yaml"), atomically: true, encoding: .utf8)
        let result = try Harness.run(["models", "check", "huge.yaml"], in: dir)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "error: huge.yaml:6:5: the model has 2539300000 parameters (the limit is 500000000); convwalk refuses to allocate it\n")
    }

    /// Numbers that would overflow shape arithmetic are refused with their range.
    func testHugeLayerNumbersAreRefused() throws {
        let yaml = "name: wide\ninput: [1, 28, 28]\nlayers:\n  - flatten\n  - {linear: 9223372036854775807}\n  - {linear: 10}\n"
        let spec = try ModelSpec.parse(yaml: yaml, file: "models/wide.yaml")
        XCTAssertThrowsError(try spec.layerTable()) { error in
            XCTAssertEqual("\(error)", "models/wide.yaml:5:5: layer 2 (linear 9223372036854775807): outputs 9223372036854775807 is outside 1...65536")
        }
    }

    /// An IDX header claiming 2^31 images is refused before its body is read, plain or gzip'd.
    func testIDXClaimingTwoToTheThirtyOneImagesIsRefused() throws {
        let header: [UInt8] = [0, 0, 8, 3, 0x80, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28] + [UInt8](repeating: 7, count: 784)
        XCTAssertThrowsError(try IDX.readImages(bytes: header, file: "data/huge-images-idx3-ubyte")) { error in
            XCTAssertEqual("\(error)", "data/huge-images-idx3-ubyte: implausible header: 2147483648 images (the limit is 10000000)")
        }
        let labels: [UInt8] = [0, 0, 8, 1, 0x80, 0, 0, 0, 1, 2, 3]
        XCTAssertThrowsError(try IDX.readLabels(bytes: labels, file: "data/huge-labels-idx1-ubyte")) { error in
            XCTAssertEqual("\(error)", "data/huge-labels-idx1-ubyte: implausible header: 2147483648 labels (the limit is 10000000)")
        }
    }

    /// Below the count limit, a header whose body would not fit is refused before allocating.
    func testIDXWhoseBodyIsMissingIsRefusedBeforeAllocating() {
        let header: [UInt8] = [0, 0, 8, 3, 0, 0x98, 0x96, 0x80, 0, 0, 0x10, 0, 0, 0, 0x10, 0]
        XCTAssertThrowsError(try IDX.readImages(bytes: header, file: "data/big")) { error in
            XCTAssertEqual("\(error)", "data/big: implausible header: 10000000 images of 4096x4096 need 167772160000000 bytes")
        }
    }

    /// A checkpoint whose header names a model too large for the file is refused by its length.
    func testCheckpointHeaderWithAHugeModelIsRefused() throws {
        var bytes = [UInt8](try Data(contentsOf: Harness.inputs.appendingPathComponent("corpus/checkpoint/tiny.cwck")))
        let needle = Array("\"outputs\":10".utf8)
        let at = try XCTUnwrap((0...(bytes.count - needle.count)).first { Array(bytes[$0..<($0 + needle.count)]) == needle })
        bytes.replaceSubrange(at..<(at + needle.count), with: Array("\"outputs\":60000".utf8))
        // The JSON grew by 3 bytes: fix the header length, then re-seal the CRC.
        let headerLength = UInt32(bytes[12]) | UInt32(bytes[13]) << 8 | UInt32(bytes[14]) << 16 | UInt32(bytes[15]) << 24
        withUnsafeBytes(of: (headerLength + 3).littleEndian) { bytes.replaceSubrange(12..<16, with: $0) }
        withUnsafeBytes(of: FuzzEntry.crc32(bytes[0..<(bytes.count - 4)]).littleEndian) { bytes.replaceSubrange((bytes.count - 4)..., with: $0) }
        XCTAssertThrowsError(try Checkpoint.decode(bytes, file: "out/checkpoint.cwck")) { error in
            XCTAssertTrue("\(error)".hasPrefix("out/checkpoint.cwck: truncated checkpoint: the header's model tiny has 1020000 parameters"), "\(error)")
        }
    }
}

/// Inputs that crashed before their fixes, with the errors they give now.
final class CrashRegressionTests: XCTestCase {
    func testCheckpointWhoseModelHasStrideZeroIsRefused() throws {
        let bytes = [UInt8](try Data(contentsOf: Harness.inputs.appendingPathComponent("crashes/checkpoint/stride-zero.cwck")))
        XCTAssertThrowsError(try Checkpoint.decode(bytes, file: "run/checkpoint.cwck")) { error in
            XCTAssertTrue("\(error)".hasPrefix("run/checkpoint.cwck: corrupt checkpoint header: "), "\(error)")
            XCTAssertTrue("\(error)".hasSuffix("layer 1 (maxpool 7x7): stride 0 is outside 1...65536"), "\(error)")
        }
    }

    func testConvWhoseParameterCountOverflowsIsRefused() throws {
        let url = Harness.inputs.appendingPathComponent("crashes/model/conv-parameters-overflow.yaml")
        let spec = try ModelSpec.parse(yaml: try String(contentsOf: url, encoding: .utf8), file: "models/c.yaml")
        XCTAssertThrowsError(try spec.layerTable()) { error in
            XCTAssertEqual("\(error)", "models/c.yaml:4:5: layer 1 (conv 65536x65536): the parameter count of 65536 filters of 65536x65536x65536 overflows")
        }
    }

    /// A transposed convolution's output grows with its stride: `stride: 65536` on a 2x2 input
    /// used to allocate 34 GB and abort, `stride: 5000` to print 500 MB of JSON. The output is
    /// counted (overflow-safe) before the kernel runs.
    func testTransposedConvolutionWithHugeStrideIsRefusedBeforeAllocating() throws {
        for (name, cells) in [("conv-transpose-stride-65536.yaml", "4295098369"), ("conv-transpose-stride-100000.yaml", "10000200001")] {
            let file = Harness.inputs.appendingPathComponent("crashes/example/\(name)")
            let source = try String(contentsOf: file, encoding: .utf8)
            let start = Date()
            let report = CourseChecker.checkExample(ExampleBlock(source: source, file: "up.yaml", line: 1))
            XCTAssertLessThan(Date().timeIntervalSince(start), 2, name)
            XCTAssertNil(report.result, name)
            XCTAssertEqual(report.errors.map(\.description),
                           ["up.yaml:5:9: up: conv-transpose2d: the trace would record \(cells) values (more than 2000000); keep worked examples small"], name)
        }
    }

    /// The kernel itself refuses options whose output size overflows `Int`.
    func testTransposedConvolutionOutputSizeOverflowIsAnError() throws {
        let o = ConvTranspose2DOptions(stride: Int.max)
        XCTAssertNil(o.outputSize(input: (3, 3), kernel: (1, 1)))
        XCTAssertEqual(ConvTranspose2DOptions(stride: 2).outputSize(input: (3, 3), kernel: (3, 3))?.0, 7)
        let x = Tensor(shape: [1, 1, 3, 3]), w = Tensor(shape: [1, 1, 1, 1])
        XCTAssertThrowsError(try ConvTranspose2D.forward(x, w, o)) { error in
            XCTAssertTrue("\(error)".contains("too large to count"), "\(error)")
        }
    }

    /// Weight-file headers whose shapes overflow `Int` when multiplied used to trap.
    func testWeightFilesWhoseShapesOverflowAreRefused() throws {
        let folder = Harness.inputs.appendingPathComponent("crashes/weights")
        let st = [UInt8](try Data(contentsOf: folder.appendingPathComponent("shape-overflow.safetensors")))
        XCTAssertThrowsError(try SafeTensors.decode(st, file: "w.safetensors")) { error in
            XCTAssertEqual("\(error)", "w.safetensors: w: shape 2147483648x2147483648 holds more values than any file can")
        }
        let npz = [UInt8](try Data(contentsOf: folder.appendingPathComponent("shape-overflow.npz")))
        XCTAssertThrowsError(try NPZ.decode(npz, file: "w.npz")) { error in
            XCTAssertEqual("\(error)", "w.npz: w: shape 4611686018427387904x4611686018427387904 holds more values than any file can")
        }
    }

    /// npz archives that claimed gigabytes from a few bytes (inflated in full), reused bytes
    /// for two entries, repeated a name or carried trailing bytes were accepted.
    func testDishonestZipArchivesAreRefusedBeforeInflating() throws {
        let folder = Harness.inputs.appendingPathComponent("crashes/weights")
        let expected = [
            "bomb-claim.npz": "w.npz: w.npy: claims 3000000000 bytes from ",
            "duplicate-names.npz": "w.npz: w.npy: two zip entries have this name",
            "trailing-bytes.npz": "w.npz: 4 unexpected bytes after the zip archive",
            "overlapping.npz": "w.npz: b.npy: bytes 0..<",
        ]
        for (name, prefix) in expected {
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            XCTAssertThrowsError(try NPZ.decode(bytes, file: "w.npz"), name) { error in
                XCTAssertTrue("\(error)".hasPrefix(prefix), "\(name): \(error)")
            }
        }
    }
}
