/// `op: im2col`: the windows of one image laid out as the rows of a matrix (the matrix the
/// training convolution multiplies by its kernels in one GEMM). One step per row.
public enum Im2colCore {
    /// The steps and the matrix for `input` (HxW or CxHxW, one image) and windows of `size`.
    /// `columns` is the host kernel's matrix (rows × C·KH·KW) when it built one; nil builds it
    /// here (WebAssembly). `row`: `{r}`, `{i}`, `{j}`, `{values}`; `formula`: `{rows}`, `{s}`,
    /// `{k}`, `{product}`.
    public static func run(input: CoreArray, size: (Int, Int), stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int),
                           outSize: (Int, Int), row: String, formula: String, columns: [Float]? = nil) -> CoreRun {
        let x = Geometry.nchw(input.shape)
        let (c, h, wd) = (x[1], x[2], x[3])
        let (kh, kw) = size
        let (oh, ow) = outSize
        let rows = oh * ow, k = c * kh * kw
        var cols = columns ?? []
        if columns == nil {
            cols.reserveCapacity(rows * k)
            for r in 0..<rows {
                let (i0, j0) = (r / ow, r % ow)
                for col in 0..<k {
                    let ch = col / (kh * kw), ki = (col / kw) % kh, kj = col % kw
                    let i = i0 * stride.0 - padding.0 + ki * dilation.0, j = j0 * stride.1 - padding.1 + kj * dilation.1
                    cols.append(i >= 0 && i < h && j >= 0 && j < wd ? input.data[(ch * h + i) * wd + j] : 0)
                }
            }
        }
        var steps: [CoreStep] = []
        steps.reserveCapacity(rows)
        for r in 0..<rows {
            let (i0, j0) = (r / ow, r % ow)
            var s = CoreStep()
            for col in 0..<k {
                let ch = col / (kh * kw), ki = (col / kw) % kh, kj = col % kw
                s.reads.append(CoreCell("input", CoreIndex.author(input.rank, 0, ch, i0 * stride.0 - padding.0 + ki * dilation.0,
                                                                   j0 * stride.1 - padding.1 + kj * dilation.1)))
                s.writes.append(CoreCell("cols", [r, col]))
            }
            let values = Array(cols[(r * k)..<((r + 1) * k)])
            s.readValues = values
            s.result = values.first ?? 0
            let text = StepText.fill(row, [("r", "\(r)"), ("i", "\(i0)"), ("j", "\(j0)"),
                                          ("values", StepText.joined(values.map { StepText.n($0) }, ", "))])
            s.arithmetic = text
            s.description = text
            steps.append(s)
        }
        let result = CoreTensor("cols", "output", [rows, k], cols)
        let tensors = [CoreTensor("input", "input", input.shape, input.data, padding: [padding.0, padding.1]), result]
        let formulas = [StepText.fill(formula, [("rows", "\(rows)"), ("s", rows == 1 ? "" : "s"), ("k", "\(k)"),
                                                ("product", "C·KH·KW = \(c)·\(kh)·\(kw)")])]
        return CoreRun(result: result, tensors: tensors, steps: steps, formulas: formulas)
    }
}
