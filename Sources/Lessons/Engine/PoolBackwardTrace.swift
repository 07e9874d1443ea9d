import Foundation
import Tensor

/// `op: maxpool-backward` / `avgpool-backward` (or `pool-backward` with `pool: max|avg`):
/// how the upstream gradient `grad` is routed back through pooling — all of it to the max of
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
        let windows = PoolTrace.windows(x, outShape4: yShape4, o, outLayout: ImageLayout(rank: x.rank))
        let steps = windows.enumerated().map { k, win -> TraceStep in
            let g = gradLit.tensor.data[k]
            let gRef = CellRef("dY", win.out)
            switch kind {
            case .max:
                let real = win.cells.filter { !$0.padding }
                let best = real.first { $0.value == real.map(\.value).max() }!
                let text = TracePhrases.fill(ex.phrases.maxRoutes, ["cell": "dY\(Arith.index(win.out))", "g": Arith.n(g), "max": Arith.n(best.value),
                                                                    "at": Arith.index(best.index)])
                return TraceStep(reads: [gRef], readValues: [g], emphasis: [CellRef("input", best.index)], writes: [CellRef("dX", best.index)],
                                 result: g, arithmetic: text, description: text)
            case .average:
                let share = g / Float(win.cells.count)
                let text = TracePhrases.fill(ex.phrases.averageShares, ["cell": "dY\(Arith.index(win.out))", "g": Arith.n(g), "n": "\(win.cells.count)",
                                                                        "share": Arith.n(share)])
                return TraceStep(reads: [gRef], readValues: [g], writes: win.cells.filter { !$0.padding }.map { CellRef("dX", $0.index) },
                                 result: share, arithmetic: text, description: text)
            }
        }
        let tensors = [
            TraceTensor(name: "input", role: .input, shape: input.tensor.shape, values: input.tensor.data, padding: [o.padding.0, o.padding.1]),
            TraceTensor(name: "dY", role: .gradient, shape: gradLit.tensor.shape, values: gradLit.tensor.data),
            TraceTensor(name: "dX", role: .output, shape: dX.shape, values: dX.data),
        ]
        return ([NamedTensor("dX", dX)], Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: tensors, steps: steps))
    }

    static func check(_ grad: Tensor2, _ yShape4: [Int], _ rank: Int, _ ex: Example) throws {
        let expected = Array(yShape4.suffix(rank))
        guard grad.tensor.shape == expected else {
            throw ex.error("grad", "grad: expected the shape of the pooled output, \(Tensor.describe(expected)), found \(Tensor.describe(grad.tensor.shape))")
        }
    }
}
