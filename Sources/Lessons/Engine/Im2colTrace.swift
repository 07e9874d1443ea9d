import Foundation
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
        let (oh, ow) = try ex.kernel(at: "size") { try x.convOutput(op: "im2col", kernelH: size.0, kernelW: size.1, o) }
        try ex.ensureTraceable(oh, ow, x.nchw.shape[1], size.0, size.1, at: "input")
        let cols = try ex.kernel(at: "size") { try im2col(image, kernelH: size.0, kernelW: size.1, o) }
        let (rows, k) = (cols.shape[0], cols.shape[1])
        let steps = (0..<rows).map { r -> TraceStep in
            let (i0, j0) = (r / ow, r % ow)
            var reads: [CellRef] = []
            for col in 0..<k {
                let ch = col / (size.0 * size.1), ki = (col / size.1) % size.0, kj = col % size.1
                reads.append(CellRef("input", x.index(0, ch, i0 * o.strideH - o.padH + ki * o.dilationH, j0 * o.strideW - o.padW + kj * o.dilationW)))
            }
            let values = Array(cols.data[(r * k)..<((r + 1) * k)])
            let text = TracePhrases.fill(ex.phrases.im2colRow, ["r": "\(r)", "i": "\(i0)", "j": "\(j0)", "values": values.map(Arith.n).joined(separator: ", ")])
            return TraceStep(reads: reads, readValues: values, writes: (0..<k).map { CellRef("cols", [r, $0]) },
                             result: values.first ?? 0, arithmetic: text, description: text)
        }
        let tensors = [
            TraceTensor(name: "input", role: .input, shape: input.tensor.shape, values: input.tensor.data, padding: [pad.0, pad.1]),
            TraceTensor(name: "cols", role: .output, shape: cols.shape, values: cols.data),
        ]
        let formulas = [TracePhrases.fill(ex.phrases.im2colFormula, ["rows": "\(rows)", "s": rows == 1 ? "" : "s", "k": "\(k)",
                                                                     "product": "C·KH·KW = \(x.nchw.shape[1])·\(size.0)·\(size.1)"])]
        return ([NamedTensor("result", cols)], Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: tensors, steps: steps, formulas: formulas))
    }
}
