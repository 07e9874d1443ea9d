import XCTest
@testable import Tensor

/// The direct kernels (`Conv2DDirect`: pixel blocks when the filters come in eights, row
/// blocks otherwise) against the nested-loop oracle, against the im2col + GEMM path and
/// against finite differences, on the network shapes they were written for and on random
/// stride-1 shapes.
final class ConvDirectTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(Conv2DDirect.available, "this CPU has no AVX2 + FMA: the direct kernels never run")
    }

    override func tearDown() { restoreKernelDefaults() }

    /// (x, w, options) of LeNet-5's and alexnet-mini's convolutions, at batch 1 (the naive oracle is slow in debug builds).
    let networkShapes: [(x: [Int], w: [Int], o: Conv2DOptions)] = [
        ([1, 1, 28, 28], [6, 1, 5, 5], Conv2DOptions(padding: 2)),     // LeNet conv1: row blocks
        ([1, 6, 14, 14], [16, 6, 5, 5], Conv2DOptions()),              // LeNet conv2: pixel blocks
        ([1, 1, 28, 28], [16, 1, 3, 3], Conv2DOptions(padding: 1)),    // alexnet-mini conv1..4
        ([1, 16, 14, 14], [32, 16, 3, 3], Conv2DOptions(padding: 1)),
        ([1, 32, 7, 7], [64, 32, 3, 3], Conv2DOptions(padding: 1)),
        ([1, 64, 4, 4], [128, 64, 3, 3], Conv2DOptions(padding: 1)),
    ]

    func testNetworkShapesMatchNaiveAndGemm() throws {
        var rng = SplitMix64(seed: 21)
        for s in networkShapes {
            let g = try ConvGeometry(op: "test", x: s.x, w: s.w, bias: [s.w[0]], s.o)
            XCTAssertTrue(Conv2DDirect.applies(g), "\(s.x) \(s.w) should take the direct path")
            let (x, w, b) = randomConvOperands(x: s.x, w: s.w, &rng)
            let y = try Conv2D.forward(x, w, bias: b, s.o)
            let dy = randomTensor(y.shape, &rng)
            let grads = try Conv2D.backward(x: x, w: w, dy: dy, s.o)
            let yRef = try Conv2D.naiveForward(x, w, bias: b, s.o)
            let gRef = try Conv2D.naiveBackward(x: x, w: w, dy: dy, s.o)
            let tolerance: Float = 1e-4 * Float(s.w[1] * s.w[2] * s.w[3]).squareRoot()
            XCTAssertLessThanOrEqual(y.maxAbsDifference(yRef), tolerance, "forward \(s.w)")
            XCTAssertLessThanOrEqual(grads.dx.maxAbsDifference(gRef.dx), tolerance, "dx \(s.w)")
            XCTAssertLessThanOrEqual(grads.dw.maxAbsDifference(gRef.dw), 10 * tolerance, "dw \(s.w)")
            XCTAssertLessThanOrEqual(grads.db.maxAbsDifference(gRef.db), tolerance, "db \(s.w)")
            Conv2DDirect.enabled = false
            let yGemm = try Conv2D.forward(x, w, bias: b, s.o)
            let gGemm = try Conv2D.backward(x: x, w: w, dy: dy, s.o)
            Conv2DDirect.enabled = true
            XCTAssertLessThanOrEqual(y.maxAbsDifference(yGemm), tolerance, "forward direct vs GEMM \(s.w)")
            XCTAssertLessThanOrEqual(grads.dw.maxAbsDifference(gGemm.dw), 10 * tolerance, "dw direct vs GEMM \(s.w)")
            XCTAssertLessThanOrEqual(grads.dx.maxAbsDifference(gGemm.dx), tolerance, "dx direct vs GEMM \(s.w)")
        }
    }

    /// Random stride-1 shapes: 1–20 filters (both blocks, partial blocks), widths up to the
    /// 32-column limit, paddings below the kernel, 1–3 threads.
    func testRandomStrideOneShapesMatchNaive() throws {
        var rng = SplitMix64(seed: 22)
        func r(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        var pixelRuns = 0, rowRuns = 0, dualRuns = 0
        for i in 0..<120 {
            Parallelism.threads = 1 + i % 3
            let (kh, kw) = (r(1...5), r(1...5))
            let o = Conv2DOptions(strideH: 1, strideW: 1, padH: r(0...(kh - 1)), padW: r(0...(kw - 1)), dilationH: 1, dilationW: 1)
            let h = r(max(1, kh - 2 * o.padH)...12), w = r(max(1, kw - 2 * o.padW)...32)
            let f = i % 2 == 0 ? 8 * r(1...3) : r(1...20)
            let eights = i % 4 == 1   // dX by the dual pixel blocks (one image: the debug-built oracle is slow)
            let (n, c) = (eights ? 1 : r(1...4), eights ? 8 : r(1...5))
            let (x, wt, b) = randomConvOperands(x: [n, c, h, w], w: [f, c, kh, kw], &rng)
            let g = try ConvGeometry(op: "test", x: x.shape, w: wt.shape, bias: [f], o)
            guard Conv2DDirect.applies(g) else { continue }
            if Conv2DDirect.pixelBlocks(g) { pixelRuns += 1 } else { rowRuns += 1 }
            if Conv2DDirect.pixelBlocks(Conv2DDirect.dual(g)) { dualRuns += 1 }
            let label = "x \(x.shape) w \(wt.shape) pad \(o.padH)x\(o.padW)"
            let y = try Conv2D.forward(x, wt, bias: b, o)
            XCTAssertLessThanOrEqual(y.maxAbsDifference(try Conv2D.naiveForward(x, wt, bias: b, o)), 1e-4, "forward \(label)")
            let dy = randomTensor(y.shape, &rng)
            let grads = try Conv2D.backward(x: x, w: wt, dy: dy, o)
            let ref = try Conv2D.naiveBackward(x: x, w: wt, dy: dy, o)
            XCTAssertLessThanOrEqual(grads.dx.maxAbsDifference(ref.dx), 1e-4, "dx \(label)")
            XCTAssertLessThanOrEqual(grads.dw.maxAbsDifference(ref.dw), 1e-3, "dw \(label)")
            XCTAssertLessThanOrEqual(grads.db.maxAbsDifference(ref.db), 1e-4, "db \(label)")
            XCTAssertEqual(try Conv2D.parameterGradients(x: x, w: wt, dy: dy, o).dw, grads.dw, "parameter-only dw \(label)")
        }
        XCTAssertGreaterThan(pixelRuns, 30)
        XCTAssertGreaterThan(rowRuns, 30)
        XCTAssertGreaterThan(dualRuns, 15)
    }

    /// Finite differences through each direct path: pixel blocks (8 filters), row blocks
    /// (3 filters), with and without padding.
    func testGradientsOfEachPath() throws {
        var rng = SplitMix64(seed: 23)
        for (f, c, o) in [(8, 2, Conv2DOptions()), (8, 2, Conv2DOptions(padding: 1)), (3, 2, Conv2DOptions()),
                          (3, 2, Conv2DOptions(strideH: 1, strideW: 1, padH: 2, padW: 1, dilationH: 1, dilationW: 1)),
                          (3, 8, Conv2DOptions(strideH: 1, strideW: 1, padH: 0, padW: 2, dilationH: 1, dilationW: 1))] {  // dX by the dual pixel blocks
            let (x, w, b) = randomConvOperands(x: [2, c, 6, 7], w: [f, c, 3, 3], &rng)
            XCTAssertTrue(Conv2DDirect.applies(try ConvGeometry(op: "test", x: x.shape, w: w.shape, bias: [f], o)))
            let y = try Conv2D.forward(x, w, bias: b, o)
            let r = randomTensor(y.shape, &rng)
            let g = try Conv2D.backward(x: x, w: w, dy: r, o)
            try assertGradient(x, g.dx, weights: r, "direct dx f \(f) \(o)") { try Conv2D.forward($0, w, bias: b, o) }
            try assertGradient(w, g.dw, weights: r, "direct dw f \(f) \(o)") { try Conv2D.forward(x, $0, bias: b, o) }
            try assertGradient(b, g.db, weights: r, "direct db f \(f) \(o)") { try Conv2D.forward(x, w, bias: $0, o) }
        }
    }

    /// A thread count gives the same bits every run (partial sums added in chunk order).
    func testRepeatableForAThreadCount() throws {
        var rng = SplitMix64(seed: 24)
        let x = randomTensor([9, 6, 14, 14], &rng), w = randomTensor([16, 6, 5, 5], &rng)
        let dy = randomTensor([9, 16, 10, 10], &rng)
        for threads in [1, 2, 3] {
            Parallelism.threads = threads
            let first = try Conv2D.backward(x: x, w: w, dy: dy)
            XCTAssertEqual(try Conv2D.backward(x: x, w: w, dy: dy), first, "threads \(threads)")
        }
    }
}
