import Tensor
import XCTest
@testable import NN

/// The benchmark harnesses behind `convwalk bench train` and `bench latency`: they time what
/// they claim (whole steps; single images in inference mode) and report consistent figures.
final class TrainingBenchmarkTests: XCTestCase {
    func data() throws -> Dataset {
        try DataDirectory.load(try XCTUnwrap(repoPath("data")), split: .test).prefix(30)
    }

    func testTrainingTimesWholeBatches() throws {
        let r = try TrainingBenchmark.measure(spec: BuiltinModels.resolve("lenet5"), data: data(), batchSize: 8, warmup: 1, minSeconds: 0)
        XCTAssertGreaterThanOrEqual(r.batches, 5)
        XCTAssertEqual(r.imagesPerSecond, Double(r.batches * 8) / r.seconds, accuracy: 1e-6 * r.imagesPerSecond)
    }

    /// Batch-1 inference on a model with batch normalisation: at least 20 calls, best ≤ median.
    func testLatencyTimesInferenceOfSingleImages() throws {
        let spec = try BuiltinModels.resolve("resnet-mini")
        let l = try TrainingBenchmark.latency(spec: spec, data: data(), warmup: 1, minSeconds: 0)
        XCTAssertGreaterThanOrEqual(l.calls, 20)
        XCTAssertGreaterThan(l.bestMilliseconds, 0)
        XCTAssertLessThanOrEqual(l.bestMilliseconds, l.medianMilliseconds)

    }

    func testLatencyWithoutImagesIsAnError() throws {
        XCTAssertThrowsError(try TrainingBenchmark.latency(spec: BuiltinModels.resolve("lenet5"), data: data().prefix(0), minSeconds: 0))
    }
}
