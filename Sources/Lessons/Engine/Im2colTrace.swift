import Foundation
import KernelCore
import Tensor

/// `op: im2col`: the windows of the input laid out as the rows of a matrix — the matrix the
/// training convolution multiplies by its kernels in one GEMM. One step per row.
enum Im2colTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input")
        let x = try ex.kernel(at: "input") { try ImageLayout(input.tensor, what: "im2col input") }
        guard x.nchw.shape[0] == 1 else { throw ex.error("input", "im2col: expected one image (HxW or CxHxW), found shape \(Tensor.describe(input.tensor.shape))") }
        let size = try ex.fields.pair("size", default: (2, 2))
        let stride = try ex.fields.pair("stride", default: (1, 1))
        let dilation = try ex.fields.pair("dilation", default: (1, 1))
        let pad = try ex.padding(kernelH: size.0, kernelW: size.1, dilation: dilation)
        let o = Conv2DOptions(strideH: stride.0, strideW: stride.1, padH: pad.0, padW: pad.1, dilationH: dilation.0, dilationW: dilation.1)
        let image = try Tensor.image(0, of: x.nchw)
        let (oh, ow) = try ex.convOutput(x.nchw.shape, op: "im2col", kernel: size, o, key: "size")
        try ex.ensureTraceable(oh, ow, x.nchw.shape[1], size.0, size.1, at: "input")
        let cols = try ex.kernel(at: "size") { try im2col(image, kernelH: size.0, kernelW: size.1, o) }
        // The matrix is the training kernel's; the steps are KernelCore's (the in-page engine's own).
        let core = Im2colCore.run(input: CoreArray(input.tensor), size: size, stride: stride, padding: pad, dilation: dilation,
                                  outSize: (oh, ow), row: ex.phrases.im2colRow, formula: ex.phrases.im2colFormula, columns: cols.data)
        return ([NamedTensor("result", cols)], Trace(ex, core))
    }
}
