import Foundation
import Tensor

/// `op: global-avgpool`: each channel's whole map becomes its mean, one step per channel.
/// `input` is `HxW`, `CxHxW` or `NxCxHxW`; the result drops H and W (`C`, or `NxC`), as the
/// flattened output a classifier reads.
enum GlobalAvgPoolTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input")
        let x = try ex.kernel(at: "input") { try ImageLayout(input.tensor, what: "global-avgpool") }
        try ex.ensureTraceable(x.nchw.count, at: "input")
        let y = try ex.kernel(at: "input") { try GlobalAvgPool.forward(x.nchw) }
        let (n, c, h, w) = (x.nchw.shape[0], x.nchw.shape[1], x.nchw.shape[2], x.nchw.shape[3])
        let outShape = x.rank == 4 ? [n, c] : [c]
        let result = try y.reshaped(outShape)
        var steps: [TraceStep] = []
        for b in 0..<n {
            for ch in 0..<c {
                let cells = (0..<h).flatMap { r in (0..<w).map { q in (r, q) } }
                let refs = cells.map { CellRef("input", x.index(b, ch, $0.0, $0.1)) }
                let values = cells.map { x.nchw.data[((b * c + ch) * h + $0.0) * w + $0.1] }
                let out = x.rank == 4 ? [b, ch] : [ch]
                let value = y.data[b * c + ch]
                let text = "(\(Arith.sum(values))) / \(h * w) = \(Arith.n(value))"
                steps.append(TraceStep(reads: refs, readValues: values, writes: [CellRef("output", out)], sum: values.reduce(0, +),
                                       result: value, arithmetic: text, description: "output\(Arith.index(out)) = \(text)"))
            }
        }
        let tensors = [
            TraceTensor(name: "input", role: .input, shape: input.tensor.shape, values: input.tensor.data),
            TraceTensor(name: "output", role: .output, shape: outShape, values: result.data),
        ]
        return ([NamedTensor("result", result)], Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: tensors, steps: steps,
                                                       formulas: ["y[c] = (1 / (H·W)) Σ_h Σ_w x[c, h, w],  H·W = \(h)·\(w) = \(h * w)"]))
    }
}
