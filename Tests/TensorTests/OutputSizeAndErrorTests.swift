import XCTest
import Tensor

/// Output sizes of the classic networks (seed 002) and the messages of every shape error.
final class OutputSizeAndErrorTests: XCTestCase {
    func testLeNet5Sizes() throws {
        let c1 = try convOutputSize(input: 32, kernel: 5)
        let s2 = try convOutputSize(input: c1, kernel: 2, stride: 2)
        let c3 = try convOutputSize(input: s2, kernel: 5)
        let s4 = try convOutputSize(input: c3, kernel: 2, stride: 2)
        let c5 = try convOutputSize(input: s4, kernel: 5)
        XCTAssertEqual([c1, s2, c3, s4, c5], [28, 14, 10, 5, 1])
        // MNIST's 28x28 with padding 2 gives LeNet's 28x28 C1 maps.
        XCTAssertEqual(try convOutputSize(input: 28, kernel: 5, padding: 2), 28)
    }

    func testAlexNetSizes() throws {
        let c1 = try convOutputSize(input: 227, kernel: 11, stride: 4)
        let s2 = try convOutputSize(input: c1, kernel: 3, stride: 2)
        let c3 = try convOutputSize(input: s2, kernel: 5, padding: try samePadding(kernel: 5))
        let s4 = try convOutputSize(input: c3, kernel: 3, stride: 2)
        let c5 = try convOutputSize(input: s4, kernel: 3, padding: 1)
        let s8 = try convOutputSize(input: c5, kernel: 3, stride: 2)
        XCTAssertEqual([c1, s2, c3, s4, c5, s8], [55, 27, 27, 13, 13, 6])
        // The table's 224x224 input does not give 55: ⌊(224 − 11)/4⌋ + 1 = 54.
        XCTAssertEqual(try convOutputSize(input: 224, kernel: 11, stride: 4), 54)
    }

    func testDilationAndSamePadding() throws {
        XCTAssertEqual(try convOutputSize(input: 7, kernel: 3, dilation: 2), 3)
        XCTAssertEqual(try samePadding(kernel: 3), 1)
        XCTAssertEqual(try samePadding(kernel: 3, dilation: 2), 2)
        XCTAssertEqual(try Conv2DOptions.same(kernelH: 5, kernelW: 3), Conv2DOptions(strideH: 1, strideW: 1, padH: 2, padW: 1))
        assertTensorError("samePadding: effective kernel 4 is even; no symmetric padding keeps the size") { try samePadding(kernel: 4) }
    }

    func testOutputSizeErrors() {
        assertTensorError("conv2d: kernel 5 does not fit input 3 with padding 0") { try convOutputSize(input: 3, kernel: 5) }
        assertTensorError("conv2d: stride must be at least 1, got 0") { try convOutputSize(input: 3, kernel: 1, stride: 0) }
        assertTensorError("conv2d: padding must not be negative, got -1") { try convOutputSize(input: 3, kernel: 1, padding: -1) }
    }

    func testConvErrors() throws {
        let x = Tensor(shape: [1, 1, 3, 3])
        assertTensorError("conv2d: kernel 5x5 does not fit input 3x3 with padding 0") {
            try Conv2D.forward(x, Tensor(shape: [1, 1, 5, 5]))
        }
        assertTensorError("conv2d: kernel 3x3 (dilation 2x2 spans 5x5) does not fit input 3x3 with padding 0") {
            try Conv2D.forward(x, Tensor(shape: [1, 1, 3, 3]), Conv2DOptions(dilation: 2))
        }
        assertTensorError("conv2d: stride must be at least 1, got 0x0") {
            try Conv2D.forward(x, Tensor(shape: [1, 1, 2, 2]), Conv2DOptions(stride: 0))
        }
        assertTensorError("conv2d: padding must not be negative, got -1x-1") {
            try Conv2D.forward(x, Tensor(shape: [1, 1, 2, 2]), Conv2DOptions(padding: -1))
        }
        assertTensorError("conv2d: input 1x1x3x3 has 1 channels but weights 4x3x2x2 expect 3") {
            try Conv2D.forward(x, Tensor(shape: [4, 3, 2, 2]))
        }
        assertTensorError("conv2d: bias 3 must have one value per filter (4)") {
            try Conv2D.forward(x, Tensor(shape: [4, 1, 2, 2]), bias: Tensor(shape: [3]))
        }
        assertTensorError("conv2d: input must be rank 4 [N, C, H, W], got 3x3") {
            try Conv2D.forward(Tensor(shape: [3, 3]), Tensor(shape: [1, 1, 2, 2]))
        }
        assertTensorError("conv2d.backward: output gradient 1x1x3x3 must match the output 1x1x2x2") {
            try Conv2D.backward(x: x, w: Tensor(shape: [1, 1, 2, 2]), dy: Tensor(shape: [1, 1, 3, 3]))
        }
    }

    func testOtherOpErrors() {
        let x = Tensor(shape: [1, 1, 3, 3])
        assertTensorError("maxpool2d: window 4x4 does not fit input 3x3 with padding 0") { try MaxPool2D.forward(x, Pool2DOptions(size: 4)) }
        assertTensorError("avgpool2d: stride must be at least 1, got 0x0") { try AvgPool2D.forward(x, Pool2DOptions(size: 2, stride: 0)) }
        assertTensorError("maxpool2d: padding 2x2 must be at most half the window 3x3") {
            try MaxPool2D.forward(x, Pool2DOptions(size: 3, padding: 2))
        }
        assertTensorError("linear: input 2x5 has 5 features but weights 3x4 expect 4") {
            try Linear.forward(x: Tensor(shape: [2, 5]), w: Tensor(shape: [3, 4]), b: Tensor(shape: [3]))
        }
        assertTensorError("crossEntropy: label 10 is outside 0..<10 for logits 2x10") {
            try crossEntropy(logits: Tensor(shape: [2, 10]), labels: [3, 10])
        }
        assertTensorError("argmax: axis 3 is out of range for shape 3x4x3") { try argmax(Tensor(shape: [3, 4, 3]), axis: 3) }
        assertTensorError("softmax: axis -3 is out of range for shape 2x2") { try softmax(Tensor(shape: [2, 2]), axis: -3) }
        var rng = SplitMix64(seed: 1)
        assertTensorError("dropout: probability must be in [0, 1), got 1.0") { try Dropout.forward(x, p: 1, rng: &rng) }
        assertTensorError("lrn: input must be rank 4 [N, C, H, W], got 3x3") { try LocalResponseNorm().forward(Tensor(shape: [3, 3])) }
        assertTensorError("im2col: input must be [C, H, W] or [H, W], got 3") { try im2col(Tensor(shape: [3]), kernelH: 1, kernelW: 1) }
    }
}
