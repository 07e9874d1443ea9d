import Foundation
import Tensor

/// `op: lrn`: AlexNet's local response normalisation, b = a / (k + α Σ a²)^β, the sum over
/// the `size` neighbouring channels at the same position. One step per element.
enum LRNTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input")
        let x = try ex.kernel(at: "input") { try ImageLayout(input.tensor, what: "lrn input") }
        guard x.rank >= 3 || input.tensor.rank == 1 else {
            throw ex.error("input", "lrn: expected channels first, CxHxW, found shape \(Tensor.describe(input.tensor.shape))")
        }
        let lrn = LocalResponseNorm(size: try ex.fields.optionalInt("size") ?? 5, alpha: try ex.fields.optionalNumber("alpha") ?? 1e-4,
                                    beta: try ex.fields.optionalNumber("beta") ?? 0.75, k: try ex.fields.optionalNumber("k") ?? 2)
        try ex.ensureTraceable(x.nchw.count, min(max(lrn.size, 1), x.nchw.shape[1]), at: "size")
        let y = try ex.kernel(at: "size") { try lrn.forward(x.nchw) }
        let result = try y.reshaped(input.tensor.shape)
        let (n, c, h, w) = (x.nchw.shape[0], x.nchw.shape[1], x.nchw.shape[2], x.nchw.shape[3])
        var steps: [TraceStep] = []
        for b in 0..<n { for ch in 0..<c { for r in 0..<h { for q in 0..<w {
            let lo = max(0, ch - lrn.size / 2), hi = min(c - 1, ch + (lrn.size - 1) / 2)
            let refs = (lo...hi).map { CellRef("input", x.index(b, $0, r, q)) }
            let vals = (lo...hi).map { x.nchw.data[((b * c + $0) * h + r) * w + q] }
            let a = x.nchw.data[((b * c + ch) * h + r) * w + q]
            let squares = vals.map { $0 * $0 }.reduce(0, +)
            let cell = x.index(b, ch, r, q)
            let value = result.at(cell)
            let text = "\(Arith.n(a)) / (\(Arith.n(lrn.k)) + \(Arith.n(lrn.alpha))·(\(vals.map { "\(Arith.factor($0))²" }.joined(separator: " + "))))^\(Arith.n(lrn.beta)) = \(Arith.n(value))"
            steps.append(TraceStep(reads: refs, readValues: vals, emphasis: [CellRef("input", cell)], writes: [CellRef("output", cell)],
                                   sum: squares, result: value, arithmetic: text, description: "output\(Arith.index(cell)) = \(text)"))
        } } } }
        let tensors = [
            TraceTensor(name: "input", role: .input, shape: input.tensor.shape, values: input.tensor.data),
            TraceTensor(name: "output", role: .output, shape: result.shape, values: result.data),
        ]
        return ([NamedTensor("result", result)], Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: tensors, steps: steps,
                                                       formulas: ["b = a / (k + α Σ a²)^β, n = \(lrn.size), k = \(Arith.n(lrn.k)), α = \(Arith.n(lrn.alpha)), β = \(Arith.n(lrn.beta))"]))
    }
}
