import Foundation
import KernelCore
import Tensor

/// `op: maxpool-backward` / `avgpool-backward` (or `pool-backward` with `pool: max|avg`):
/// how the upstream gradient `grad` is routed back through pooling (steps by `PoolBackwardCore`) — all of it to the max of
/// each window, or shared equally by the window's cells.
enum PoolBackwardTrace {
    static func runNamedKind(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        switch try ex.fields.string("pool") {
        case "max": return try run(ex, kind: .max)
        case "avg", "average": return try run(ex, kind: .average)
        case let other: throw ex.error("pool", "pool: expected max or avg, found \"\(other)\"")
        }
    }

    static func run(_ ex: Example, kind: PoolTrace.Kind) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input"), gradLit = try ex.fields.tensor("grad")
        let x = try ex.kernel(at: "input") { try ImageLayout(input.tensor, what: "\(ex.op) input") }
        let o = try PoolTrace.options(ex)
        let po = PoolTrace.poolOptions(o)
        try ex.ensureTraceable(x.nchw.count, o.size.0, o.size.1, at: "size")
        try PoolTrace.check(ex, x, o, max: kind == .max)
        let dx4: Tensor, yShape4: [Int]
        switch kind {
        case .max:
            let (y, arg) = try ex.kernel(at: "size") { try MaxPool2D.forward(x.nchw, po) }
            yShape4 = y.shape
            try check(gradLit, yShape4, x.rank, ex)
            dx4 = try ex.kernel(at: "grad") { try MaxPool2D.backward(dy: gradLit.tensor.reshaped(y.shape), argmax: arg, inputShape: x.nchw.shape) }
        case .average:
            let y = try ex.kernel(at: "size") { try AvgPool2D.forward(x.nchw, po) }
            yShape4 = y.shape
            try check(gradLit, yShape4, x.rank, ex)
            dx4 = try ex.kernel(at: "grad") { try AvgPool2D.backward(dy: gradLit.tensor.reshaped(y.shape), inputShape: x.nchw.shape, po) }
        }
        let dX = try dx4.reshaped(input.tensor.shape)
        // The numbers are the training kernel's; the steps are KernelCore's (the in-page engine's own).
        let core = PoolBackwardCore.run(input: CoreArray(input.tensor), grad: CoreArray(gradLit.tensor), isMax: kind == .max,
                                        PoolCore.Options(size: o.size, stride: o.stride, padding: o.padding),
                                        outSize: (yShape4[2], yShape4[3]),
                                        phrases: PoolBackwardCore.Phrases(ex.language),
                                        values: dx4.data)
        return ([NamedTensor("dX", dX)], Trace(ex, core))
    }

    static func check(_ grad: Tensor2, _ yShape4: [Int], _ rank: Int, _ ex: Example) throws {
        let expected = Array(yShape4.suffix(rank))
        guard grad.tensor.shape == expected else {
            throw ex.error("grad", "grad: expected the shape of the pooled output, \(Tensor.describe(expected)), found \(Tensor.describe(grad.tensor.shape))")
        }
    }
}
