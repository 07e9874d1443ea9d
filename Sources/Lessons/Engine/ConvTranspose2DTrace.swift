import Foundation
import KernelCore
import Tensor

/// `op: conv-transpose2d`: the transposed convolution ("deconvolution", upsampling), run through
/// the training kernel `ConvTranspose2D.forward` and traced (by `ConvTransposeCore`) one INPUT cell at a time: the cell's
/// value times the kernel is added into the output window it lands on, so overlapping windows
/// are summed. Running totals are shown in each step's arithmetic; a last step per output
/// channel adds the bias.
///
/// Kernel shapes: `KHxKW` (one channel in, one out), `CinxKHxKW` (one output channel), or
/// `CinxCoutxKHxKW` (PyTorch's layout for `ConvTranspose2d` weights).
enum ConvTranspose2DTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input")
        let kernelLit = try ex.fields.tensor("kernel")
        let x = try ex.kernel(at: "input") { try ImageLayout(input.tensor, what: "conv-transpose2d input") }
        let w = try ex.kernel(at: "kernel") { try transposeKernel(kernelLit.tensor) }
        let (cout, kh, kw) = (w.shape[1], w.shape[2], w.shape[3])
        let bias = try Conv2DTrace.biasVector(ex, filters: cout)
        let stride = try ex.fields.pair("stride", default: (1, 1))
        let pad = try ex.fields.pair("padding", default: (0, 0))
        let outPad = try ex.fields.pair("output_padding", default: (0, 0))
        let dilation = try ex.fields.pair("dilation", default: (1, 1))
        let o = ConvTranspose2DOptions(conv: Conv2DOptions(strideH: stride.0, strideW: stride.1, padH: pad.0, padW: pad.1,
                                                           dilationH: dilation.0, dilationW: dilation.1),
                                       outputPaddingH: outPad.0, outputPaddingW: outPad.1)
        let (n, h, wd) = (x.nchw.shape[0], x.nchw.shape[2], x.nchw.shape[3])
        try ex.ensureTraceable(n, x.nchw.shape[1], h, wd, cout, kh, kw, at: "input")
        // The output grows with the stride and dilation: count it before the kernel allocates it.
        let size = o.outputSize(input: (h, wd), kernel: (kh, kw)) ?? (Int.max, Int.max)
        try ex.ensureTraceable(n, cout, size.0, size.1, at: "stride")
        let coreOptions = ConvTransposeCore.Options(stride: stride, padding: pad, outputPadding: outPad, dilation: dilation)
        if let e = ConvTransposeCore.geometryError(x: x.nchw.shape, w: w.shape, coreOptions) { throw ex.error(e.field, e.message) }
        let y = try ex.kernel(at: "kernel") { try ConvTranspose2D.forward(x.nchw, w, bias: bias, o) }
        let outShape = ImageLayout.authorShape(y.shape, keepBatch: x.rank == 4, keepChannels: kernelLit.tensor.rank == 4)
        let result = try y.reshaped(outShape)
        // The numbers are the training kernel's; the steps and their running totals are
        // KernelCore's (the in-page engine's own loop).
        let core = ConvTransposeCore.run(
            input: CoreArray(input.tensor), kernel: CoreArray(kernelLit.tensor), bias: bias?.data,
            coreOptions, outSize: (y.shape[2], y.shape[3]),
            phrases: ConvTransposeCore.Phrases(ex.language),
            values: y.data)
        return ([NamedTensor("result", result)], Trace(ex, core))
    }

    /// The author's kernel as [Cin, Cout, KH, KW].
    static func transposeKernel(_ k: Tensor) throws -> Tensor {
        switch k.rank {
        case 2: return try k.reshaped([1, 1] + k.shape)
        case 3: return try k.reshaped([k.shape[0], 1, k.shape[1], k.shape[2]])
        case 4: return k
        default:
            throw TensorError(op: "conv-transpose2d kernel", "expected KHxKW, CinxKHxKW or CinxCoutxKHxKW, found shape \(Tensor.describe(k.shape))")
        }
    }
}
