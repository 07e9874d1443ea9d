import Foundation
import KernelCore
import Tensor

/// `op: global-avgpool`: each channel's whole map becomes its mean, one step per channel.
/// `input` is `HxW`, `CxHxW` or `NxCxHxW`; the result drops H and W (`C`, or `NxC`), as the
/// flattened output a classifier reads. The means are the kernel's, the steps `BlockCore`'s.
enum GlobalAvgPoolTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input")
        let x = try ex.kernel(at: "input") { try ImageLayout(input.tensor, what: "global-avgpool") }
        try ex.ensureTraceable(x.nchw.count, at: "input")
        let y = try ex.kernel(at: "input") { try GlobalAvgPool.forward(x.nchw) }
        let outShape = x.rank == 4 ? [x.nchw.shape[0], x.nchw.shape[1]] : [x.nchw.shape[1]]
        let core = BlockCore.globalAvgPool(input: CoreArray(input.tensor), values: y.data)
        return ([NamedTensor("result", try y.reshaped(outShape))], Trace(ex, core))
    }
}
