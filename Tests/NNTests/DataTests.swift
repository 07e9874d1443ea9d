import XCTest
@testable import NN

final class DataTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "nn-data-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// An IDX images file of `count` images of 2x2 pixels (pixel values 0, 1, 2, ...).
    func images(count: UInt32, pixels: Int? = nil, magic: UInt32 = 0x803) -> [UInt8] {
        be(magic) + be(count) + be(2) + be(2) + (0..<(pixels ?? Int(count) * 4)).map { UInt8($0 % 256) }
    }

    func labels(_ values: [UInt8], count: UInt32? = nil) -> [UInt8] {
        be(0x801) + be(count ?? UInt32(values.count)) + values
    }

    func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8], gzip: Bool = false) throws -> String {
        let path = "\(dir!)/\(name)"
        try Data(bytes).write(to: URL(fileURLWithPath: gzip ? String(path.dropLast(3)) : path))
        if gzip {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/gzip")
            p.arguments = ["-nf", String(path.dropLast(3))]
            try p.run()
            p.waitUntilExit()
        }
        return path
    }

    func assertDataError(_ expression: @autoclosure () throws -> Any, _ expected: DataError, line: UInt = #line) {
        XCTAssertThrowsError(try expression(), line: line) { XCTAssertEqual($0 as? DataError, expected, "\($0)", line: line) }
    }

    func testReadsPlainAndGzipFilesAlike() throws {
        let plain = try write("a-images-idx3-ubyte", images(count: 2))
        let gz = try write("b-images-idx3-ubyte.gz", images(count: 2), gzip: true)
        let expected = IDX.Images(count: 2, rows: 2, cols: 2, pixels: [0, 1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(try IDX.readImages(path: plain), expected)
        XCTAssertEqual(try IDX.readImages(path: gz), expected)
        try write("x-labels-idx1-ubyte.gz", labels([3, 9]), gzip: true)
        let set = try Dataset.load(imagesPath: gz, labelsPath: "\(dir!)/x-labels-idx1-ubyte.gz")
        XCTAssertEqual(set.images.shape, [2, 1, 2, 2])
        XCTAssertEqual(Array(set.images.data[0...3]), [0, 1 / 255, 2 / 255, 3 / 255])
        XCTAssertEqual(set.labels, [3, 9])
    }

    func testCorruptFilesGiveTypedErrorsNamingTheFile() throws {
        let short = try write("short-images-idx3-ubyte", images(count: 3, pixels: 8))
        assertDataError(try IDX.readImages(path: short), .truncated(file: short, expectedBytes: 28, actualBytes: 24))
        let header = try write("header-images-idx3-ubyte", Array(images(count: 1).prefix(10)))
        assertDataError(try IDX.readImages(path: header), .truncated(file: header, expectedBytes: 16, actualBytes: 10))
        let long = try write("long-images-idx3-ubyte", images(count: 1, pixels: 6))
        assertDataError(try IDX.readImages(path: long), .trailingBytes(file: long, expectedBytes: 20, actualBytes: 22))
        let magic = try write("magic-images-idx3-ubyte", images(count: 1, magic: 0x801))
        assertDataError(try IDX.readImages(path: magic), .wrongMagic(file: magic, found: 0x801, expected: 0x803))
        let huge = try write("huge-images-idx3-ubyte", images(count: 1 << 31, pixels: 4))
        assertDataError(try IDX.readImages(path: huge), .absurdHeader(file: huge, detail: "2147483648 images (the limit is 10000000)"))
        let hugeLabels = try write("huge-labels-idx1-ubyte.gz", labels([1], count: 0xffff_ffff), gzip: true)
        assertDataError(try IDX.readLabels(path: hugeLabels), .absurdHeader(file: hugeLabels, detail: "4294967295 labels (the limit is 10000000)"))
        let shortGz = try write("shortgz-labels-idx1-ubyte.gz", labels([1, 2], count: 5), gzip: true)
        assertDataError(try IDX.readLabels(path: shortGz), .truncated(file: shortGz, expectedBytes: 13, actualBytes: 10))
    }

    func testGzipProblems() throws {
        let notGz = try write("plain-labels-idx1-ubyte.gz", labels([1, 2]))
        assertDataError(try IDX.readLabels(path: notGz), .notGzip(file: notGz))
        let good = try write("good-images-idx3-ubyte.gz", images(count: 300), gzip: true)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: good)))
        let cut = try write("cut-images-idx3-ubyte.gz", Array(bytes.prefix(bytes.count / 2)))
        assertDataError(try IDX.readImages(path: cut), .corruptGzip(file: cut, detail: "the compressed stream ends early (truncated file?)"))
        for i in 20..<40 { bytes[i] ^= 0x5a }
        let bad = try write("bad-images-idx3-ubyte.gz", bytes)
        XCTAssertThrowsError(try IDX.readImages(path: bad)) { error in
            guard case let .corruptGzip(file, _)? = error as? DataError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, bad)
        }
    }

    func testImageAndLabelCountsMustAgree() throws {
        let imgs = try write("m-images-idx3-ubyte", images(count: 2))
        let labs = try write("m-labels-idx1-ubyte", labels([1, 2, 3]))
        assertDataError(try Dataset.load(imagesPath: imgs, labelsPath: labs),
                        .countMismatch(imagesFile: imgs, images: 2, labelsFile: labs, labels: 3))
        let bad = try write("b-labels-idx1-ubyte", labels([1, 12]))
        assertDataError(try Dataset.load(imagesPath: imgs, labelsPath: bad), .badLabel(file: bad, index: 1, label: 12))
        // The second label sits after the 8-byte header and the first label.
        XCTAssertEqual(DataError.badLabel(file: "f", index: 1, label: 12).description,
                       "f: label 12 at item 1 (byte 9 of the IDX data) is not a class index")
        assertDataError(try DataDirectory.load(dir, split: .test),
                        .noDataset(directory: dir, looked: ["t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte"]))
    }

    func testBundledMNISTLoads() throws {
        let data = try XCTUnwrap(repoPath("data"))
        let test = try DataDirectory.load(data, split: .test)
        XCTAssertEqual(test.count, 10_000)
        XCTAssertEqual(Array(test.labels.prefix(10)), [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
        let train = try DataDirectory.load(data, split: .train)
        XCTAssertEqual(train.count, 5_000)
        XCTAssertEqual(train.labels.filter { $0 == 3 }.count, 500)
        XCTAssertEqual(train.images.shape, [5000, 1, 28, 28])
        XCTAssertEqual(train.images.data.max(), 1)
    }
}
