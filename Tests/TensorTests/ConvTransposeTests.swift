import XCTest
import Tensor

/// The transposed convolution as the adjoint of conv2d, and the convolution matrix.
final class ConvTransposeTests: XCTestCase {
    override func tearDown() { restoreKernelDefaults() }

    func testConvolutionMatrixOfTwoByTwoOnThreeByThree() throws {
        let k = try Tensor(shape: [2, 2], data: [1, 2,
                                                 3, 4])
        let c = try convolutionMatrix(height: 3, width: 3, kernel: k)
        XCTAssertEqual(c.shape, [4, 9])
        XCTAssertEqual(c.data, [1, 2, 0, 3, 4, 0, 0, 0, 0,
                                0, 1, 2, 0, 3, 4, 0, 0, 0,
                                0, 0, 0, 1, 2, 0, 3, 4, 0,
                                0, 0, 0, 0, 1, 2, 0, 3, 4])
        // C · x is the convolution; Cᵀ · y is the transposed convolution.
        var rng = SplitMix64(seed: 21)
        let x = randomTensor([9], &rng)
        let y = try Conv2D.forward(try x.reshaped([1, 1, 3, 3]), try k.reshaped([1, 1, 2, 2]))
        let cx = try Linear.forward(x: try x.reshaped([1, 9]), w: c, b: Tensor(shape: [4]))
        XCTAssertLessThanOrEqual(try cx.reshaped([1, 1, 2, 2]).maxAbsDifference(y), 1e-6)
        let ct = try ConvTranspose2D.forward(y, try k.reshaped([1, 1, 2, 2]))
        for col in 0..<9 {
            var dot: Float = 0
            for r in 0..<4 { dot += c[r, col] * y.data[r] }
            XCTAssertEqual(ct.data[col], dot, accuracy: 1e-5)
        }
    }

    func testOutputSizeAndScatter() throws {
        // One input cell of value 2 with stride 2 scatters 2·kernel into a 3x3 output.
        let x = try Tensor(shape: [1, 1, 1, 1], data: [2])
        let w = try Tensor(shape: [1, 1, 3, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        XCTAssertEqual(try ConvTranspose2D.forward(x, w, ConvTranspose2DOptions(stride: 2)).data, [2, 4, 6, 8, 10, 12, 14, 16, 18])
        // (3 − 1)·2 − 2·1 + 3 + 1 = 6 with output padding 1, the inverse of conv 6 → 3.
        let y = try ConvTranspose2D.forward(Tensor(shape: [1, 1, 3, 3]), w, ConvTranspose2DOptions(stride: 2, padding: 1, outputPadding: 1))
        XCTAssertEqual(y.shape, [1, 1, 6, 6])
        XCTAssertEqual(try convOutputSize(input: 6, kernel: 3, padding: 1, stride: 2), 3)
        assertTensorError("convTranspose2d: output padding 2x2 must be smaller than the stride 2x2") {
            try ConvTranspose2D.forward(x, w, ConvTranspose2DOptions(stride: 2, outputPadding: 2))
        }
    }

    func testFastMatchesNaiveAndIsTheAdjointOfConv() throws {
        var rng = SplitMix64(seed: 22)
        func r(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        for trial in 0..<40 {
            Parallelism.threads = 1 + trial % 2
            let s = r(1...3), k = r(1...4), p = r(0...(k - 1)), d = r(1...2)
            let o = ConvTranspose2DOptions(conv: Conv2DOptions(stride: s, padding: p, dilation: d),
                                           outputPaddingH: r(0...(s - 1)), outputPaddingW: r(0...(s - 1)))
            let (n, cin, cout, h, w) = (r(1...3), r(1...3), r(1...3), r(1...5), r(1...5))
            let x = randomTensor([n, cin, h, w], &rng), wt = randomTensor([cin, cout, k, k], &rng)
            let b = randomTensor([cout], &rng)
            guard let y = try? ConvTranspose2D.forward(x, wt, bias: b, o) else { continue }
            XCTAssertLessThanOrEqual(y.maxAbsDifference(try ConvTranspose2D.naiveForward(x, wt, bias: b, o)), 1e-4, "trial \(trial)")
            let dy = randomTensor(y.shape, &rng)
            let g = try ConvTranspose2D.backward(x: x, w: wt, dy: dy, o)
            let ref = try ConvTranspose2D.naiveBackward(x: x, w: wt, dy: dy, o)
            XCTAssertLessThanOrEqual(g.dx.maxAbsDifference(ref.dx), 1e-4, "trial \(trial) dx")
            XCTAssertLessThanOrEqual(g.dw.maxAbsDifference(ref.dw), 1e-4, "trial \(trial) dw")
            XCTAssertLessThanOrEqual(g.db.maxAbsDifference(ref.db), 1e-4, "trial \(trial) db")
            // <conv(u), x> == <u, convT(x)> for the convolution with the same options.
            let u = randomTensor(y.shape, &rng)
            let convU = try Conv2D.forward(u, wt, o.conv)
            let noBias = try ConvTranspose2D.forward(x, wt, o)
            var lhs = 0.0, rhs = 0.0
            for i in convU.data.indices { lhs += Double(convU.data[i] * x.data[i]) }
            for i in u.data.indices { rhs += Double(u.data[i] * noBias.data[i]) }
            XCTAssertEqual(lhs, rhs, accuracy: 1e-3 * max(1, abs(lhs)), "trial \(trial) adjoint")
        }
    }

    func testGradientsByFiniteDifferences() throws {
        var rng = SplitMix64(seed: 23)
        let o = ConvTranspose2DOptions(stride: 2, padding: 1, outputPadding: 1)
        let x = randomTensor([2, 2, 3, 3], &rng), w = randomTensor([2, 3, 3, 3], &rng), b = randomTensor([3], &rng)
        let r = randomTensor(try ConvTranspose2D.forward(x, w, bias: b, o).shape, &rng)
        let g = try ConvTranspose2D.backward(x: x, w: w, dy: r, o)
        try assertGradient(x, g.dx, weights: r, "convT dx") { try ConvTranspose2D.forward($0, w, bias: b, o) }
        try assertGradient(w, g.dw, weights: r, "convT dw") { try ConvTranspose2D.forward(x, $0, bias: b, o) }
        try assertGradient(b, g.db, weights: r, "convT db") { try ConvTranspose2D.forward(x, w, bias: $0, o) }
    }
}
