import Foundation
import KernelCore
import Tensor

/// `op: conv2d-backward`: given the upstream gradient `grad` (dL/dY), the training kernel's
/// dX, dW and db, traced (by `Conv2DBackwardCore`) one cell at a time in "gather" form:
/// dX[c,h,w] = Σ dY[f,i,j]·W[f,c,h−iS+P,w−jS+P] over the windows that covered (h,w);
/// dW[f,c,u,v] = Σ dY[f,i,j]·X[c,iS−P+u,jS−P+v]; db[f] = Σ dY[f,i,j].
enum Conv2DBackwardTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input"), kernelLit = try ex.fields.tensor("kernel"), gradLit = try ex.fields.tensor("grad")
        let x = try ex.kernel(at: "input") { try ImageLayout(input.tensor, what: "conv2d-backward input") }
        let w = try ex.kernel(at: "kernel") { try ImageLayout(kernelLit.tensor, what: "conv2d-backward kernel") }
        let (kh, kw) = (w.nchw.shape[2], w.nchw.shape[3])
        let stride = try ex.fields.pair("stride", default: (1, 1))
        let dilation = try ex.fields.pair("dilation", default: (1, 1))
        let pad = try ex.padding(kernelH: kh, kernelW: kw, dilation: dilation)
        _ = ex.fields.node("bias")  // the bias does not change any gradient
        let o = Conv2DOptions(strideH: stride.0, strideW: stride.1, padH: pad.0, padW: pad.1, dilationH: dilation.0, dilationW: dilation.1)
        let (oh0, ow0) = try ex.convOutput(x.nchw.shape, op: "conv2d-backward", kernel: (kh, kw), o)
        try ex.ensureTraceable(3, x.nchw.count, w.nchw.shape[0], oh0, ow0, at: "input")
        let yShape4 = try ex.kernel(at: "kernel") { try Conv2D.forward(x.nchw, w.nchw, bias: nil, o).shape }
        let yAuthor = ImageLayout.authorShape(yShape4, keepBatch: x.rank == 4, keepChannels: w.rank == 4)
        guard gradLit.tensor.shape == yAuthor else {
            throw ex.error("grad", "grad: expected the shape of the output, \(Tensor.describe(yAuthor)), found \(Tensor.describe(gradLit.tensor.shape))")
        }
        let dy = try gradLit.tensor.reshaped(yShape4)
        let g = try ex.kernel(at: "grad") { try Conv2D.backward(x: x.nchw, w: w.nchw, dy: dy, o) }
        let dX = try g.dx.reshaped(input.tensor.shape), dW = try g.dw.reshaped(kernelLit.tensor.shape)
        let db = try g.db.reshaped([w.nchw.shape[0]])
        // The numbers are the training kernel's; the steps are KernelCore's (the in-page engine's own).
        let core = Conv2DBackwardCore.run(
            input: CoreArray(input.tensor), kernel: CoreArray(kernelLit.tensor), grad: CoreArray(gradLit.tensor),
            stride: stride, padding: pad, dilation: dilation, outSize: (yShape4[2], yShape4[3]),
            phrases: Conv2DBackwardCore.Phrases(ex.language),
            gradients: Conv2DBackwardCore.Gradients(dx: g.dx.data, dw: g.dw.data, db: g.db.data))
        return ([NamedTensor("dX", dX), NamedTensor("dW", dW), NamedTensor("db", db)], Trace(ex, core))
    }
}
