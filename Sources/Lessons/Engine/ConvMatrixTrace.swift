import Foundation
import KernelCore
import Tensor

/// `op: conv-matrix`: the dense matrix C of a single-channel convolution (`convolutionMatrix`
/// in the Tensor module), one row per output cell and one column per input cell (row-major),
/// so that C·vec(X) = vec(Y) and Cᵀ·vec(Y) is the transposed convolution. Traced one row at a
/// time: which input cells that output cell reads, with the kernel weights placed in the row.
///
/// Fields: `input` (an `HxW` image) or `input_shape` (`[H, W]` or one number), `kernel` (`KHxKW`),
/// `stride`, `padding`, `dilation`. Outputs: `C`, and with an image `y` = C·vec(X), computed by
/// the fully connected layer's GEMM. The steps are recorded by `ConvMatrixCore`.
enum ConvMatrixTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let image = try ex.fields.optionalTensor("input")
        let (h, w) = try size(ex, image: image?.tensor)
        let kernelLit = try ex.fields.tensor("kernel")
        let k = kernelLit.tensor
        guard k.rank == 2 else {
            throw ex.error("kernel", "conv-matrix: expected one 2-D kernel KHxKW, found shape \(Tensor.describe(k.shape))")
        }
        let stride = try ex.fields.pair("stride", default: (1, 1))
        let dilation = try ex.fields.pair("dilation", default: (1, 1))
        let pad = try ex.padding(kernelH: k.shape[0], kernelW: k.shape[1], dilation: dilation)
        let o = Conv2DOptions(strideH: stride.0, strideW: stride.1, padH: pad.0, padW: pad.1, dilationH: dilation.0, dilationW: dilation.1)
        let (oh, ow) = try ex.convOutput([1, 1, h, w], op: "conv-matrix", kernel: (k.shape[0], k.shape[1]), o)
        try ex.ensureTraceable(oh, ow, h, w, at: "kernel")
        let c = try ex.kernel(at: "kernel") { try convolutionMatrix(height: h, width: w, kernel: k, o) }
        var outputs = [NamedTensor("C", c)]
        var y: Tensor?
        if let x = image?.tensor {
            let product = try ex.kernel(at: "input") { try Linear.forward(x: x.reshaped([1, h * w]), w: c, b: Tensor(shape: [oh * ow])) }
            y = try product.reshaped([oh * ow])
            outputs.append(NamedTensor("y", y!))
        }

        // The numbers are the kernels' (convolutionMatrix, the linear layer's GEMM); the steps are
        // KernelCore's, the in-page engine's own.
        let words = ConvMatrixCore.Phrases(ex.language)
        let options = Conv2DCore.Options(stride: stride, padding: pad, dilation: dilation, activation: nil, alpha: 0)
        let core = ConvMatrixCore.run(image: image.map { CoreArray($0.tensor) }, h: h, w: w, kernel: CoreArray(k), options, outSize: (oh, ow),
                                      words, c: c.data, y: y?.data)
        return (outputs, Trace(ex, core))
    }

    /// The image's height and width, from `input` or from `input_shape` (not both).
    static func size(_ ex: Example, image: Tensor?) throws -> (Int, Int) {
        if let image {
            guard !ex.fields.has("input_shape") else {
                throw ex.error("input_shape", "conv-matrix: give either an input image or input_shape, not both")
            }
            guard image.rank == 2 else {
                throw ex.error("input", "conv-matrix: expected one 2-D image HxW, found shape \(Tensor.describe(image.shape))")
            }
            return (image.shape[0], image.shape[1])
        }
        guard ex.fields.has("input_shape") else {
            throw ex.error("input", "conv-matrix: missing field `input` (an HxW image) or `input_shape` ([H, W])")
        }
        let (h, w) = try ex.fields.pair("input_shape", default: (1, 1))
        guard h >= 1, w >= 1 else { throw ex.error("input_shape", "conv-matrix: input_shape must be at least 1x1, found \(h)x\(w)") }
        return (h, w)
    }
}
