import Foundation
import KernelCore
import Tensor

/// `op: conv2d`: runs the input through the training convolution (im2col + GEMM) and traces
/// it one output cell at a time. Each step is one row of the im2col matrix: the window the
/// kernel sees, multiplied by the kernel and summed.
enum Conv2DTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input")
        let kernelLit = try ex.fields.tensor("kernel")
        let x = try ex.kernel(at: "input") { try ImageLayout(input.tensor, what: "conv2d input") }
        let w = try ex.kernel(at: "kernel") { try ImageLayout(kernelLit.tensor, what: "conv2d kernel") }
        let filters = w.nchw.shape[0], kh = w.nchw.shape[2], kw = w.nchw.shape[3]
        let bias = try biasVector(ex, filters: filters)
        let stride = try ex.fields.pair("stride", default: (1, 1))
        let dilation = try ex.fields.pair("dilation", default: (1, 1))
        let pad = try ex.padding(kernelH: kh, kernelW: kw, dilation: dilation)
        let activation = try ActivationTrace.parse(ex, key: "activation", among: ActivationTrace.inCore)
        let alpha = try ex.fields.optionalNumber("alpha")
        let o = Conv2DOptions(strideH: stride.0, strideW: stride.1, padH: pad.0, padW: pad.1,
                              dilationH: dilation.0, dilationW: dilation.1)

        let (oh, ow) = try ex.convOutput(x.nchw.shape, op: "conv2d", kernel: (kh, kw), o)
        try ex.ensureTraceable(x.nchw.shape[0], filters, oh, ow, w.nchw.shape[1], kh, kw, at: "input")
        // The numbers the lesson shows come from the training kernel ...
        var y = try ex.kernel(at: "kernel") { try Conv2D.forward(x.nchw, w.nchw, bias: bias, o) }
        let preActivation = y
        if let act = activation { y = act.forward(y, alpha: alpha ?? act.defaultAlpha) }
        let keepF = w.rank == 4, keepN = x.rank == 4
        let outShape = ImageLayout.authorShape(y.shape, keepBatch: keepN, keepChannels: keepF)
        let result = try y.reshaped(outShape)

        // ... and the trace walks the im2col rows the GEMM multiplied, with KernelCore's loop
        // (the in-page engine's own), the kernel's sums passed in.
        let core = Conv2DCore.run(
            input: CoreArray(input.tensor), kernel: CoreArray(kernelLit.tensor), bias: bias?.data,
            Conv2DCore.Options(stride: stride, padding: pad, dilation: dilation, activation: activation?.core,
                               alpha: alpha ?? activation?.defaultAlpha ?? 0),
            outSize: (oh, ow), windowAt: ex.phrases.windowAt, window: ex.phrases.window,
            preActivation: preActivation.data, values: result.data)
        return ([NamedTensor("result", result)], Trace(ex, core))
    }

    static func biasVector(_ ex: Example, filters: Int) throws -> Tensor? {
        guard let b = try ex.fields.optionalTensor("bias") else { return nil }
        if b.tensor.rank == 0 { return Tensor(shape: [filters], repeating: b.tensor.data[0]) }
        guard b.tensor.rank == 1, b.tensor.count == filters else {
            throw ex.error("bias", "bias: expected one number, or one per filter (\(filters)), found shape \(Tensor.describe(b.tensor.shape))")
        }
        return b.tensor
    }
}

extension ImageLayout {
    /// A layout for indices only (the output's author rank).
    init(rank: Int) {
        self.rank = rank
        self.nchw = Tensor(shape: [1, 1, 1, 1])
    }
}

extension Tensor {
    /// Image `i` of an NCHW batch, as CxHxW.
    static func image(_ i: Int, of batch: Tensor) throws -> Tensor {
        let per = batch.count / batch.shape[0]
        return try Tensor(shape: Array(batch.shape[1...]), data: Array(batch.data[(i * per)..<((i + 1) * per)]))
    }
}
