import Foundation
import KernelCore
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
        let core = VectorCore.softmax(input: CoreArray(x), axis: ax, softmaxMax: ex.phrases.softmaxMax, values: y.data)
        return ([NamedTensor("result", y)], Trace(ex, core))
    }
}
