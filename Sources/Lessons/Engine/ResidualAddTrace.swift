import Foundation
import KernelCore
import Tensor

/// `op: residual-add`: a residual block's join, y = F(x) + x cell by cell, optionally followed
/// by an activation (`activation: relu`, as ResNet applies after the addition). `input` is x,
/// `residual` is F(x), the block's layers' output; both have the same shape. The numbers are
/// the training kernel's, the steps `BlockCore`'s (the in-page engine's own).
enum ResidualAddTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let x = try ex.fields.tensor("input").tensor
        let fx = try ex.fields.tensor("residual").tensor
        let act = try ActivationTrace.parse(ex, key: "activation")
        try ex.ensureTraceable(x.count, 2, at: "input")
        let sum = try ex.kernel(at: "residual") { try ResidualAdd.forward(fx, x) }
        let y = act.map { $0.forward(sum) } ?? sum
        let core = BlockCore.residualAdd(input: CoreArray(x), residual: CoreArray(fx), activation: act?.core,
                                         activationName: act.map(ActivationTrace.opName), values: y.data)
        return ([NamedTensor("result", y)], Trace(ex, core))
    }
}
