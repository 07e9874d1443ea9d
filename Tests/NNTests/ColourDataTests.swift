import XCTest
@testable import NN

/// A user's own IDX data set of another size: 3x32x32 colour images, two classes.
final class ColourDataTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "nn-colour-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func be(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] }

    /// Image n of class n % 2: class 0 is red (channel 0 bright), class 1 blue (channel 2
    /// bright), plus a little pattern; `channelsLast` writes count, rows, cols, channels.
    func colourSet(count: Int, channelsLast: Bool = false) -> (images: [UInt8], labels: [UInt8]) {
        var images = [0, 0, 8, 4].map(UInt8.init) + be(count)
        images += channelsLast ? be(32) + be(32) + be(3) : be(3) + be(32) + be(32)
        var pixels = [UInt8](repeating: 0, count: count * 3 * 32 * 32)
        for n in 0..<count {
            for c in 0..<3 {
                for y in 0..<32 {
                    for x in 0..<32 {
                        let bright = (n % 2 == 0 && c == 0) || (n % 2 == 1 && c == 2)
                        let value = UInt8((bright ? 200 : 20) + (x + y + n) % 50)
                        let at = channelsLast ? ((n * 32 + y) * 32 + x) * 3 + c : ((n * 3 + c) * 32 + y) * 32 + x
                        pixels[at] = value
                    }
                }
            }
        }
        return (images + pixels, [0, 0, 8, 1].map(UInt8.init) + be(count) + (0..<count).map { UInt8($0 % 2) })
    }

    func writeSet(_ stem: String, count: Int, channelsLast: Bool = false) throws {
        let set = colourSet(count: count, channelsLast: channelsLast)
        try Data(set.images).write(to: URL(fileURLWithPath: "\(dir!)/\(stem)-images-idx3-ubyte"))
        try Data(set.labels).write(to: URL(fileURLWithPath: "\(dir!)/\(stem)-labels-idx1-ubyte"))
    }

    func testColourImagesLoadChannelsFirstFromEitherLayout() throws {
        try writeSet("train", count: 4)
        let first = try DataDirectory.load(dir, split: .train)
        XCTAssertEqual(first.images.shape, [4, 3, 32, 32])
        XCTAssertEqual(first.labels, [0, 1, 0, 1])
        // Image 1 (blue), channel 2, row 0, column 3: 200 + (3 + 0 + 1) % 50 = 204.
        XCTAssertEqual(first.images.data[((1 * 3 + 2) * 32 + 0) * 32 + 3], Float(204) / 255)
        try writeSet("train", count: 4, channelsLast: true)
        XCTAssertEqual(try DataDirectory.load(dir, split: .train).images, first.images)
    }

    func testAMatchingModelTrainsOneEpochOnThem() throws {
        try writeSet("train", count: 64)
        try writeSet("t10k", count: 16)
        let spec = try ModelSpec.parse(yaml: """
        name: colours
        input: [3, 32, 32]
        layers:
          - {conv: {filters: 4, kernel: 5, stride: 2}}
          - relu
          - {maxpool: {size: 2}}
          - flatten
          - {linear: 2}
        """)
        let train = try DataDirectory.load(dir, split: .train), test = try DataDirectory.load(dir, split: .test)
        var session = try TrainingSession(spec: spec, optimizer: Optimizer(kind: .adam, learningRate: 0.01), batchSize: 16, seed: 1)
        let metrics = try session.trainEpoch(train: train, test: test, epochs: 1)
        XCTAssertEqual(session.epoch, 1)
        XCTAssertTrue(metrics.trainLoss.isFinite)
        // Red against blue is easy: one epoch separates them.
        XCTAssertEqual(metrics.testAccuracy, 1, "test loss \(metrics.testLoss)")
    }

    func testDataThatDoesNotFitTheModelIsNamed() throws {
        try writeSet("train", count: 4)
        let set = try DataDirectory.load(dir, split: .train)
        let lenet = try ModelSpec.parse(yaml: "name: small\ninput: [1, 28, 28]\nlayers: [flatten, {linear: 10}]\n")
        XCTAssertThrowsError(try set.checkFits(lenet)) {
            XCTAssertEqual("\($0)", "\(dir!)/train-images-idx3-ubyte: does not fit model small: its images are 3x32x32 but the model takes 1x28x28; set `input: [3, 32, 32]` in the model file")
        }
        let one = try ModelSpec.parse(yaml: "name: one\ninput: [3, 32, 32]\nlayers: [flatten, {linear: 1}]\n")
        XCTAssertThrowsError(try set.checkFits(one)) {
            XCTAssertEqual("\($0)", "\(dir!)/train-labels-idx1-ubyte: does not fit model one: label 1 at item 1, but the model has 1 outputs (classes 0 to 0); make its last layer `{linear: 2}` or more")
        }
        // In a subset, the item is counted in the file, not in the subset.
        XCTAssertThrowsError(try set.subset([0, 3, 1]).checkFits(one)) {
            XCTAssertTrue("\($0)".hasPrefix("\(dir!)/train-labels-idx1-ubyte: does not fit model one: label 1 at item 3, but"), "\($0)")
        }
    }
}
