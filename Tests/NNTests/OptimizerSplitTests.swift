import Tensor
import XCTest
@testable import NN

/// Adam's update is split across cores for large tensors; being elementwise, it gives the
/// same bits at any thread count and follows PyTorch's formula.
final class OptimizerSplitTests: XCTestCase {
    func testAdamSameBitsAtOneAndTwoThreadsAndFollowsTheFormula() throws {
        let saved = Parallelism.threads
        defer { Parallelism.threads = saved }
        var rng = SplitMix64(seed: 7)
        func random(_ n: Int) -> [Float] { (0..<n).map { _ in Float(rng.next() % 2001) / 1000 - 1 } }
        let start = [try Tensor(shape: [120, 400], data: random(48_000)), try Tensor(shape: [7], data: random(7))]
        let grads = (0..<3).map { _ in [try! Tensor(shape: [120, 400], data: random(48_000)), try! Tensor(shape: [7], data: random(7))] }
        var results: [[[Float]]] = []
        for threads in [1, 2] {
            Parallelism.threads = threads
            var o = Optimizer(kind: .adam, learningRate: 0.01)
            var p = start
            for g in grads { o.update(&p, g) }
            results.append(p.map(\.data))
        }
        XCTAssertEqual(results[0], results[1], "same bits at 1 and 2 threads")
        // PyTorch's Adam, one element at a time, in Double.
        for (k, i) in [(0, 0), (0, 47_999), (0, 24_001), (1, 6)] {
            var (p, m, v) = (Double(start[k].data[i]), 0.0, 0.0)
            for (t, g) in grads.enumerated() {
                let gi = Double(g[k].data[i])
                m = 0.9 * m + 0.1 * gi
                v = 0.999 * v + 0.001 * gi * gi
                let step = Double(t + 1)
                p -= 0.01 / (1 - pow(0.9, step)) * m / ((v / (1 - pow(0.999, step))).squareRoot() + 1e-8)
            }
            XCTAssertEqual(Double(results[1][k][i]), p, accuracy: 1e-5, "parameter \(k)[\(i)]")
        }
    }
}
