import Foundation
import Tensor

/// `op: softmax`: one step per term, showing the max-subtraction trick:
/// p_i = e^(x_i − m) / Σ_j e^(x_j − m), where m is the largest input.
enum SoftmaxTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input")
        let x = input.tensor
        let axis = try ex.fields.optionalInt("axis") ?? -1
        let y = try ex.kernel(at: "input") { try softmax(x, axis: axis) }
        let ax = axis < 0 ? axis + x.rank : axis
        let shape = x.shape, strides = x.strides
        var steps: [TraceStep] = []
        for start in 0..<x.count where ActivationTrace.unflatten(start, shape)[ax] == 0 {
            let lane = (0..<shape[ax]).map { start + $0 * strides[ax] }
            let xs = lane.map { x.data[$0] }
            let m = xs.max() ?? 0
            let exps = xs.map { Foundation.exp($0 - m) }
            let total = exps.reduce(0, +)
            let refs = lane.map { CellRef("input", ActivationTrace.unflatten($0, shape)) }
            for (k, flat) in lane.enumerated() {
                let index = ActivationTrace.unflatten(flat, shape)
                let text = "e^(\(Arith.n(xs[k])) − \(Arith.factor(m))) / Σ = \(Arith.n(exps[k])) / \(Arith.n(total)) = \(Arith.n(y.data[flat]))"
                steps.append(TraceStep(reads: refs, readValues: xs, emphasis: [CellRef("input", index)],
                                       writes: [CellRef("output", index)], sum: total, result: y.data[flat], arithmetic: text,
                                       description: "softmax output\(Arith.index(index)): \(TracePhrases.fill(ex.phrases.softmaxMax, ["m": Arith.n(m)])), \(text)"))
            }
        }
        let tensors = [
            TraceTensor(name: "input", role: .input, shape: shape, values: x.data),
            TraceTensor(name: "output", role: .output, shape: shape, values: y.data),
        ]
        return ([NamedTensor("result", y)], Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: tensors, steps: steps,
                                                  formulas: ["p_i = e^(x_i − m) / Σ_j e^(x_j − m),  m = max_j x_j"]))
    }
}
