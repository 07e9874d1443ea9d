import Foundation
import KernelCore
import Tensor

/// `op: linear` (a fully connected layer): y = W·x + b, one step per output, optionally
/// followed by an activation.
enum LinearTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input")
        let weight = try ex.fields.tensor("weight")
        let batched = input.tensor.rank == 2
        guard input.tensor.rank == 1 || batched else {
            throw ex.error("input", "linear: expected a vector or a batch of vectors (NxIn), found shape \(Tensor.describe(input.tensor.shape))")
        }
        guard weight.tensor.rank == 2 else {
            throw ex.error("weight", "linear: expected a weight matrix OutxIn, found shape \(Tensor.describe(weight.tensor.shape))")
        }
        let out = weight.tensor.shape[0]
        try ex.ensureTraceable(out, input.tensor.count, at: "weight")
        let x = try input.tensor.reshaped(batched ? input.tensor.shape : [1, input.tensor.count])
        let b = try Conv2DTrace.biasVector(ex, filters: out) ?? Tensor(shape: [out])
        let activation = try ActivationTrace.parse(ex, key: "activation", among: ActivationTrace.inCore)
        let alpha = try ex.fields.optionalNumber("alpha") ?? activation?.defaultAlpha ?? 0
        let pre = try ex.kernel(at: "weight") { try Linear.forward(x: x, w: weight.tensor, b: b) }
        let y = activation.map { $0.forward(pre, alpha: alpha) } ?? pre
        let result = try y.reshaped(batched ? y.shape : [out])
        let core = VectorCore.linear(input: CoreArray(input.tensor), weight: CoreArray(weight.tensor), bias: b.data,
                                     activation: activation?.core, alpha: alpha,
                                     linearParameters: ex.phrases.linearParameters, preActivation: pre.data, values: y.data)
        return ([NamedTensor("result", result)], Trace(ex, core))
    }
}
