import Foundation
import KernelCore
import Tensor

/// `op: argmax` with `axis`: one step per output element, comparing the values along the axis.
enum ArgmaxTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input")
        let x = input.tensor
        let axis = try ex.fields.optionalInt("axis") ?? 0
        let (indices, outShape) = try ex.kernel(at: "axis") { try argmax(x, axis: axis) }
        let result = try Tensor(shape: outShape, data: indices.map(Float.init))
        let ax = axis < 0 ? axis + x.rank : axis
        let core = VectorCore.argmax(input: CoreArray(x), axis: ax, largest: ex.phrases.largest, alongAxis: ex.phrases.alongAxis,
                                     argmaxFormula: ex.phrases.argmaxFormula)
        precondition(core.result.values == result.data, "argmax: KernelCore and the kernel disagree")
        return ([NamedTensor("result", result)], Trace(ex, core))
    }
}
