import Foundation
import Tensor

/// `op: residual-add`: a residual block's join, y = F(x) + x cell by cell, optionally followed
/// by an activation (`activation: relu`, as ResNet applies after the addition). `input` is x,
/// `residual` is F(x), the block's layers' output; both have the same shape.
enum ResidualAddTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let x = try ex.fields.tensor("input").tensor
        let fx = try ex.fields.tensor("residual").tensor
        let act = try ActivationTrace.parse(ex, key: "activation")
        try ex.ensureTraceable(x.count, 2, at: "input")
        let sum = try ex.kernel(at: "residual") { try ResidualAdd.forward(fx, x) }
        let y = act.map { $0.forward(sum) } ?? sum
        let shape = x.rank == 0 ? [1] : x.shape
        let steps = (0..<x.count).map { i -> TraceStep in
            let index = ActivationTrace.unflatten(i, shape)
            var text = "\(Arith.n(fx.data[i])) + \(Arith.factor(x.data[i])) = \(Arith.n(sum.data[i]))"
            if let act { text += ", \(ActivationTrace.opName(act))(\(Arith.n(sum.data[i]))) = \(Arith.n(y.data[i]))" }
            return TraceStep(reads: [CellRef("residual", index), CellRef("input", index)], readValues: [fx.data[i], x.data[i]],
                             writes: [CellRef("output", index)], sum: sum.data[i], activation: act.map(ActivationTrace.opName),
                             result: y.data[i], arithmetic: text, description: "output\(Arith.index(index)) = F(x) + x: \(text)")
        }
        let tensors = [
            TraceTensor(name: "input", role: .input, shape: shape, values: x.data),
            TraceTensor(name: "residual", role: .input, shape: shape, values: fx.data),
            TraceTensor(name: "output", role: .output, shape: shape, values: y.data),
        ]
        let formula = act.map { "y = \(ActivationTrace.opName($0))(F(x) + x)" } ?? "y = F(x) + x"
        return ([NamedTensor("result", y)], Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: tensors, steps: steps, formulas: [formula]))
    }
}
