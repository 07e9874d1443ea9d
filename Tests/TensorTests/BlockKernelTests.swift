import XCTest
import Tensor

/// Batch normalisation, residual addition, concatenation and global average pooling:
/// hand-checkable values, fast == naive on random shapes, and finite-difference gradients.
final class BlockKernelTests: XCTestCase {
    func testBatchNormHandValues() throws {
        // One channel holding 1, 2, 3, 4 (two images of 1x2): mean 2.5, biased variance 1.25.
        let x = try Tensor(shape: [2, 1, 1, 2], data: [1, 2, 3, 4])
        let bn = BatchNorm(epsilon: 0)
        let (y, cache) = try bn.forwardTraining(x, gamma: try Tensor(shape: [1], data: [2]), beta: try Tensor(shape: [1], data: [10]))
        XCTAssertEqual(cache.batch.mean, [2.5])
        XCTAssertEqual(cache.batch.variance, [1.25])
        // x̂ = (x − 2.5)/√1.25 = ±0.4472·(3, 1); y = 2·x̂ + 10.
        let s = Float(1.25).squareRoot()
        for (got, want) in zip(y.data, [10 - 3 / s, 10 - 1 / s, 10 + 1 / s, 10 + 3 / s]) {
            XCTAssertEqual(got, want, accuracy: 1e-5)
        }
        // Running statistics after one batch: 0.9·0 + 0.1·2.5, 0.9·1 + 0.1·(1.25·4/3).
        var running = BatchNorm.Statistics(channels: 1)
        BatchNorm().updateRunning(&running, with: cache)
        XCTAssertEqual(running.mean[0], 0.25, accuracy: 1e-6)
        XCTAssertEqual(running.variance[0], 0.9 + 0.1 * 5 / 3, accuracy: 1e-6)
        // Evaluation with mean 2, variance 4: (x − 2)/2.
        let e = try bn.forwardInference(x, gamma: try Tensor(shape: [1], data: [1]), beta: try Tensor(shape: [1], data: [0]),
                                        running: .init(mean: [2], variance: [4]))
        XCTAssertEqual(e.data, [-0.5, 0, 0.5, 1])
    }

    func testBatchNormFastMatchesNaive() throws {
        var rng = SplitMix64(seed: 31)
        for shape in [[4, 3, 5, 5], [2, 1, 7, 3], [8, 6], [3, 2, 1, 1]] {
            let x = randomTensor(shape, &rng, scale: 4), c = shape[1]
            let gamma = randomTensor([c], &rng), beta = randomTensor([c], &rng)
            let bn = BatchNorm()
            let (y, cache) = try bn.forwardTraining(x, gamma: gamma, beta: beta)
            XCTAssertLessThan(y.maxAbsDifference(try bn.naiveForwardTraining(x, gamma: gamma, beta: beta)), 1e-5, "\(shape)")
            let dy = randomTensor(shape, &rng)
            let fast = try bn.backward(dy: dy, cache: cache, gamma: gamma)
            let naive = try bn.naiveBackward(x: x, dy: dy, gamma: gamma)
            XCTAssertLessThan(fast.dx.maxAbsDifference(naive.dx), 1e-4, "\(shape) dx")
            XCTAssertLessThan(fast.dGamma.maxAbsDifference(naive.dGamma), 1e-4, "\(shape) dgamma")
            XCTAssertLessThan(fast.dBeta.maxAbsDifference(naive.dBeta), 1e-4, "\(shape) dbeta")
        }
    }

    func testBatchNormGradients() throws {
        var rng = SplitMix64(seed: 32)
        let x = randomTensor([3, 2, 2, 3], &rng, scale: 2), gamma = randomTensor([2], &rng), beta = randomTensor([2], &rng)
        let bn = BatchNorm()
        let (y, cache) = try bn.forwardTraining(x, gamma: gamma, beta: beta)
        let r = randomTensor(y.shape, &rng)
        let g = try bn.backward(dy: r, cache: cache, gamma: gamma)
        try assertGradient(x, g.dx, weights: r, eps: 1e-2, tolerance: 5e-3, "bn dx") { try bn.forwardTraining($0, gamma: gamma, beta: beta).y }
        try assertGradient(gamma, g.dGamma, weights: r, "bn dgamma") { try bn.forwardTraining(x, gamma: $0, beta: beta).y }
        try assertGradient(beta, g.dBeta, weights: r, "bn dbeta") { try bn.forwardTraining(x, gamma: gamma, beta: $0).y }
    }

    func testResidualConcatGlobalPool() throws {
        let fx = try Tensor(shape: [1, 1, 2, 2], data: [1, -2, 3, 0.5])
        let x = try Tensor(shape: [1, 1, 2, 2], data: [10, 20, 30, 40])
        XCTAssertEqual(try ResidualAdd.forward(fx, x).data, [11, 18, 33, 40.5])
        XCTAssertEqual(try ResidualAdd.naiveForward(fx, x), try ResidualAdd.forward(fx, x))

        let a = try Tensor(shape: [2, 1, 1, 2], data: [1, 2, 3, 4])
        let b = try Tensor(shape: [2, 2, 1, 2], data: [5, 6, 7, 8, 9, 10, 11, 12])
        let joined = try Concat.forward([a, b])
        XCTAssertEqual(joined.shape, [2, 3, 1, 2])
        XCTAssertEqual(joined.data, [1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12])
        XCTAssertEqual(try Concat.naiveForward([a, b]), joined)
        let parts = try Concat.backward(dy: joined, partShapes: [a.shape, b.shape])
        XCTAssertEqual(parts, [a, b])

        let planes = try Tensor(shape: [1, 2, 2, 2], data: [1, 2, 3, 4, -1, -1, -1, 5])
        XCTAssertEqual(try GlobalAvgPool.forward(planes).data, [2.5, 0.5])
        XCTAssertEqual(try GlobalAvgPool.naiveForward(planes), try GlobalAvgPool.forward(planes))
        XCTAssertEqual(try GlobalAvgPool.backward(dy: try Tensor(shape: [1, 2, 1, 1], data: [4, 8]), inputShape: planes.shape).data,
                       [1, 1, 1, 1, 2, 2, 2, 2])

        var rng = SplitMix64(seed: 33)
        let xs = randomTensor([2, 3, 3, 4], &rng)
        let r = randomTensor([2, 3, 1, 1], &rng)
        try assertGradient(xs, try GlobalAvgPool.backward(dy: r, inputShape: xs.shape), weights: r, "global avg pool") { try GlobalAvgPool.forward($0) }
        let parts3 = [randomTensor([2, 1, 3, 2], &rng), randomTensor([2, 2, 3, 2], &rng)]
        let rc = randomTensor([2, 3, 3, 2], &rng)
        let gc = try Concat.backward(dy: rc, partShapes: parts3.map(\.shape))
        try assertGradient(parts3[0], gc[0], weights: rc, "concat part 1") { try Concat.forward([$0, parts3[1]]) }
        try assertGradient(parts3[1], gc[1], weights: rc, "concat part 2") { try Concat.forward([parts3[0], $0]) }
    }

    func testErrorsNameTheOpAndShapes() throws {
        let x = Tensor(shape: [2, 3, 2, 2])
        assertTensorError("batchnorm: gamma 2 and beta 3 must both be [3] for 3 channels") {
            try BatchNorm().forwardTraining(x, gamma: Tensor(shape: [2]), beta: Tensor(shape: [3]))
        }
        assertTensorError("batchnorm: training needs at least 2 values per channel, got 1 (input 1x3x1x1)") {
            try BatchNorm().forwardTraining(Tensor(shape: [1, 3, 1, 1]), gamma: Tensor(shape: [3]), beta: Tensor(shape: [3]))
        }
        assertTensorError("residual-add: F(x) 2x3x2x2 and x 2x4x2x2 must have the same shape; project x with a 1x1 convolution first") {
            try ResidualAdd.forward(x, Tensor(shape: [2, 4, 2, 2]))
        }
        assertTensorError("concat: part 2 is 2x1x3x2 but part 1 is 2x3x2x2: all axes but the channels must match") {
            try Concat.forward([x, Tensor(shape: [2, 1, 3, 2])])
        }
        assertTensorError("global-avgpool: input must be [N, C, H, W], got 2x3") { try GlobalAvgPool.forward(Tensor(shape: [2, 3])) }
    }
}
