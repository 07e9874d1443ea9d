import Foundation
import Tensor

/// `op: concat`: an inception block's join. `branches` lists the branches' outputs
/// (`CxHxW` each, or `HxW` for one channel), which must agree on H and W; the result stacks
/// their channels in order, one step per output channel (which branch and channel it copies).
enum ConcatTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let node = try ex.fields.required("branches")
        guard let items = node.sequence, !items.isEmpty else {
            throw ex.error("branches", "concat: branches must be a list of tensors, one per branch")
        }
        let parts = try items.map { item -> Tensor in
            let t = try TensorLiteral.parse(item, key: "branches", file: ex.fields.file, lineOffset: ex.fields.lineOffset).tensor
            guard t.rank == 2 || t.rank == 3 else {
                throw LessonError(ex.fields.location(item), example: ex.id,
                                  "concat: each branch is HxW or CxHxW, found shape \(Tensor.describe(t.shape))")
            }
            return try t.reshaped(t.rank == 2 ? [1, 1] + t.shape : [1] + t.shape)
        }
        for (item, part) in zip(items, parts) where part.shape[2...] != parts[0].shape[2...] {
            throw LessonError(ex.fields.location(item), example: ex.id,
                              "concat: this branch is \(part.shape[2])x\(part.shape[3]) but the first is \(parts[0].shape[2])x\(parts[0].shape[3]); every branch must keep the same height and width")
        }
        try ex.ensureTraceable(parts.map(\.count).reduce(0, +), at: "branches")
        let joined = try ex.kernel(at: "branches") { try Concat.forward(parts) }
        let (c, h, w) = (joined.shape[1], joined.shape[2], joined.shape[3])
        let result = try joined.reshaped([c, h, w])
        var steps: [TraceStep] = []
        var offset = 0
        for (b, part) in parts.enumerated() {
            let name = "branch\(b + 1)"
            for ch in 0..<part.shape[1] {
                let cells = (0..<h).flatMap { r in (0..<w).map { q in [r, q] } }
                let values = cells.map { part.data[(ch * h + $0[0]) * w + $0[1]] }
                let text = "output[\(offset + ch)] = \(name)[\(ch)]: " + values.map(Arith.n).joined(separator: ", ")
                steps.append(TraceStep(reads: cells.map { CellRef(name, [ch] + $0) }, readValues: values,
                                       writes: cells.map { CellRef("output", [offset + ch] + $0) }, runningValues: values,
                                       result: values.last ?? 0, arithmetic: text, description: text))
            }
            offset += part.shape[1]
        }
        var tensors = parts.enumerated().map { b, part in
            TraceTensor(name: "branch\(b + 1)", role: .input, shape: Array(part.shape.dropFirst()), values: part.data)
        }
        tensors.append(TraceTensor(name: "output", role: .output, shape: [c, h, w], values: result.data))
        let counts = parts.map { String($0.shape[1]) }
        let formula = "C = \(counts.joined(separator: " + ")) = \(c) channels of \(h)x\(w)"
        return ([NamedTensor("result", result)], Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: tensors, steps: steps, formulas: [formula]))
    }
}
