import Foundation
import XCTest
import Tensor

/// Small literal cases whose answers can be checked by hand.
final class KernelValueTests: XCTestCase {
    func testIm2colRowsAreWindows() throws {
        let x = try Tensor(shape: [3, 3], data: [1, 2, 3,
                                                 4, 5, 6,
                                                 7, 8, 9])
        let cols = try im2col(x, kernelH: 2, kernelW: 2)
        XCTAssertEqual(cols.shape, [4, 4])
        XCTAssertEqual(cols.data, [1, 2, 4, 5,
                                   2, 3, 5, 6,
                                   4, 5, 7, 8,
                                   5, 6, 8, 9])
        // With padding 1 and stride 2 the corner windows see zeros.
        let padded = try im2col(x, kernelH: 2, kernelW: 2, Conv2DOptions(stride: 2, padding: 1))
        XCTAssertEqual(padded.shape, [4, 4])
        XCTAssertEqual(Array(padded.data[0..<4]), [0, 0, 0, 1])
        XCTAssertEqual(Array(padded.data[12..<16]), [5, 6, 8, 9])
        // col2im adds overlapping windows back: the centre is in all four.
        let back = try col2im(cols, channels: 1, height: 3, width: 3, kernelH: 2, kernelW: 2)
        XCTAssertEqual(back.data, [1, 4, 3, 8, 20, 12, 7, 16, 9])
    }

    func testIm2colTimesKernelIsTheConvolution() throws {
        var rng = SplitMix64(seed: 5)
        let x = randomTensor([2, 5, 6], &rng), w = randomTensor([3, 2, 3, 3], &rng)
        let o = Conv2DOptions(stride: 2, padding: 1)
        let cols = try im2col(x, kernelH: 3, kernelW: 3, o)
        let viaCols = try Linear.forward(x: cols, w: try w.reshaped([3, 18]), b: Tensor(shape: [3]))
        let y = try Conv2D.forward(try x.reshaped([1, 2, 5, 6]), w, o)
        // viaCols is [OH*OW, F]; y is [1, F, OH, OW].
        for f in 0..<3 {
            for r in 0..<9 { XCTAssertEqual(viaCols[r, f], y.data[f * 9 + r], accuracy: 1e-5) }
        }
    }

    /// The fully connected layer split across cores (batch rows for y and dx, outputs for dw
    /// and db) equals the loops at one and two threads, on LeNet's first shape and an odd one.
    func testLinearSplitAcrossCoresMatchesLoops() throws {
        let saved = Parallelism.threads
        defer { Parallelism.threads = saved }
        var rng = SystemRandomNumberGenerator()
        func random(_ shape: [Int]) throws -> Tensor {
            try Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in Float.random(in: -1...1, using: &rng) })
        }
        for (n, inputs, outputs) in [(64, 400, 120), (37, 300, 13)] {
            let (x, w, b, dy) = (try random([n, inputs]), try random([outputs, inputs]), try random([outputs]), try random([n, outputs]))
            let y0 = try Linear.naiveForward(x: x, w: w, b: b)
            let g0 = try Linear.naiveBackward(x: x, w: w, dy: dy)
            for threads in [1, 2] {
                Parallelism.threads = threads
                let y = try Linear.forward(x: x, w: w, b: b)
                let g = try Linear.backward(x: x, w: w, dy: dy)
                for (got, want, what) in [(y, y0, "y"), (g.dx, g0.dx, "dx"), (g.dw, g0.dw, "dw"), (g.db, g0.db, "db")] {
                    XCTAssertEqual(got.shape, want.shape)
                    let worst = zip(got.data, want.data).map { abs($0 - $1) }.max()!
                    XCTAssertLessThan(worst, 1e-4, "\(what), \(n)x\(inputs)->\(outputs), threads \(threads)")
                }
            }
        }
    }

    /// Max-pool backward over many planes (split across cores at two threads) gives each
    /// plane's gradient at its argmax, summed where windows overlap, at one and two threads;
    /// an argmax outside its own plane is an error, not a write into another plane.
    func testMaxPoolBackwardPerPlane() throws {
        let saved = Parallelism.threads
        defer { Parallelism.threads = saved }
        var rng = SystemRandomNumberGenerator()
        let x = try Tensor(shape: [16, 6, 28, 28], data: (0..<(16 * 6 * 784)).map { _ in Float.random(in: -1...1, using: &rng) })
        let (y, arg) = try MaxPool2D.forward(x, Pool2DOptions(size: 3, stride: 2))  // overlapping windows
        let dy = try Tensor(shape: y.shape, data: (0..<y.count).map { Float($0 % 7) - 3 })
        var want = [Float](repeating: 0, count: x.count)
        for (i, at) in arg.enumerated() { want[at] += dy.data[i] }
        for threads in [1, 2] {
            Parallelism.threads = threads
            XCTAssertEqual(try MaxPool2D.backward(dy: dy, argmax: arg, inputShape: x.shape).data, want, "threads \(threads)")
        }
        var wrong = arg
        wrong[y.count - 1] = 0  // the last plane's last window pointing into plane 0
        XCTAssertThrowsError(try MaxPool2D.backward(dy: dy, argmax: wrong, inputShape: x.shape)) {
            XCTAssertEqual("\($0)", "maxpool2d.backward: argmax points outside its plane of the input 16x6x28x28")
        }
    }

    func testMaxAndAveragePooling() throws {
        let x = try Tensor(shape: [1, 1, 4, 4], data: [1, 3, 2, 1,
                                                       4, 2, 0, 1,
                                                       5, 6, 1, 2,
                                                       7, 8, 3, 9])
        let (y, arg) = try MaxPool2D.forward(x, Pool2DOptions(size: 2))
        XCTAssertEqual(y.data, [4, 2, 8, 9])
        XCTAssertEqual(arg, [4, 2, 13, 15])
        let dx = try MaxPool2D.backward(dy: try Tensor(shape: [1, 1, 2, 2], data: [1, 2, 3, 4]), argmax: arg, inputShape: x.shape)
        XCTAssertEqual(dx.data, [0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 4])
        XCTAssertEqual(try AvgPool2D.forward(x, Pool2DOptions(size: 2)).data, [2.5, 1, 6.5, 3.75])
        // Overlapping 3x3 stride 2 with padding 1: the corner window holds 4 real cells and 5 zeros.
        let avg = try AvgPool2D.forward(x, Pool2DOptions(size: 3, stride: 2, padding: 1))
        XCTAssertEqual(avg.shape, [1, 1, 2, 2])
        XCTAssertEqual(avg.data[0], (1 + 3 + 4 + 2) / 9, accuracy: 1e-6)
        // Max pooling pads with −∞: an all-negative corner still returns a real value.
        let neg = try Tensor(shape: [1, 1, 2, 2], data: [-4, -3, -2, -1])
        XCTAssertEqual(try MaxPool2D.forward(neg, Pool2DOptions(size: 2, stride: 1, padding: 1)).y.data,
                       [-4, -3, -3, -2, -1, -1, -2, -1, -1])
    }

    func testActivationValuesAndDerivatives() {
        XCTAssertEqual(Activation.sigmoid.value(0), 0.5)
        XCTAssertEqual(Activation.sigmoid.derivative(0), 0.25)
        XCTAssertEqual(Activation.tanh.derivative(0), 1)
        XCTAssertEqual(Activation.relu.value(-2), 0)
        XCTAssertEqual(Activation.relu.derivative(0), 0)
        XCTAssertEqual(Activation.leakyRelu.value(-2), -0.02)
        XCTAssertEqual(Activation.prelu.value(-2), -0.5)
        XCTAssertEqual(Activation.prelu.value(-2, alpha: 0.1), -0.2, accuracy: 1e-7)
        XCTAssertEqual(Activation.elu.value(-1), Float(exp(-1.0) - 1), accuracy: 1e-6)
        XCTAssertEqual(Activation.elu.derivative(-1), Float(exp(-1.0)), accuracy: 1e-6)
        XCTAssertEqual(Activation.identity.derivative(7), 1)
    }

    /// The training kernels evaluate KernelCore's formulas with glibc's functions (`HostMath`), bit
    /// for bit as the expressions written with Foundation's (checkpoints depend on it), not with
    /// the page's `CoreMath` (within 1.2e-7 relative of glibc's, not always the same Float).
    func testActivationsUseTheCLibrarysFunctions() {
        var x: Float = -9
        while x < 9 {
            let s = 1 / (1 + Foundation.exp(-x)), t = Foundation.tanh(x)
            let phi = 0.5 * (1 + Foundation.erf(x * 0.70710678)), pdf = 0.39894228 * Foundation.exp(-0.5 * x * x)
            XCTAssertEqual(Activation.sigmoid.value(x).bitPattern, s.bitPattern, "\(x)")
            XCTAssertEqual(Activation.sigmoid.derivative(x).bitPattern, (s * (1 - s)).bitPattern, "\(x)")
            XCTAssertEqual(Activation.tanh.value(x).bitPattern, t.bitPattern, "\(x)")
            XCTAssertEqual(Activation.tanh.derivative(x).bitPattern, (1 - t * t).bitPattern, "\(x)")
            XCTAssertEqual(Activation.elu.value(x, alpha: 0.7).bitPattern, (x > 0 ? x : 0.7 * (Foundation.exp(x) - 1)).bitPattern, "\(x)")
            XCTAssertEqual(Activation.elu.derivative(x, alpha: 0.7).bitPattern, (x > 0 ? 1 : 0.7 * Foundation.exp(x)).bitPattern, "\(x)")
            XCTAssertEqual(Activation.gelu.value(x).bitPattern, (x * phi).bitPattern, "\(x)")
            XCTAssertEqual(Activation.gelu.derivative(x).bitPattern, (phi + x * pdf).bitPattern, "\(x)")
            x += 0.0371
        }
        XCTAssertEqual(Activation.allCases.filter { $0.core == nil }, [.gelu])
        XCTAssertEqual(Activation.allCases.map(\.defaultAlpha), [0, 0, 0, 0, 0.01, 0.25, 1, 0])
    }

    /// GELU against hand values (Φ(1) = 0.8413447, φ(1) = 0.2419707) and against the formula
    /// x·Φ(x) evaluated naively in Double, forward and backward, on a grid.
    func testGELUValuesDerivativeAndDoubleReference() throws {
        XCTAssertEqual(Activation.gelu.value(0), 0)
        XCTAssertEqual(Activation.gelu.value(1), 0.8413447, accuracy: 1e-6)
        XCTAssertEqual(Activation.gelu.value(-1), -0.1586553, accuracy: 1e-6)
        XCTAssertEqual(Activation.gelu.derivative(0), 0.5, accuracy: 1e-7)
        XCTAssertEqual(Activation.gelu.derivative(1), 0.8413447 + 0.2419707, accuracy: 1e-6)
        let xs = (0...80).map { Float(-4 + 0.1 * Double($0)) }
        let x = try Tensor(shape: [xs.count], data: xs)
        let y = Activation.gelu.forward(x)
        let dx = try Activation.gelu.backward(x: x, dy: Tensor(shape: [xs.count], repeating: 2))
        for (i, v) in xs.enumerated() {
            let d = Double(v), cdf = 0.5 * (1 + erf(d / 2.0.squareRoot())), pdf = exp(-d * d / 2) / (2 * Double.pi).squareRoot()
            XCTAssertEqual(Double(y.data[i]), d * cdf, accuracy: 1e-6, "gelu(\(v))")
            XCTAssertEqual(Double(dx.data[i]), 2 * (cdf + d * pdf), accuracy: 2e-6, "2·gelu′(\(v))")
        }
    }

    func testSoftmaxAndCrossEntropy() throws {
        let logits = try Tensor(shape: [2, 3], data: [0, 0, 0, 1, 2, 3])
        let p = try softmax(logits, axis: 1)
        XCTAssertEqual(p[0, 0], 1.0 / 3, accuracy: 1e-6)
        XCTAssertEqual(p[1, 2], Float(exp(3.0) / (exp(1.0) + exp(2.0) + exp(3.0))), accuracy: 1e-6)
        let ce = try crossEntropy(logits: logits, labels: [0, 2])
        let expected = (log(3.0) + -log(exp(3.0) / (exp(1.0) + exp(2.0) + exp(3.0)))) / 2
        XCTAssertEqual(ce.loss, Float(expected), accuracy: 1e-6)
        // Each row of dLogits is (p − one-hot) / N and sums to zero.
        XCTAssertEqual(ce.dLogits[0, 0], (1.0 / 3 - 1) / 2, accuracy: 1e-6)
        XCTAssertEqual(ce.dLogits.data[0..<3].reduce(0, +), 0, accuracy: 1e-6)
    }

    func testArgmaxFirstIndexWinsTies() throws {
        let t = try Tensor(shape: [2, 3], data: [5, 5, 1, 0, 2, 2])
        XCTAssertEqual(try argmax(t, axis: 1).indices, [0, 1])
        XCTAssertEqual(try argmax(t, axis: 0).indices, [0, 0, 1])
    }

    func testLocalResponseNormFormula() throws {
        // One pixel, three channels a = (1, 2, 3), n = 3, k = 2, α = 0.5, β = 1:
        // b1 = 1 / (2 + 0.5(1 + 4)) = 1/4.5; b2 = 2 / (2 + 0.5·14) = 2/9; b3 = 3 / (2 + 0.5·13) = 3/8.5.
        let a = try Tensor(shape: [1, 3, 1, 1], data: [1, 2, 3])
        let b = try LocalResponseNorm(size: 3, alpha: 0.5, beta: 1, k: 2).forward(a)
        XCTAssertEqual(b.data[0], 1 / 4.5, accuracy: 1e-6)
        XCTAssertEqual(b.data[1], 2 / 9, accuracy: 1e-6)
        XCTAssertEqual(b.data[2], 3 / 8.5, accuracy: 1e-6)
    }

    func testDropoutIsSeededAndInverted() throws {
        let x = Tensor(shape: [1000], repeating: 1)
        var a = SplitMix64(seed: 2024), b = SplitMix64(seed: 2024)
        let (y1, m1) = try Dropout.forward(x, p: 0.25, rng: &a)
        let (y2, _) = try Dropout.forward(x, p: 0.25, rng: &b)
        XCTAssertEqual(y1, y2)
        XCTAssertTrue(m1.allSatisfy { $0 == 0 || abs($0 - 4.0 / 3) < 1e-6 })
        let dropped = m1.filter { $0 == 0 }.count
        XCTAssertTrue((200...300).contains(dropped), "dropped \(dropped) of 1000")
        XCTAssertEqual(try Dropout.forward(x, p: 0, rng: &a).y, x)
    }

    func testFlattenKeepsTheBatch() throws {
        let t = Tensor(shape: [4, 16, 5, 5])
        XCTAssertEqual(try t.flattened().shape, [4, 400])
    }
}
