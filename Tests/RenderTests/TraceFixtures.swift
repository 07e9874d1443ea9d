import Foundation
import Lessons
@testable import Render

/// Hand-built traces in the shape the Lessons engine produces, small enough to check by eye.
enum TraceFixtures {
    static func n(_ x: Float) -> String { NumberFormat.compact(x) }

    /// A conv2d trace: x [C, H, W], w [F, C, KH, KW] (or [KH, KW] with C = F = 1), one step per output cell.
    static func conv(id: String, x: [Float], xShape: [Int], w: [Float], wShape: [Int], bias: [Float]? = nil,
                     stride: Int = 1, padding: Int = 0) -> Trace {
        let c = xShape.count == 3 ? xShape[0] : 1, h = xShape[xShape.count - 2], wd = xShape[xShape.count - 1]
        let f = wShape.count == 4 ? wShape[0] : 1, kh = wShape[wShape.count - 2], kw = wShape[wShape.count - 1]
        let oh = (h - kh + 2 * padding) / stride + 1, ow = (wd - kw + 2 * padding) / stride + 1
        let input = TraceTensor(name: "input", role: .input, shape: xShape, values: x, padding: [padding, padding])
        let kernel = TraceTensor(name: "kernel", role: .parameter, shape: wShape, values: w)
        let outShape = f > 1 || xShape.count == 3 ? [f, oh, ow] : [oh, ow]
        var out = [Float](repeating: 0, count: f * oh * ow)
        var steps: [TraceStep] = []
        for fi in 0..<f {
            for i in 0..<oh {
                for j in 0..<ow {
                    var reads: [CellRef] = [], rv: [Float] = [], ws: [CellRef] = [], wv: [Float] = [], partial: [Float] = []
                    for ci in 0..<c {
                        var ps: Float = 0
                        for a in 0..<kh {
                            for b in 0..<kw {
                                let r = i * stride + a - padding, q = j * stride + b - padding
                                let xi = xShape.count == 3 ? [ci, r, q] : [r, q]
                                let wi = wShape.count == 4 ? [fi, ci, a, b] : [a, b]
                                reads.append(CellRef("input", xi))
                                rv.append(input.value(at: xi))
                                ws.append(CellRef("kernel", wi))
                                wv.append(kernel.value(at: wi))
                                ps += rv.last! * wv.last!
                            }
                        }
                        partial.append(ps)
                    }
                    let products = zip(rv, wv).map(*)
                    let sum = products.reduce(0, +)
                    let b = bias?[fi]
                    let result = sum + (b ?? 0)
                    out[(fi * oh + i) * ow + j] = result
                    var arith = zip(rv, wv).map { "\(n($0))×\(n($1))" }.joined(separator: " + ") + " = \(n(sum))"
                    if let b { arith += ", \(n(sum)) + \(n(b)) = \(n(result))" }
                    let oi = outShape.count == 3 ? [fi, i, j] : [i, j]
                    steps.append(TraceStep(reads: reads, readValues: rv, weights: ws, weightValues: wv, products: products,
                                           partialSums: c > 1 ? partial : [], writes: [CellRef("output", oi)], sum: sum,
                                           bias: b, result: result, arithmetic: arith,
                                           description: "Output cell (\(oi.map(String.init).joined(separator: ", "))) is \(n(result))."))
                }
            }
        }
        var tensors = [input, kernel]
        if let bias { tensors.append(TraceTensor(name: "bias", role: .parameter, shape: [f], values: bias)) }
        tensors.append(TraceTensor(name: "output", role: .output, shape: outShape, values: out))
        return Trace(exampleID: id, op: "conv2d", tensors: tensors, steps: steps,
                     formulas: ["OH = ⌊(\(h) − \(kh) + 2·\(padding)) / \(stride)⌋ + 1 = \(oh)",
                                "OW = ⌊(\(wd) − \(kw) + 2·\(padding)) / \(stride)⌋ + 1 = \(ow)"])
    }

    /// The lesson's first example: 3×3 input, 2×2 kernel, bias 5.
    static var conv3x3: Trace {
        conv(id: "conv-3x3", x: [1, 2, 0, 0, 1, 3, 2, 1, 0], xShape: [3, 3], w: [1, 0, 1, 0], wShape: [2, 2], bias: [5])
    }

    /// Max or average pooling, 2×2 windows with stride 2, on a 4×4 input.
    static func pool(max isMax: Bool) -> Trace {
        let x: [Float] = [1, 3, 2, 0, 4, 2, 1, 5, 0, 1, 3, 2, 2, 6, 1, 1]
        let input = TraceTensor(name: "input", role: .input, shape: [4, 4], values: x)
        var out: [Float] = []
        var steps: [TraceStep] = []
        for i in 0..<2 {
            for j in 0..<2 {
                let cells = [(0, 0), (0, 1), (1, 0), (1, 1)].map { [2 * i + $0.0, 2 * j + $0.1] }
                let vals = cells.map { input.value(at: $0) }
                let best = vals.indices.max { vals[$0] < vals[$1] }!
                let r = isMax ? vals[best] : vals.reduce(0, +) / 4
                out.append(r)
                let arith = isMax ? "max(\(vals.map(n).joined(separator: ", "))) = \(n(r))"
                    : "(\(vals.map(n).joined(separator: " + "))) / 4 = \(n(r))"
                steps.append(TraceStep(reads: cells.map { CellRef("input", $0) }, readValues: vals,
                                       emphasis: isMax ? [CellRef("input", cells[best])] : [],
                                       writes: [CellRef("output", [i, j])], sum: isMax ? nil : vals.reduce(0, +),
                                       result: r, arithmetic: arith, description: "Window \(i * 2 + j + 1) gives \(n(r))."))
            }
        }
        return Trace(exampleID: isMax ? "maxpool-4x4" : "avgpool-4x4", op: isMax ? "maxpool" : "avgpool",
                     tensors: [input, TraceTensor(name: "output", role: .output, shape: [2, 2], values: out)], steps: steps)
    }

    /// Softmax of four logits.
    static var softmax: Trace {
        let z: [Float] = [2, 1, 0.1, -1]
        let e = z.map { Float(exp(Double($0))) }
        let s = e.reduce(0, +)
        let p = e.map { $0 / s }
        let steps = p.indices.map { i in
            TraceStep(reads: z.indices.map { CellRef("logits", [$0]) }, readValues: z, emphasis: [CellRef("logits", [i])],
                      writes: [CellRef("probabilities", [i])], sum: s, result: p[i],
                      arithmetic: "e^\(n(z[i])) / (" + z.map { "e^\(n($0))" }.joined(separator: " + ") + ") = \(n(e[i])) / \(n(s)) = \(n(p[i]))",
                      description: "Probability \(i) is \(n(p[i])).")
        }
        return Trace(exampleID: "softmax-4", op: "softmax",
                     tensors: [TraceTensor(name: "logits", role: .input, shape: [4], values: z),
                               TraceTensor(name: "probabilities", role: .output, shape: [4], values: p)], steps: steps)
    }

    /// Argmax along axis 1 of a 3×4×3 tensor.
    static var argmax: Trace {
        let x: [Float] = (0..<36).map { Float(($0 * 7 + 3) % 11) - 2 }
        let t = TraceTensor(name: "x", role: .input, shape: [3, 4, 3], values: x)
        var out: [Float] = []
        var steps: [TraceStep] = []
        for a in 0..<3 {
            for c in 0..<3 {
                let cells = (0..<4).map { [a, $0, c] }
                let vals = cells.map { t.value(at: $0) }
                let best = vals.indices.max { vals[$0] < vals[$1] || (vals[$0] == vals[$1] && $0 > $1) }!
                out.append(Float(best))
                steps.append(TraceStep(reads: cells.map { CellRef("x", $0) }, readValues: vals,
                                       emphasis: [CellRef("x", cells[best])], writes: [CellRef("indices", [a, c])],
                                       result: Float(best), arithmetic: "argmax(\(vals.map(n).joined(separator: ", "))) = \(best)",
                                       description: "In slice \(a), column \(c), row \(best) holds the largest value."))
            }
        }
        return Trace(exampleID: "argmax-axis1", op: "argmax", tensors: [t, TraceTensor(name: "indices", role: .output,
                                                                                        shape: [3, 3], values: out)], steps: steps)
    }

    /// im2col of a [1, 3, 3] input with 2×2 windows: each window becomes a row of `cols`.
    static var im2col: Trace {
        let x: [Float] = [1, 2, 0, 0, 1, 3, 2, 1, 0]
        let t = TraceTensor(name: "input", role: .input, shape: [1, 3, 3], values: x)
        var cols: [Float] = []
        var steps: [TraceStep] = []
        for i in 0..<2 {
            for j in 0..<2 {
                let cells = [(0, 0), (0, 1), (1, 0), (1, 1)].map { [0, i + $0.0, j + $0.1] }
                let vals = cells.map { t.value(at: $0) }
                cols += vals
                let row = i * 2 + j
                steps.append(TraceStep(reads: cells.map { CellRef("input", $0) }, readValues: vals,
                                       writes: (0..<4).map { CellRef("cols", [row, $0]) }, result: vals[0],
                                       arithmetic: "window (\(i), \(j)) → row \(row) of cols: \(vals.map(n).joined(separator: ", "))",
                                       description: "Window at (\(i), \(j)) is copied to row \(row)."))
            }
        }
        return Trace(exampleID: "im2col-3x3", op: "im2col",
                     tensors: [t, TraceTensor(name: "cols", role: .output, shape: [4, 4], values: cols)], steps: steps)
    }

    /// Backprop of a 2×2 kernel on a 3×3 input: each dY cell flows back into its window of dX.
    static var backprop: Trace {
        let dy: [Float] = [1, -2, 0.5, 3]
        let w: [Float] = [1, 0, -1, 2]
        var dx = [Float](repeating: 0, count: 9)
        for i in 0..<2 { for j in 0..<2 { for a in 0..<2 { for b in 0..<2 { dx[(i + a) * 3 + j + b] += dy[i * 2 + j] * w[a * 2 + b] } } } }
        var steps: [TraceStep] = []
        for i in 0..<2 {
            for j in 0..<2 {
                let g = dy[i * 2 + j]
                let cells = [(0, 0), (0, 1), (1, 0), (1, 1)]
                steps.append(TraceStep(reads: [CellRef("dY", [i, j])], readValues: [g],
                                       weights: cells.map { CellRef("kernel", [$0.0, $0.1]) }, weightValues: w,
                                       products: w.map { $0 * g },
                                       writes: cells.map { CellRef("dX", [i + $0.0, j + $0.1]) }, result: g,
                                       arithmetic: "dX window (\(i), \(j)) += \(n(g)) × [" + w.map(n).joined(separator: ", ")
                                           + "] = [" + w.map { n($0 * g) }.joined(separator: ", ") + "]",
                                       description: "Gradient \(n(g)) at dY (\(i), \(j)) flows back into its window."))
            }
        }
        return Trace(exampleID: "conv-backprop", op: "conv2d-backward",
                     tensors: [TraceTensor(name: "dY", role: .gradient, shape: [2, 2], values: dy),
                               TraceTensor(name: "kernel", role: .parameter, shape: [2, 2], values: w),
                               TraceTensor(name: "dX", role: .gradient, shape: [3, 3], values: dx)], steps: steps)
    }

    static var stride2: Trace {
        conv(id: "stride-2", x: (0..<25).map { Float($0 % 4) }, xShape: [5, 5], w: [1, 0, -1, 1, 0, -1, 1, 0, -1],
             wShape: [3, 3], stride: 2)
    }

    static var padding1: Trace {
        conv(id: "padding-1", x: [1, 2, 0, 0, 1, 3, 2, 1, 0], xShape: [3, 3], w: [1, 0, 1, 0], wShape: [2, 2], padding: 1)
    }

    static var multiChannel: Trace {
        conv(id: "conv-3ch-2f", x: (0..<27).map { Float($0 % 3) }, xShape: [3, 3, 3],
             w: (0..<24).map { Float($0 % 3) - 1 }, wShape: [2, 3, 2, 2], bias: [1, -1])
    }

    /// A 32×32 input with a 3×3 kernel (only a few steps are traced).
    static var large: Trace {
        var t = conv(id: "conv-32", x: (0..<1024).map { Float(($0 * 37) % 17) / 4 }, xShape: [32, 32],
                     w: [0, 1, 0, 1, -4, 1, 0, 1, 0], wShape: [3, 3])
        t.steps = Array(t.steps.prefix(3))
        return t
    }
}
