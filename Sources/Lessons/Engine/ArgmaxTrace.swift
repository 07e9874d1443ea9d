import Foundation
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
        let strides = x.strides
        var steps: [TraceStep] = []
        var outIndex = 0
        for start in 0..<x.count where ActivationTrace.unflatten(start, x.shape)[ax] == 0 {
            let lane = (0..<x.shape[ax]).map { start + $0 * strides[ax] }
            let refs = lane.map { CellRef("input", ActivationTrace.unflatten($0, x.shape)) }
            let xs = lane.map { x.data[$0] }
            let winner = indices[outIndex]
            let outCell = ActivationTrace.unflatten(outIndex, outShape.isEmpty ? [1] : outShape)
            let largest = TracePhrases.fill(ex.phrases.largest, ["v": Arith.n(xs[winner])])
            let text = "argmax(\(xs.map(Arith.n).joined(separator: ", "))) = \(winner)  \(largest)"
            steps.append(TraceStep(reads: refs, readValues: xs, emphasis: [refs[winner]], writes: [CellRef("output", outCell)],
                                   result: Float(winner), arithmetic: text,
                                   description: "output\(Arith.index(outCell)): \(TracePhrases.fill(ex.phrases.alongAxis, ["axis": "\(ax)"])), \(text)"))
            outIndex += 1
        }
        let tensors = [
            TraceTensor(name: "input", role: .input, shape: x.shape, values: x.data),
            TraceTensor(name: "output", role: .output, shape: outShape.isEmpty ? [1] : outShape, values: result.data),
        ]
        return ([NamedTensor("result", result)], Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: tensors, steps: steps,
                                                       formulas: [TracePhrases.fill(ex.phrases.argmaxFormula, ["axis": "\(ax)", "shape": Tensor.describe(x.shape),
                                                                                                   "result": Tensor.describe(outShape)])]))
    }
}
