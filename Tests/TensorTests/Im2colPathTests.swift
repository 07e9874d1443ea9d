import XCTest
@testable import Tensor

/// Both im2col layouts (short runs, and the wide one for stride-1 layers with few filters)
/// against the oracle, on the shapes that pick each.
final class Im2colPathTests: XCTestCase {
    // These shapes would take the direct kernels on an AVX2 CPU; the test is about im2col.
    override func setUp() { Conv2DDirect.enabled = false }
    override func tearDown() { restoreKernelDefaults() }

    func testEachShapePicksItsLayout() throws {
        let lenet2 = try ConvGeometry(op: "t", x: [64, 6, 14, 14], w: [16, 6, 5, 5], bias: nil, Conv2DOptions())
        let lenet1 = try ConvGeometry(op: "t", x: [64, 1, 28, 28], w: [6, 1, 5, 5], bias: nil, Conv2DOptions(padding: 2))
        let alex = try ConvGeometry(op: "t", x: [64, 64, 13, 13], w: [128, 64, 3, 3], bias: nil, Conv2DOptions(padding: 1))
        let strided = try ConvGeometry(op: "t", x: [1, 1, 9, 9], w: [2, 1, 3, 3], bias: nil, Conv2DOptions(stride: 2))
        XCTAssertTrue(Im2colWide.applies(lenet1))
        XCTAssertTrue(Im2colWide.applies(lenet2))
        XCTAssertFalse(Im2colWide.applies(alex))
        XCTAssertFalse(Im2colWide.applies(strided))
    }

    func testBothLayoutsMatchTheOracle() throws {
        var rng = SplitMix64(seed: 31)
        // With a 3x3 kernel 4 filters take the wide layout and 40 the short runs; padding,
        // dilation and odd sizes exercise the runs that reach past the image.
        for (filters, o) in [(4, Conv2DOptions(padding: 1)), (40, Conv2DOptions(padding: 1)),
                             (4, Conv2DOptions(padding: 2, dilation: 2)), (40, Conv2DOptions(strideH: 1, strideW: 1, padH: 0, padW: 2))] {
            let (x, w, b) = randomConvOperands(x: [2, 2, 5, 6], w: [filters, 2, 3, 3], &rng)
            let y = try Conv2D.forward(x, w, bias: b, o)
            XCTAssertLessThanOrEqual(y.maxAbsDifference(try Conv2D.naiveForward(x, w, bias: b, o)), 1e-4, "\(filters) filters \(o)")
            let dy = randomTensor(y.shape, &rng)
            let g = try Conv2D.backward(x: x, w: w, dy: dy, o)
            let ref = try Conv2D.naiveBackward(x: x, w: w, dy: dy, o)
            XCTAssertLessThanOrEqual(g.dx.maxAbsDifference(ref.dx), 1e-4, "dx \(filters) filters \(o)")
            XCTAssertLessThanOrEqual(g.dw.maxAbsDifference(ref.dw), 1e-4, "dw \(filters) filters \(o)")
            XCTAssertLessThanOrEqual(g.db.maxAbsDifference(ref.db), 1e-4, "db \(filters) filters \(o)")
        }
    }
}
