import Foundation
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
        let activation = try ActivationTrace.parse(ex, key: "activation")
        let alpha = try ex.fields.optionalNumber("alpha")
        let o = Conv2DOptions(strideH: stride.0, strideW: stride.1, padH: pad.0, padW: pad.1,
                              dilationH: dilation.0, dilationW: dilation.1)

        let (oh, ow) = try ex.kernel(at: "kernel") { try x.convOutput(op: "conv2d", kernelH: kh, kernelW: kw, o) }
        try ex.ensureTraceable(x.nchw.shape[0], filters, oh, ow, w.nchw.shape[1], kh, kw, at: "input")
        // The numbers the lesson shows come from the training kernel ...
        var y = try ex.kernel(at: "kernel") { try Conv2D.forward(x.nchw, w.nchw, bias: bias, o) }
        let preActivation = y
        if let act = activation { y = act.forward(y, alpha: alpha ?? act.defaultAlpha) }
        let keepF = w.rank == 4, keepN = x.rank == 4
        let outShape = ImageLayout.authorShape(y.shape, keepBatch: keepN, keepChannels: keepF)
        let result = try y.reshaped(outShape)

        // ... and the trace walks the same im2col rows the GEMM multiplied.
        let (n, c) = (y.shape[0], x.nchw.shape[1])
        var steps: [TraceStep] = []
        for img in 0..<n {
            let image = try Tensor.image(img, of: x.nchw)
            let cols = try ex.kernel(at: "input") { try im2col(image, kernelH: kh, kernelW: kw, o) }
            let k = cols.shape[1]
            for f in 0..<filters {
                for r in 0..<(oh * ow) {
                    let (i0, j0) = (r / ow, r % ow)
                    var reads: [CellRef] = [], weights: [CellRef] = []
                    var xs: [Float] = [], ws: [Float] = [], partial = [Float](repeating: 0, count: c)
                    for col in 0..<k {
                        let ch = col / (kh * kw), ki = (col / kw) % kh, kj = col % kw
                        let row = i0 * o.strideH - o.padH + ki * o.dilationH
                        let column = j0 * o.strideW - o.padW + kj * o.dilationW
                        reads.append(CellRef("input", x.index(img, ch, row, column)))
                        weights.append(CellRef("kernel", w.index(f, ch, ki, kj)))
                        let xv = cols.data[r * k + col], wv = w.nchw.data[f * k + col]
                        xs.append(xv)
                        ws.append(wv)
                        partial[ch] += xv * wv
                    }
                    let products = zip(xs, ws).map { $0 * $1 }
                    let sum = products.reduce(0, +)
                    let cell = ImageLayout(rank: outShape.count).index(img, f, i0, j0)
                    let value = result.at(cell)
                    let pre = preActivation.data[((img * filters + f) * oh + i0) * ow + j0]
                    steps.append(step(reads: reads, xs: xs, weights: weights, ws: ws, products: products,
                                      partial: c > 1 ? partial : [], sum: sum, bias: bias?.data[f], pre: pre,
                                      activation: activation, value: value, cell: cell, phrases: ex.phrases))
                }
            }
        }
        let formulas = [
            OutputSizeTrace.formula("OH", input: x.nchw.shape[2], kernel: kh, padding: o.padH, stride: o.strideH, dilation: o.dilationH, output: oh),
            OutputSizeTrace.formula("OW", input: x.nchw.shape[3], kernel: kw, padding: o.padW, stride: o.strideW, dilation: o.dilationW, output: ow),
        ]
        var tensors = [
            TraceTensor(name: "input", role: .input, shape: input.tensor.shape, values: input.tensor.data, padding: [o.padH, o.padW]),
            TraceTensor(name: "kernel", role: .parameter, shape: kernelLit.tensor.shape, values: kernelLit.tensor.data),
        ]
        if let b = bias { tensors.append(TraceTensor(name: "bias", role: .parameter, shape: [b.count], values: b.data)) }
        tensors.append(TraceTensor(name: "output", role: .output, shape: outShape, values: result.data))
        return ([NamedTensor("result", result)],
                Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: tensors, steps: steps, formulas: formulas))
    }

    static func biasVector(_ ex: Example, filters: Int) throws -> Tensor? {
        guard let b = try ex.fields.optionalTensor("bias") else { return nil }
        if b.tensor.rank == 0 { return Tensor(shape: [filters], repeating: b.tensor.data[0]) }
        guard b.tensor.rank == 1, b.tensor.count == filters else {
            throw ex.error("bias", "bias: expected one number, or one per filter (\(filters)), found shape \(Tensor.describe(b.tensor.shape))")
        }
        return b.tensor
    }

    static func step(reads: [CellRef], xs: [Float], weights: [CellRef], ws: [Float], products: [Float], partial: [Float],
                     sum: Float, bias: Float?, pre: Float, activation: Activation?, value: Float, cell: [Int],
                     phrases: TracePhrases) -> TraceStep {
        var text = "\(Arith.products(xs, ws)) = \(Arith.n(sum))"
        if let b = bias { text += ", \(Arith.n(sum)) + \(Arith.factor(b)) = \(Arith.n(pre))" }
        if let a = activation { text += ", \(ActivationTrace.opName(a))(\(Arith.n(pre))) = \(Arith.n(value))" }
        let windowAt = reads.first.map {
            TracePhrases.fill(phrases.windowAt, ["r": "\($0.index[$0.index.count - 2])", "c": "\($0.index[$0.index.count - 1])"])
        } ?? phrases.window
        let description = "output\(Arith.index(cell)) = \(Arith.n(value)): \(windowAt), \(text)"
        return TraceStep(reads: reads, readValues: xs, weights: weights, weightValues: ws, products: products,
                         partialSums: partial, writes: [CellRef("output", cell)], sum: sum, bias: bias,
                         activation: activation.map(ActivationTrace.opName), result: value, arithmetic: text,
                         description: description)
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
