import Foundation
import Tensor

/// `op: conv-transpose2d`: the transposed convolution ("deconvolution", upsampling), run through
/// the training kernel `ConvTranspose2D.forward` and traced one INPUT cell at a time: the cell's
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
        let (cin, cout, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
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
        let y = try ex.kernel(at: "kernel") { try ConvTranspose2D.forward(x.nchw, w, bias: bias, o) }
        let (oh, ow) = (y.shape[2], y.shape[3])
        let outShape = ImageLayout.authorShape(y.shape, keepBatch: x.rank == 4, keepChannels: kernelLit.tensor.rank == 4)
        let result = try y.reshaped(outShape)
        let outLayout = ImageLayout(rank: outShape.count)
        let c = o.conv

        // Which steps touch each output cell, so the last one can show the kernel's own sum.
        func targets(_ ih: Int, _ iw: Int) -> [(i: Int, j: Int, r: Int, q: Int)] {
            var t: [(Int, Int, Int, Int)] = []
            for i in 0..<kh {
                for j in 0..<kw {
                    let r = ih * c.strideH - c.padH + i * c.dilationH, q = iw * c.strideW - c.padW + j * c.dilationW
                    if r >= 0, r < oh, q >= 0, q < ow { t.append((i, j, r, q)) }
                }
            }
            return t
        }
        var remaining = [Int](repeating: 0, count: y.count)
        for b in 0..<n { for _ in 0..<cin { for ih in 0..<h { for iw in 0..<wd {
            for co in 0..<cout { for t in targets(ih, iw) { remaining[((b * cout + co) * oh + t.r) * ow + t.q] += 1 } }
        } } } }

        var total = [Float](repeating: 0, count: y.count)
        var steps: [TraceStep] = []
        for b in 0..<n { for ci in 0..<cin { for ih in 0..<h { for iw in 0..<wd {
            let xv = x.nchw.data[((b * cin + ci) * h + ih) * wd + iw]
            let xCell = x.index(b, ci, ih, iw)
            var weights: [CellRef] = [], ws: [Float] = [], writes: [CellRef] = [], running: [Float] = [], terms: [String] = []
            for co in 0..<cout {
                for t in targets(ih, iw) {
                    let wv = w.data[((ci * cout + co) * kh + t.i) * kw + t.j]
                    let flat = ((b * cout + co) * oh + t.r) * ow + t.q
                    let before = total[flat]
                    total[flat] += xv * wv
                    remaining[flat] -= 1
                    // The last addition shows the kernel's own sum (the order of additions may differ).
                    if remaining[flat] == 0 && bias == nil { total[flat] = y.data[flat] }
                    let outCell = outLayout.index(b, co, t.r, t.q)
                    weights.append(CellRef("kernel", kernelIndex(ci, co, t.i, t.j, rank: kernelLit.tensor.rank)))
                    ws.append(wv)
                    writes.append(CellRef("output", outCell))
                    running.append(total[flat])
                    terms.append("output\(Arith.index(outCell)): \(Arith.n(before)) + \(Arith.factor(xv))×\(Arith.factor(wv)) = \(Arith.n(total[flat]))")
                }
            }
            let head = TracePhrases.fill(ex.phrases.timesKernel, ["cell": "input\(Arith.index(xCell))", "v": Arith.n(xv)])
            let text = terms.isEmpty ? "\(head): \(ex.phrases.allInCroppedPadding)" : "\(head): " + terms.joined(separator: "; ")
            steps.append(TraceStep(reads: [CellRef("input", xCell)], readValues: [xv], weights: weights, weightValues: ws,
                                   products: ws.map { $0 * xv }, writes: writes, runningValues: running, result: xv,
                                   arithmetic: text, description: text))
        } } } }
        if let bias {
            for co in 0..<cout {
                let writes = (0..<n).flatMap { b in (0..<oh).flatMap { r in (0..<ow).map { q in CellRef("output", outLayout.index(b, co, r, q)) } } }
                let channel = cout > 1 ? TracePhrases.fill(ex.phrases.ofChannel, ["c": "\(co)"]) : ""
                let text = TracePhrases.fill(ex.phrases.everyOutputGetsBias, ["channel": channel, "b": Arith.factor(bias.data[co])])
                let finals = writes.map { result.at($0.index) }
                steps.append(TraceStep(writes: writes, runningValues: finals, bias: bias.data[co], result: bias.data[co],
                                       arithmetic: text, description: text))
            }
        }
        let formulas = [
            formula("OH", input: h, stride: c.strideH, padding: c.padH, dilation: c.dilationH, kernel: kh, outputPadding: o.outputPaddingH, output: oh),
            formula("OW", input: wd, stride: c.strideW, padding: c.padW, dilation: c.dilationW, kernel: kw, outputPadding: o.outputPaddingW, output: ow),
        ]
        var tensors = [
            TraceTensor(name: "input", role: .input, shape: input.tensor.shape, values: input.tensor.data),
            TraceTensor(name: "kernel", role: .parameter, shape: kernelLit.tensor.shape, values: kernelLit.tensor.data),
        ]
        if let b = bias { tensors.append(TraceTensor(name: "bias", role: .parameter, shape: [b.count], values: b.data)) }
        tensors.append(TraceTensor(name: "output", role: .output, shape: outShape, values: result.data))
        return ([NamedTensor("result", result)], Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: tensors, steps: steps, formulas: formulas))
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

    /// The author's index of kernel cell (ci, co, i, j).
    static func kernelIndex(_ ci: Int, _ co: Int, _ i: Int, _ j: Int, rank: Int) -> [Int] {
        switch rank {
        case 2: return [i, j]
        case 3: return [ci, i, j]
        default: return [ci, co, i, j]
        }
    }

    /// `OH = (I − 1)·S − 2P + D·(F − 1) + output_padding + 1`, with the numbers filled in.
    static func formula(_ name: String, input: Int, stride: Int, padding: Int, dilation: Int, kernel: Int,
                        outputPadding: Int, output: Int) -> String {
        "\(name) = (I − 1)·S − 2P + D·(F − 1) + output_padding + 1 = (\(input) − 1)·\(stride) − 2·\(padding) + "
            + "\(dilation)·(\(kernel) − 1) + \(outputPadding) + 1 = \(output)"
    }
}
