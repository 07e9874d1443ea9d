import XCTest
@testable import Tensor

/// The Winograd F(2×2, 5×5) forward (`Conv2DWinograd`) against the nested-loop oracle.
///
/// Tolerance: |fast − naive| ≤ 1e-5 · S per output, S = Σ |x|·|w| + |b| over its 150 terms
/// (the naive forward of |x|, |w|, |b|). 1e-5 is about the worst-case rounding bound of a
/// 150-term float dot product (150 · 2⁻²⁴ ≈ 9e-6 of S), which the naive sum itself may
/// reach; the kernel measured 8e-7 · S on LeNet's conv2. A wrong tap, tile or lane gives
/// errors of the order of S itself.
final class ConvWinogradTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(Conv2DWinograd.available, "this CPU has no AVX-512VL: the Winograd kernel never runs")
    }

    override func tearDown() { restoreKernelDefaults() }

    func abs(_ t: Tensor) -> Tensor {
        var t = t
        for i in t.data.indices { t.data[i] = Swift.abs(t.data[i]) }
        return t
    }

    /// max over outputs of |a − b| / S (S as above, at least 1e-3 so that empty sums pass).
    func relativeError(_ a: [Float], _ b: [Float], _ scale: [Float]) -> Float {
        var worst: Float = 0
        for i in a.indices { worst = max(worst, Swift.abs(a[i] - b[i]) / max(scale[i], 1e-3)) }
        return worst
    }

    func check(x: [Int], w: [Int], _ o: Conv2DOptions, bias: Bool, relu: Bool, seed: UInt64,
               file: StaticString = #filePath, line: UInt = #line) throws {
        var rng = SplitMix64(seed: seed)
        let (xt, wt, bt) = randomConvOperands(x: x, w: w, &rng, weightScale: 0.3)
        let g = try ConvGeometry(op: "test", x: x, w: w, bias: bias ? [w[0]] : nil, o)
        let y = Conv2DWinograd.forward(xt.data, wt.data, bias ? bt.data : nil, g, relu: relu)
        var ref = try Conv2D.naiveForward(xt, wt, bias: bias ? bt : nil, o).data
        if relu { ref = ref.map { $0 < 0 ? 0 : $0 } }
        let scale = try Conv2D.naiveForward(abs(xt), abs(wt), bias: bias ? abs(bt) : nil, o).data
        let err = relativeError(y, ref, scale)
        XCTAssertLessThanOrEqual(err, 1e-5, "x \(x) w \(w) pad \(o.padH)x\(o.padW) bias \(bias) relu \(relu)", file: file, line: line)
        XCTAssertGreaterThan(scale.max()!, 1, "the test's inputs are not all tiny", file: file, line: line)
    }

    /// LeNet-5's conv2 (6 → 16, 14×14 → 10×10) takes the kernel through `Conv2D.forward`, at
    /// 1 and 2 threads with the same bits, and each image's output does not depend on its group.
    func testLeNetConv2MatchesNaiveAndIsDeterministic() throws {
        var rng = SplitMix64(seed: 31)
        let (x, w, b) = randomConvOperands(x: [16, 6, 14, 14], w: [16, 6, 5, 5], &rng, weightScale: 0.3)
        let g = try ConvGeometry(op: "test", x: x.shape, w: w.shape, bias: [16], Conv2DOptions())
        XCTAssertTrue(Conv2DWinograd.applies(g))
        Parallelism.threads = 1
        let y1 = try Conv2D.forward(x, w, bias: b)
        Parallelism.threads = 2
        let y2 = try Conv2D.forward(x, w, bias: b)
        XCTAssertEqual(y1.data, y2.data, "1 and 2 threads")
        let ref = try Conv2D.naiveForward(x, w, bias: b)
        let scale = try Conv2D.naiveForward(abs(x), abs(w), bias: abs(b))
        XCTAssertLessThanOrEqual(relativeError(y1.data, ref.data, scale.data), 1e-5)
        // The last 8 images alone: the same bits as in the batch of 16.
        let tail = try Tensor(shape: [8, 6, 14, 14], data: Array(x.data[(8 * 6 * 196)...]))
        let yTail = try Conv2D.forward(tail, w, bias: b)
        XCTAssertEqual(yTail.data, Array(y1.data[(8 * 16 * 100)...]))
        // And close to the direct kernels it replaces.
        Conv2DWinograd.enabled = false
        let direct = try Conv2D.forward(x, w, bias: b)
        XCTAssertLessThanOrEqual(relativeError(y1.data, direct.data, scale.data), 1e-5)
        XCTAssertNotEqual(y1.data, direct.data, "the Winograd path did not run")
    }

    /// Dispatch: not for batches outside eights, other channel counts or kernel sizes.
    func testDispatchOnlyOnMeasuredShapes() throws {
        func applies(_ x: [Int], _ w: [Int]) throws -> Bool {
            Conv2DWinograd.applies(try ConvGeometry(op: "test", x: x, w: w, bias: nil, Conv2DOptions()))
        }
        XCTAssertTrue(try applies([64, 6, 14, 14], [16, 6, 5, 5]))
        XCTAssertFalse(try applies([1, 6, 14, 14], [16, 6, 5, 5]))
        XCTAssertFalse(try applies([12, 6, 14, 14], [16, 6, 5, 5]))
        XCTAssertFalse(try applies([8, 1, 28, 28], [6, 1, 5, 5]))   // LeNet conv1
        XCTAssertFalse(try applies([8, 6, 14, 14], [16, 6, 3, 3]))
    }

    /// The kernel itself on shapes beyond the dispatch rule: partial groups of eight, padding,
    /// odd output sizes (tiles past the edge), other channel counts (the generic sum), no bias,
    /// the fused ReLU.
    func testKernelOnOtherShapesMatchesNaive() throws {
        try check(x: [3, 6, 14, 14], w: [16, 6, 5, 5], Conv2DOptions(), bias: true, relu: false, seed: 1)
        try check(x: [8, 6, 14, 14], w: [16, 6, 5, 5], Conv2DOptions(), bias: false, relu: true, seed: 2)
        try check(x: [9, 1, 28, 28], w: [8, 1, 5, 5], Conv2DOptions(padding: 2), bias: true, relu: false, seed: 3)
        try check(x: [5, 3, 9, 11], w: [4, 3, 5, 5], Conv2DOptions(), bias: true, relu: true, seed: 4)
        try check(x: [2, 10, 7, 6], w: [12, 10, 5, 5], Conv2DOptions(strideH: 1, strideW: 1, padH: 1, padW: 2, dilationH: 1, dilationW: 1),
                  bias: true, relu: false, seed: 5)
        try check(x: [8, 6, 5, 5], w: [4, 6, 5, 5], Conv2DOptions(), bias: true, relu: false, seed: 6)
    }
}
