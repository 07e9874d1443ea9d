import XCTest
import Tensor

/// Every backward against central finite differences of its forward.
final class GradientCheckTests: XCTestCase {
    func testConv2D() throws {
        var rng = SplitMix64(seed: 11)
        for o in [Conv2DOptions(), Conv2DOptions(stride: 2, padding: 1), Conv2DOptions(strideH: 1, strideW: 2, padH: 2, padW: 0, dilationH: 2, dilationW: 1)] {
            let (x, w, b) = randomConvOperands(x: [2, 2, 6, 5], w: [3, 2, 3, 2], &rng)
            let y = try Conv2D.forward(x, w, bias: b, o)
            let r = randomTensor(y.shape, &rng)
            let g = try Conv2D.backward(x: x, w: w, dy: r, o)
            try assertGradient(x, g.dx, weights: r, "conv dx \(o)") { try Conv2D.forward($0, w, bias: b, o) }
            try assertGradient(w, g.dw, weights: r, "conv dw \(o)") { try Conv2D.forward(x, $0, bias: b, o) }
            try assertGradient(b, g.db, weights: r, "conv db \(o)") { try Conv2D.forward(x, w, bias: $0, o) }
        }
    }

    func testPooling() throws {
        var rng = SplitMix64(seed: 12)
        // Distinct values far apart, so that no finite step changes which input wins.
        var x = Tensor(shape: [2, 2, 7, 7])
        let order = Array(0..<x.count).shuffled(using: &rng)
        for i in x.data.indices { x.data[i] = Float(order[i]) * 0.1 - 5 }
        for o in [Pool2DOptions(size: 2), Pool2DOptions(size: 3, stride: 2), Pool2DOptions(size: 3, stride: 2, padding: 1)] {
            let (y, arg) = try MaxPool2D.forward(x, o)
            let r = randomTensor(y.shape, &rng)
            let dx = try MaxPool2D.backward(dy: r, argmax: arg, inputShape: x.shape)
            try assertGradient(x, dx, weights: r, eps: 1e-2, "max pool \(o)") { try MaxPool2D.forward($0, o).y }
            let ra = randomTensor(try AvgPool2D.forward(x, o).shape, &rng)
            let dxa = try AvgPool2D.backward(dy: ra, inputShape: x.shape, o)
            try assertGradient(x, dxa, weights: ra, "avg pool \(o)") { try AvgPool2D.forward($0, o) }
        }
    }

    func testActivations() throws {
        var rng = SplitMix64(seed: 13)
        var x = randomTensor([3, 7], &rng, scale: 3)
        for i in x.data.indices where abs(x.data[i]) < 0.05 { x.data[i] = 0.3 }  // keep kinks out of reach
        for act in Activation.allCases {
            let r = randomTensor(x.shape, &rng)
            let dx = try act.backward(x: x, dy: r)
            try assertGradient(x, dx, weights: r, eps: 1e-3, tolerance: 5e-3, "\(act)") { act.forward($0) }
        }
        let r = randomTensor(x.shape, &rng)
        let dAlpha = try Activation.preluAlphaGradient(x: x, dy: r)
        let alpha = try Tensor(shape: [1], data: [0.25])
        try assertGradient(alpha, try Tensor(shape: [1], data: [dAlpha]), weights: r, eps: 1e-2, "prelu alpha") {
            Activation.prelu.forward(x, alpha: $0.data[0])
        }
    }

    func testSoftmaxLogSoftmaxCrossEntropy() throws {
        var rng = SplitMix64(seed: 14)
        let x = randomTensor([3, 4, 2], &rng, scale: 2)
        for axis in [0, 1, -1] {
            let r = randomTensor(x.shape, &rng)
            let y = try softmax(x, axis: axis)
            try assertGradient(x, try softmaxBackward(y: y, dy: r, axis: axis), weights: r, eps: 1e-3, tolerance: 5e-3, "softmax axis \(axis)") {
                try softmax($0, axis: axis)
            }
            let ly = try logSoftmax(x, axis: axis)
            try assertGradient(x, try logSoftmaxBackward(y: ly, dy: r, axis: axis), weights: r, eps: 1e-3, tolerance: 5e-3, "logSoftmax axis \(axis)") {
                try logSoftmax($0, axis: axis)
            }
        }
        let logits = randomTensor([4, 5], &rng, scale: 3)
        let labels = [1, 0, 4, 4]
        let one = Tensor(scalar: 1)
        try assertGradient(logits, try crossEntropy(logits: logits, labels: labels).dLogits, weights: one, eps: 1e-3, tolerance: 5e-3, "cross-entropy") {
            Tensor(scalar: try crossEntropy(logits: $0, labels: labels).loss)
        }
    }

    func testLinear() throws {
        var rng = SplitMix64(seed: 15)
        let x = randomTensor([3, 5], &rng), w = randomTensor([4, 5], &rng), b = randomTensor([4], &rng)
        let r = randomTensor([3, 4], &rng)
        let g = try Linear.backward(x: x, w: w, dy: r)
        try assertGradient(x, g.dx, weights: r, "linear dx") { try Linear.forward(x: $0, w: w, b: b) }
        try assertGradient(w, g.dw, weights: r, "linear dw") { try Linear.forward(x: x, w: $0, b: b) }
        try assertGradient(b, g.db, weights: r, "linear db") { try Linear.forward(x: x, w: w, b: $0) }
        let ref = try Linear.naiveBackward(x: x, w: w, dy: r)
        XCTAssertLessThanOrEqual(g.dx.maxAbsDifference(ref.dx), 1e-5)
        XCTAssertLessThanOrEqual(g.dw.maxAbsDifference(ref.dw), 1e-5)
        XCTAssertLessThanOrEqual(try Linear.forward(x: x, w: w, b: b).maxAbsDifference(try Linear.naiveForward(x: x, w: w, b: b)), 1e-5)
    }

    func testLocalResponseNorm() throws {
        var rng = SplitMix64(seed: 16)
        let a = randomTensor([2, 6, 2, 2], &rng, scale: 3)
        for lrn in [LocalResponseNorm(), LocalResponseNorm(size: 3, alpha: 0.2, beta: 0.75, k: 1), LocalResponseNorm(size: 4, alpha: 0.1, beta: 0.5, k: 1)] {
            let r = randomTensor(a.shape, &rng)
            try assertGradient(a, try lrn.backward(a: a, dy: r), weights: r, eps: 1e-2, tolerance: 5e-3, "lrn \(lrn)") { try lrn.forward($0) }
        }
    }

    func testDropout() throws {
        var rng = SplitMix64(seed: 17)
        let x = randomTensor([4, 8], &rng)
        var drop = SplitMix64(seed: 99)
        let (_, mask) = try Dropout.forward(x, p: 0.5, rng: &drop)
        let r = randomTensor(x.shape, &rng)
        try assertGradient(x, try Dropout.backward(dy: r, mask: mask), weights: r, "dropout") {
            var same = SplitMix64(seed: 99)
            return try Dropout.forward($0, p: 0.5, rng: &same).y
        }
    }
}
