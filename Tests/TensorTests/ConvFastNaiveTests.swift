import XCTest
@testable import Tensor

/// The fast paths (direct kernels and im2col + GEMM, alternately) against the nested-loop
/// oracle on random shapes.
final class ConvFastNaiveTests: XCTestCase {
    override func tearDown() { restoreKernelDefaults() }

    struct Config: CustomStringConvertible {
        var n, c, h, w, f, kh, kw: Int
        var o: Conv2DOptions
        var description: String {
            "x \(n)x\(c)x\(h)x\(w) w \(f)x\(c)x\(kh)x\(kw) stride \(o.strideH)x\(o.strideW) pad \(o.padH)x\(o.padW) dil \(o.dilationH)x\(o.dilationW)"
        }
    }

    /// Draws configurations until one is valid; every fifth has the kernel fill the padded input.
    func randomConfig(_ i: Int, _ rng: inout SplitMix64) -> Config {
        func r(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        while true {
            let o = Conv2DOptions(strideH: r(1...3), strideW: r(1...3), padH: r(0...2), padW: r(0...2),
                                  dilationH: r(1...2), dilationW: r(1...2))
            var cfg = Config(n: r(1...5), c: r(1...4), h: r(1...9), w: r(1...9), f: r(1...5), kh: r(1...4), kw: r(1...4), o: o)
            if i % 5 == 0 {
                cfg.o.dilationH = 1; cfg.o.dilationW = 1
                cfg.kh = cfg.h + 2 * cfg.o.padH
                cfg.kw = cfg.w + 2 * cfg.o.padW
            }
            if (try? convOutputSize(input: cfg.h, kernel: cfg.kh, padding: cfg.o.padH, stride: cfg.o.strideH, dilation: cfg.o.dilationH)) != nil,
               (try? convOutputSize(input: cfg.w, kernel: cfg.kw, padding: cfg.o.padW, stride: cfg.o.strideW, dilation: cfg.o.dilationW)) != nil {
                return cfg
            }
        }
    }

    func testFastMatchesNaiveOnRandomConfigurations() throws {
        var rng = SplitMix64(seed: 42)
        for i in 0..<240 {
            Parallelism.threads = 1 + i % 3
            Conv2DDirect.enabled = i % 2 == 0
            let cfg = randomConfig(i, &rng)
            let (x, w, b) = randomConvOperands(x: [cfg.n, cfg.c, cfg.h, cfg.w], w: [cfg.f, cfg.c, cfg.kh, cfg.kw], &rng)
            let y = try Conv2D.forward(x, w, bias: b, cfg.o)
            let yRef = try Conv2D.naiveForward(x, w, bias: b, cfg.o)
            XCTAssertEqual(y.shape, yRef.shape, "\(cfg)")
            XCTAssertLessThanOrEqual(y.maxAbsDifference(yRef), 1e-4, "forward \(cfg)")
            let dy = randomTensor(y.shape, &rng)
            let g = try Conv2D.backward(x: x, w: w, dy: dy, cfg.o)
            let gRef = try Conv2D.naiveBackward(x: x, w: w, dy: dy, cfg.o)
            XCTAssertLessThanOrEqual(g.dx.maxAbsDifference(gRef.dx), 1e-4, "dx \(cfg)")
            XCTAssertLessThanOrEqual(g.dw.maxAbsDifference(gRef.dw), 1e-4, "dw \(cfg)")
            XCTAssertLessThanOrEqual(g.db.maxAbsDifference(gRef.db), 1e-4, "db \(cfg)")
            let p = try Conv2D.parameterGradients(x: x, w: w, dy: dy, cfg.o)
            XCTAssertEqual(p.dw, g.dw, "parameter-only dw \(cfg)")
            XCTAssertEqual(p.db, g.db, "parameter-only db \(cfg)")
        }
    }

    /// The plain compiled loops (the `bench kernels` baseline) compute the oracle's values,
    /// forward and backward, on random strides, paddings and dilations.
    func testPlainLoopsMatchNaive() throws {
        var rng = SplitMix64(seed: 11)
        for i in 0..<80 {
            let cfg = randomConfig(i, &rng)
            let (x, w, b) = randomConvOperands(x: [cfg.n, cfg.c, cfg.h, cfg.w], w: [cfg.f, cfg.c, cfg.kh, cfg.kw], &rng)
            let y = try Conv2D.loopsForward(x, w, bias: b, cfg.o)
            let yRef = try Conv2D.naiveForward(x, w, bias: b, cfg.o)
            XCTAssertEqual(y.shape, yRef.shape, "\(cfg)")
            XCTAssertLessThanOrEqual(y.maxAbsDifference(yRef), 1e-4, "loops forward \(cfg)")
            let dy = randomTensor(y.shape, &rng)
            let g = try Conv2D.loopsBackward(x: x, w: w, dy: dy, cfg.o)
            let gRef = try Conv2D.naiveBackward(x: x, w: w, dy: dy, cfg.o)
            XCTAssertLessThanOrEqual(g.dx.maxAbsDifference(gRef.dx), 1e-4, "loops dx \(cfg)")
            XCTAssertLessThanOrEqual(g.dw.maxAbsDifference(gRef.dw), 1e-4, "loops dw \(cfg)")
            XCTAssertLessThanOrEqual(g.db.maxAbsDifference(gRef.db), 1e-4, "loops db \(cfg)")
        }
        XCTAssertThrowsError(try Conv2D.loopsForward(Tensor(shape: [1, 1, 3, 3]), Tensor(shape: [1, 1, 5, 5])))
    }

    func testResultsAreRepeatableForAThreadCount() throws {
        var rng = SplitMix64(seed: 7)
        let x = randomTensor([9, 3, 12, 12], &rng), w = randomTensor([5, 3, 3, 3], &rng)
        let dy = randomTensor([9, 5, 10, 10], &rng)
        for threads in [1, 2, 4] {
            Parallelism.threads = threads
            let first = try Conv2D.backward(x: x, w: w, dy: dy)
            for _ in 0..<3 {
                XCTAssertEqual(try Conv2D.backward(x: x, w: w, dy: dy), first, "threads \(threads)")
            }
        }
    }

    func testNoBiasEqualsZeroBias() throws {
        var rng = SplitMix64(seed: 3)
        let x = randomTensor([2, 2, 5, 5], &rng), w = randomTensor([3, 2, 3, 3], &rng)
        XCTAssertEqual(try Conv2D.forward(x, w), try Conv2D.forward(x, w, bias: Tensor(shape: [3])))
    }

    func testPoolingSplitAcrossCoresMatchesOneCore() throws {
        var rng = SplitMix64(seed: 8)
        let x = randomTensor([8, 8, 32, 32], &rng)
        let o = Pool2DOptions(size: 3, stride: 2, padding: 1)
        Parallelism.threads = 1
        let (max1, arg1) = try MaxPool2D.forward(x, o)
        let avg1 = try AvgPool2D.forward(x, o)
        let back1 = try AvgPool2D.backward(dy: avg1, inputShape: x.shape, o)
        Parallelism.threads = 3
        let (max3, arg3) = try MaxPool2D.forward(x, o)
        XCTAssertEqual(max3, max1)
        XCTAssertEqual(arg3, arg1)
        XCTAssertEqual(try AvgPool2D.forward(x, o), avg1)
        XCTAssertEqual(try AvgPool2D.backward(dy: avg1, inputShape: x.shape, o), back1)
    }
}
