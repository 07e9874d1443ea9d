import Foundation
import KernelCore
import Tensor

/// `op: lrn`: AlexNet's local response normalisation, b = a / (k + α Σ a²)^β, the sum over
/// the `size` neighbouring channels at the same position. One step per element, recorded by
/// `LRNCore` (the in-page engine's code) with the training kernel's numbers.
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
        // The numbers are the training kernel's; the steps are KernelCore's (the in-page engine's own).
        let core = LRNCore.run(input: CoreArray(input.tensor), LRNCore.Options(size: lrn.size, alpha: lrn.alpha, beta: lrn.beta, k: lrn.k),
                               values: y.data)
        return ([NamedTensor("result", result)], Trace(ex, core))
    }
}
