/// `op: conv-matrix`: the dense matrix C of a single-channel convolution, one row per output
/// cell and one column per input cell (row-major), so that C·vec(X) = vec(Y) and Cᵀ·vec(Y) is
/// the transposed convolution. One step per row: which input cells that output cell reads,
/// with the kernel weights placed in the row, and with an image y[r] = C[r]·vec(X).
public enum ConvMatrixCore {
    /// The words of the steps and the formula, by their `trace.*` names.
    public enum Phrase: String, CaseIterable { case columnNumbers, matrixRow, matrixRowValues, matrixFormula }
    public typealias Phrases = CorePhrases<Phrase>

    /// The input cell (row, column) that tap (u, v) of output cell (i, j) reads, or nil in the padding.
    static func tap(_ i: Int, _ j: Int, _ u: Int, _ v: Int, h: Int, w: Int, _ o: Conv2DCore.Options) -> (Int, Int)? {
        let row = i * o.stride.0 - o.padding.0 + u * o.dilation.0, col = j * o.stride.1 - o.padding.1 + v * o.dilation.1
        guard row >= 0, row < h, col >= 0, col < w else { return nil }
        return (row, col)
    }

    /// C, [OH·OW, H·W] row-major, from plain loops (the host's `convolutionMatrix` places the same weights).
    public static func matrix(h: Int, w: Int, kernel k: CoreArray, _ o: Conv2DCore.Options, outSize: (Int, Int)) -> [Float] {
        let (oh, ow) = outSize
        var c = [Float](repeating: 0, count: oh * ow * h * w)
        for r in 0..<(oh * ow) {
            for u in 0..<k.shape[0] {
                for v in 0..<k.shape[1] {
                    guard let (row, col) = tap(r / ow, r % ow, u, v, h: h, w: w, o) else { continue }
                    c[r * h * w + row * w + col] = k.data[u * k.shape[1] + v]
                }
            }
        }
        return c
    }

    /// The steps and outputs (`C`, and `y` with an image). `c` and `y`: the host kernels' numbers
    /// (nil computes them here: C with `matrix`, y[r] as the row's sum of products, left to right).
    public static func run(image: CoreArray?, h: Int, w: Int, kernel k: CoreArray, _ o: Conv2DCore.Options, outSize: (Int, Int),
                           _ p: Phrases, c given: [Float]? = nil, y givenY: [Float]? = nil) -> CoreRun {
        let (oh, ow) = outSize
        let cols = h * w, rows = oh * ow
        let c = given ?? matrix(h: h, w: w, kernel: k, o, outSize: outSize)
        let inputName = image == nil ? p[.columnNumbers] : "input"
        var inputValues: [Float] = []
        if let image { inputValues = image.data } else { for i in 0..<cols { inputValues.append(Float(i)) } }
        var y: [Float]? = nil
        if image != nil {
            if let givenY { y = givenY } else {
                var out = [Float](repeating: 0, count: rows)
                for r in 0..<rows {
                    var s: Float = 0
                    for col in 0..<cols { s += c[r * cols + col] * inputValues[col] }
                    out[r] = s
                }
                y = out
            }
        }
        var steps: [CoreStep] = []
        for r in 0..<rows {
            let (i0, j0) = (r / ow, r % ow)
            var step = CoreStep()
            var columns: [String] = [], ws: [String] = []
            for u in 0..<k.shape[0] {
                for v in 0..<k.shape[1] {
                    guard let (row, col) = tap(i0, j0, u, v, h: h, w: w, o) else { continue }
                    let weight = k.data[u * k.shape[1] + v]
                    step.reads.append(CoreCell(inputName, [row, col]))
                    step.readValues.append(inputValues[row * w + col])
                    step.weights.append(CoreCell("kernel", [u, v]))
                    step.weightValues.append(weight)
                    step.emphasis.append(CoreCell("C", [r, row * w + col]))
                    columns.append(String(row * w + col))
                    ws.append(StepText.n(weight))
                }
            }
            var rowSum: Float = 0
            var rowValues: [String] = []
            for col in 0..<cols {
                rowSum += c[r * cols + col]
                rowValues.append(StepText.n(c[r * cols + col]))
            }
            var text = StepText.fill(p[.matrixRow], [("r", String(r)), ("cell", "output[\(i0),\(j0)]"), ("weights", StepText.joined(ws, ", ")),
                                                   ("columns", StepText.joined(columns, ", "))])
            for col in 0..<cols { step.writes.append(CoreCell("C", [r, col])) }
            if let y {
                text += "; y[\(r)] = \(StepText.products(step.weightValues, step.readValues)) = \(StepText.n(y[r]))"
                step.writes.append(CoreCell("y", [r, 0]))
                for (a, b) in zip(step.readValues, step.weightValues) { step.products.append(a * b) }
                step.sum = y[r]
            }
            step.result = y?[r] ?? rowSum
            step.arithmetic = text
            step.description = text + " " + StepText.fill(p[.matrixRowValues], [("r", String(r)), ("values", StepText.joined(rowValues, ", "))])
            steps.append(step)
        }
        let cTensor = CoreTensor("C", "output", [rows, cols], c)
        var tensors = [
            CoreTensor(inputName, "input", [h, w], inputValues, padding: [o.padding.0, o.padding.1]),
            CoreTensor("kernel", "parameter", k.shape, k.data),
            cTensor,
        ]
        var outputs = [cTensor]
        if let y {
            // y = C·vec(X) is drawn as the column it is, beside the rows of C.
            tensors.append(CoreTensor("y", "output", [rows, 1], y))
            outputs.append(CoreTensor("y", "output", [rows], y))
        }
        let formula = StepText.fill(p[.matrixFormula], [("rowsAt", "OH·OW = \(oh)·\(ow) = \(rows)"), ("colsAt", "H·W = \(h)·\(w) = \(cols)")])
        var run = CoreRun(result: cTensor, tensors: tensors, steps: steps, formulas: [formula])
        run.outputs = outputs
        return run
    }
}
