import Foundation
import Tensor

/// `op: conv2d-backward`: given the upstream gradient `grad` (dL/dY), the training kernel's
/// dX, dW and db, traced one cell at a time in "gather" form:
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
        let (oh0, ow0) = try ex.kernel(at: "kernel") { try x.convOutput(op: "conv2d-backward", kernelH: kh, kernelW: kw, o) }
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
        let yLayout = ImageLayout(rank: yAuthor.count)
        let (n, c, h, wd) = (x.nchw.shape[0], x.nchw.shape[1], x.nchw.shape[2], x.nchw.shape[3])
        let (f, oh, ow) = (yShape4[1], yShape4[2], yShape4[3])
        func dyAt(_ b: Int, _ ff: Int, _ i: Int, _ j: Int) -> Float { dy.data[((b * f + ff) * oh + i) * ow + j] }
        func wAt(_ ff: Int, _ ch: Int, _ u: Int, _ v: Int) -> Float { w.nchw.data[((ff * c + ch) * kh + u) * kw + v] }
        func xAt(_ b: Int, _ ch: Int, _ r: Int, _ q: Int) -> Float { x.nchw.data[((b * c + ch) * h + r) * wd + q] }
        var steps: [TraceStep] = []

        // dX, one input cell at a time.
        for b in 0..<n { for ch in 0..<c { for r in 0..<h { for q in 0..<wd {
            var reads: [CellRef] = [], rv: [Float] = [], weights: [CellRef] = [], wv: [Float] = []
            for ff in 0..<f { for i in 0..<oh { for j in 0..<ow {
                let u = r - i * o.strideH + o.padH, v = q - j * o.strideW + o.padW
                guard u >= 0, v >= 0, u % o.dilationH == 0, v % o.dilationW == 0, u / o.dilationH < kh, v / o.dilationW < kw else { continue }
                reads.append(CellRef("dY", yLayout.index(b, ff, i, j))); rv.append(dyAt(b, ff, i, j))
                weights.append(CellRef("kernel", w.index(ff, ch, u / o.dilationH, v / o.dilationW))); wv.append(wAt(ff, ch, u / o.dilationH, v / o.dilationW))
            } } }
            let cell = x.index(b, ch, r, q)
            let value = dX.at(cell)
            let text = reads.isEmpty ? ex.phrases.noWindowCovers : "\(Arith.products(rv, wv)) = \(Arith.n(value))"
            steps.append(TraceStep(reads: reads, readValues: rv, weights: weights, weightValues: wv, products: zip(rv, wv).map { $0 * $1 },
                                   writes: [CellRef("dX", cell)], sum: value, result: value, arithmetic: "dX\(Arith.index(cell)) = \(text)",
                                   description: TracePhrases.fill(ex.phrases.dXGathers, ["cell": "dX\(Arith.index(cell))"]) + ": \(text)"))
        } } } }
        // dW, one kernel cell at a time.
        for ff in 0..<f { for ch in 0..<c { for u in 0..<kh { for v in 0..<kw {
            var reads: [CellRef] = [], rv: [Float] = [], weights: [CellRef] = [], wv: [Float] = []
            for b in 0..<n { for i in 0..<oh { for j in 0..<ow {
                let r = i * o.strideH - o.padH + u * o.dilationH, q = j * o.strideW - o.padW + v * o.dilationW
                reads.append(CellRef("input", x.index(b, ch, r, q)))
                rv.append(r >= 0 && r < h && q >= 0 && q < wd ? xAt(b, ch, r, q) : 0)
                weights.append(CellRef("dY", yLayout.index(b, ff, i, j))); wv.append(dyAt(b, ff, i, j))
            } } }
            let cell = w.index(ff, ch, u, v)
            let value = dW.at(cell)
            let text = "\(Arith.products(wv, rv)) = \(Arith.n(value))"
            steps.append(TraceStep(reads: reads, readValues: rv, weights: weights, weightValues: wv, products: zip(rv, wv).map { $0 * $1 },
                                   writes: [CellRef("dW", cell)], sum: value, result: value, arithmetic: "dW\(Arith.index(cell)) = \(text)",
                                   description: TracePhrases.fill(ex.phrases.dWSums, ["cell": "dW\(Arith.index(cell))"]) + ": \(text)"))
        } } } }
        // db, one filter at a time.
        for ff in 0..<f {
            var reads: [CellRef] = [], rv: [Float] = []
            for b in 0..<n { for i in 0..<oh { for j in 0..<ow { reads.append(CellRef("dY", yLayout.index(b, ff, i, j))); rv.append(dyAt(b, ff, i, j)) } } }
            let text = "db[\(ff)] = \(Arith.sum(rv)) = \(Arith.n(db.data[ff]))"
            steps.append(TraceStep(reads: reads, readValues: rv, writes: [CellRef("db", [ff])], sum: db.data[ff], result: db.data[ff],
                                   arithmetic: text, description: "\(ex.phrases.biasGradient): \(text)"))
        }
        let tensors = [
            TraceTensor(name: "input", role: .input, shape: input.tensor.shape, values: input.tensor.data, padding: [pad.0, pad.1]),
            TraceTensor(name: "kernel", role: .parameter, shape: kernelLit.tensor.shape, values: kernelLit.tensor.data),
            TraceTensor(name: "dY", role: .gradient, shape: yAuthor, values: gradLit.tensor.data),
            TraceTensor(name: "dX", role: .output, shape: dX.shape, values: dX.data),
            TraceTensor(name: "dW", role: .output, shape: dW.shape, values: dW.data),
            TraceTensor(name: "db", role: .output, shape: db.shape, values: db.data),
        ]
        return ([NamedTensor("dX", dX), NamedTensor("dW", dW), NamedTensor("db", db)],
                Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: tensors, steps: steps))
    }
}
