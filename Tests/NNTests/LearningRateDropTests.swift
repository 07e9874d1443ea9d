import Tensor
import XCTest
@testable import NN

/// `Optimizer.rateDrops`: the learning rate divided by 10 after given epochs, as PyTorch's
/// `MultiStepLR(milestones, gamma: 0.1)` stepped once per epoch.
final class LearningRateDropTests: XCTestCase {
    func testRateIsDividedByTenAfterEachDrop() {
        var o = Optimizer(kind: .adam, learningRate: 0.01)
        o.rateDrops = [2, 4]
        let base: Float = 0.01, tenth: Float = 0.1
        let once = base * tenth, twice = base * tenth * tenth
        let rates: [Float] = (0...5).map { o.learningRate(afterEpochs: $0) }
        XCTAssertEqual(rates, [base, base, once, once, twice, twice])
        o.rateDrops = []
        XCTAssertEqual(o.learningRate(afterEpochs: 100), 0.01)
    }

    /// One SGD step p ← p − lr·g with lr 0.5: 1 − 0.5 = 0.5 before the drop, 1 − 0.05 after it.
    func testUpdateUsesTheRateOfTheCurrentEpoch() throws {
        var o = Optimizer(kind: .sgd, learningRate: 0.5)
        o.rateDrops = [1]
        let g = [try Tensor(shape: [2], data: [1, -2])]
        var before = [try Tensor(shape: [2], data: [1, 1])]
        o.update(&before, g)
        XCTAssertEqual(before[0].data, [0.5, 2])
        o.completedEpochs = 1
        var after = [try Tensor(shape: [2], data: [1, 1])]
        o.update(&after, g)
        XCTAssertEqual(after[0].data, [1 - 0.05, 1 + 0.1])
    }

    func testProblemsAreSaidInWords() {
        XCTAssertNil(Optimizer.rateDropsProblem([]))
        XCTAssertNil(Optimizer.rateDropsProblem([6, 8]))
        XCTAssertEqual(Optimizer.rateDropsProblem([0]), "epochs are counted from 1, got 0")
        XCTAssertEqual(Optimizer.rateDropsProblem([6, 6]), "the epochs must increase, got 6,6")
        XCTAssertEqual(Optimizer.rateDropsProblem(Array(1...65)), "at most 64 epochs, got 65")
    }

    /// A checkpoint's training state without drops has no `rateDrops` key (as before schedules
    /// existed); one with drops keeps them.
    func testCheckpointKeepsDropsAndOmitsAnEmptySchedule() throws {
        let spec = try ModelSpec.parse(yaml: CheckpointTests.tiny)
        var plain = try TrainingSession(spec: spec, optimizer: Optimizer(kind: .adam), batchSize: 16, seed: 11)
        let bytes = try Checkpoint.encode(plain)
        func state(_ b: [UInt8]) throws -> String { try XCTUnwrap(SafeTensors.decode(b, file: "c").metadata[Checkpoint.stateKey]) }
        XCTAssertFalse(try state(bytes).contains("rateDrops"))
        plain.optimizer.rateDrops = [3, 5]
        let withDrops = try Checkpoint.encode(plain)
        XCTAssertTrue(try state(withDrops).contains("\"rateDrops\":[3,5]"))
        XCTAssertEqual(try Checkpoint.decode(withDrops, file: "c.cwck").optimizer.rateDrops, [3, 5])
        XCTAssertEqual(try Checkpoint.decode(bytes, file: "c.cwck").optimizer.rateDrops, [])
    }
}
