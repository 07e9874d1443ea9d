import Foundation
import KernelCore
import Tensor

/// `op: concat`: an inception block's join. `branches` lists the branches' outputs
/// (`CxHxW` each, or `HxW` for one channel), which must agree on H and W; the result stacks
/// their channels in order, one step per output channel (which branch and channel it copies),
/// traced by `BlockCore` (the in-page engine's code) from the kernel's checks.
enum ConcatTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let node = try ex.fields.required("branches")
        guard let items = node.sequence, !items.isEmpty else {
            throw ex.error("branches", "concat: branches must be a list of tensors, one per branch")
        }
        let parts = try items.map { item -> Tensor in
            let t = try TensorLiteral.parse(item, key: "branches", file: ex.fields.file, lineOffset: ex.fields.lineOffset).tensor
            if let e = BlockCore.branch(CoreArray(t)).error { throw LessonError(ex.fields.location(item), example: ex.id, e) }
            return try t.reshaped(t.rank == 2 ? [1, 1] + t.shape : [1] + t.shape)
        }
        for (item, part) in zip(items, parts) {
            if let e = BlockCore.branchSizeError(Array(part.shape.dropFirst()), first: Array(parts[0].shape.dropFirst())) {
                throw LessonError(ex.fields.location(item), example: ex.id, e)
            }
        }
        try ex.ensureTraceable(parts.map(\.count).reduce(0, +), at: "branches")
        let joined = try ex.kernel(at: "branches") { try Concat.forward(parts) }
        let core = BlockCore.concat(parts.map { CoreArray(Array($0.shape.dropFirst()), $0.data) })
        return ([NamedTensor("result", try joined.reshaped(Array(joined.shape.dropFirst())))], Trace(ex, core))
    }
}
