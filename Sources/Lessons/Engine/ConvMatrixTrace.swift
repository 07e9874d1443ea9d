import Foundation
import Tensor

/// `op: conv-matrix`: the dense matrix C of a single-channel convolution (`convolutionMatrix`
/// in the Tensor module), one row per output cell and one column per input cell (row-major),
/// so that C·vec(X) = vec(Y) and Cᵀ·vec(Y) is the transposed convolution. Traced one row at a
/// time: which input cells that output cell reads, with the kernel weights placed in the row.
///
/// Fields: `input` (an `HxW` image) or `input_shape` (`[H, W]` or one number), `kernel` (`KHxKW`),
/// `stride`, `padding`, `dilation`. Outputs: `C`, and with an image `y` = C·vec(X), computed by
/// the fully connected layer's GEMM.
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
        let shapeOnly = try ImageLayout(Tensor(shape: [h, w]), what: "conv-matrix input")
        let (oh, ow) = try ex.kernel(at: "kernel") { try shapeOnly.convOutput(op: "conv-matrix", kernelH: k.shape[0], kernelW: k.shape[1], o) }
        try ex.ensureTraceable(oh, ow, h, w, at: "kernel")
        let c = try ex.kernel(at: "kernel") { try convolutionMatrix(height: h, width: w, kernel: k, o) }
        var outputs = [NamedTensor("C", c)]
        var y: Tensor?
        if let x = image?.tensor {
            let product = try ex.kernel(at: "input") { try Linear.forward(x: x.reshaped([1, h * w]), w: c, b: Tensor(shape: [oh * ow])) }
            y = try product.reshaped([oh * ow])
            outputs.append(NamedTensor("y", y!))
        }

        let inputName = image == nil ? ex.phrases.columnNumbers : "input"
        let inputValues = image?.tensor.data ?? (0..<(h * w)).map(Float.init)
        let cols = h * w
        var steps: [TraceStep] = []
        for r in 0..<(oh * ow) {
            let (i0, j0) = (r / ow, r % ow)
            var reads: [CellRef] = [], xs: [Float] = [], weights: [CellRef] = [], ws: [Float] = [], placed: [CellRef] = []
            var columns: [Int] = []
            for u in 0..<k.shape[0] {
                for v in 0..<k.shape[1] {
                    let row = i0 * o.strideH - o.padH + u * o.dilationH, col = j0 * o.strideW - o.padW + v * o.dilationW
                    guard row >= 0, row < h, col >= 0, col < w else { continue }
                    reads.append(CellRef(inputName, [row, col]))
                    xs.append(inputValues[row * w + col])
                    weights.append(CellRef("kernel", [u, v]))
                    ws.append(k.data[u * k.shape[1] + v])
                    placed.append(CellRef("C", [r, row * w + col]))
                    columns.append(row * w + col)
                }
            }
            let rowValues = Array(c.data[(r * cols)..<((r + 1) * cols)])
            var text = TracePhrases.fill(ex.phrases.matrixRow, [
                "r": "\(r)", "cell": "output[\(i0),\(j0)]", "weights": ws.map(Arith.n).joined(separator: ", "),
                "columns": columns.map(String.init).joined(separator: ", "),
            ])
            var writes = (0..<cols).map { CellRef("C", [r, $0]) }
            if let y {
                text += "; y[\(r)] = \(Arith.products(ws, xs)) = \(Arith.n(y.data[r]))"
                writes.append(CellRef("y", [r, 0]))
            }
            steps.append(TraceStep(reads: reads, readValues: xs, weights: weights, weightValues: ws,
                                   products: y == nil ? [] : zip(xs, ws).map { $0 * $1 }, emphasis: placed, writes: writes,
                                   sum: y?.data[r], result: y?.data[r] ?? rowValues.reduce(0, +), arithmetic: text,
                                   description: text + " " + TracePhrases.fill(ex.phrases.matrixRowValues, ["r": "\(r)", "values": rowValues.map(Arith.n).joined(separator: ", ")])))
        }
        var tensors = [
            TraceTensor(name: inputName, role: .input, shape: [h, w], values: inputValues, padding: [pad.0, pad.1]),
            TraceTensor(name: "kernel", role: .parameter, shape: k.shape, values: k.data),
            TraceTensor(name: "C", role: .output, shape: c.shape, values: c.data),
        ]
        // y = C·vec(X) is drawn as the column it is, beside the rows of C.
        if let y { tensors.append(TraceTensor(name: "y", role: .output, shape: [y.count, 1], values: y.data)) }
        let formulas = [TracePhrases.fill(ex.phrases.matrixFormula, ["rowsAt": "OH·OW = \(oh)·\(ow) = \(oh * ow)", "colsAt": "H·W = \(h)·\(w) = \(cols)"])]
        return (outputs, Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: tensors, steps: steps, formulas: formulas))
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
