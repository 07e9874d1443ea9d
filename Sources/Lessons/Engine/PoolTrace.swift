import Foundation
import KernelCore
import Tensor

/// `op: maxpool` and `op: avgpool`: one step per window, the max marked or the mean written out.
enum PoolTrace {
    enum Kind { case max, average }

    struct Window {
        var cells: [(index: [Int], value: Float, padding: Bool)]
        var out: [Int]
    }

    /// Reads `size`, `stride` (default: size) and `padding`, square or `[rows, columns]`.
    static func options(_ ex: Example) throws -> (size: (Int, Int), stride: (Int, Int), padding: (Int, Int)) {
        let size = try ex.fields.pair("size", default: (2, 2))
        return (size, try ex.fields.pair("stride", default: size), try ex.fields.pair("padding", default: (0, 0)))
    }

    /// KernelCore's check of the options against the input (the in-page engine's, in the
    /// training kernel's order and words), the error at the field at fault.
    static func check(_ ex: Example, _ x: ImageLayout, _ o: (size: (Int, Int), stride: (Int, Int), padding: (Int, Int)), max: Bool) throws {
        let out = PoolCore.outputSize(op: max ? "maxpool2d" : "avgpool2d", x.nchw.shape,
                                      PoolCore.Options(size: o.size, stride: o.stride, padding: o.padding))
        if let e = out.error { throw ex.error(out.field, e) }
    }

    static func poolOptions(_ o: (size: (Int, Int), stride: (Int, Int), padding: (Int, Int))) -> Pool2DOptions {
        Pool2DOptions(sizeH: o.size.0, sizeW: o.size.1, strideH: o.stride.0, strideW: o.stride.1, padH: o.padding.0, padW: o.padding.1)
    }

    /// The windows over a rank-4 view, in output order, with author indices.
    static func windows(_ x: ImageLayout, outShape4: [Int], _ o: (size: (Int, Int), stride: (Int, Int), padding: (Int, Int)),
                        outLayout: ImageLayout) -> [Window] {
        let (h, w) = (x.nchw.shape[2], x.nchw.shape[3])
        var result: [Window] = []
        for n in 0..<outShape4[0] {
            for c in 0..<outShape4[1] {
                for i in 0..<outShape4[2] {
                    for j in 0..<outShape4[3] {
                        var cells: [(index: [Int], value: Float, padding: Bool)] = []
                        for di in 0..<o.size.0 {
                            for dj in 0..<o.size.1 {
                                let r = i * o.stride.0 - o.padding.0 + di, q = j * o.stride.1 - o.padding.1 + dj
                                let inside = r >= 0 && r < h && q >= 0 && q < w
                                let v = inside ? x.nchw.data[((n * x.nchw.shape[1] + c) * h + r) * w + q] : 0
                                cells.append((x.index(n, c, r, q), v, !inside))
                            }
                        }
                        result.append(Window(cells: cells, out: outLayout.index(n, c, i, j)))
                    }
                }
            }
        }
        return result
    }

    static func run(_ ex: Example, kind: Kind) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input")
        let x = try ex.kernel(at: "input") { try ImageLayout(input.tensor, what: "\(ex.op) input") }
        let o = try options(ex)
        try ex.ensureTraceable(x.nchw.count, o.size.0, o.size.1, at: "size")
        try check(ex, x, o, max: kind == .max)
        let y = try ex.kernel(at: "size") {
            switch kind {
            case .max: return try MaxPool2D.forward(x.nchw, poolOptions(o)).y
            case .average: return try AvgPool2D.forward(x.nchw, poolOptions(o))
            }
        }
        let outShape = Array(y.shape.suffix(x.rank))
        let result = try y.reshaped(outShape)
        // The windows, maxima and means are KernelCore's steps (the in-page engine's), with the
        // training kernel's outputs as the values written.
        let core = PoolCore.run(input: CoreArray(input.tensor), isMax: kind == .max,
                                PoolCore.Options(size: o.size, stride: o.stride, padding: o.padding),
                                outSize: (y.shape[2], y.shape[3]), values: result.data)
        return ([NamedTensor("result", result)], Trace(ex, core))
    }
}
