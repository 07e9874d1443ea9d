import Tensor
import Words

/// One row of a model's layer table: what the layer is, what comes out, what it costs.
public struct LayerInfo: Equatable, Codable, Sendable {
    /// 1-based position in the model file.
    public var index: Int
    /// A readable name numbered per kind: `conv1`, `relu1`, `pool1`, `fc1`, ...
    public var name: String
    /// The kind as a model file spells it: `conv`, `maxpool`, `relu`, `linear`, ...
    public var kind: String
    /// A one-line description, e.g. `conv 5x5, 6 filters, pad 2`.
    public var description: String
    /// The shape of one example entering the layer ([C, H, W] or [n]).
    public var inputShape: [Int]
    /// The shape of one example leaving the layer.
    public var outputShape: [Int]
    /// The number of trainable parameters.
    public var parameters: Int
}

/// A conv or pool window with its padding resolved to numbers.
struct Window: Equatable {
    var kernelH: Int, kernelW: Int, strideH: Int, strideW: Int, padH: Int, padW: Int, dilation: Int
}

extension ModelSpec {
    /// Infers every layer's output shape and parameter count.
    /// - Throws: `ModelSpecError` naming the layer and its line, e.g.
    ///   `layer 4 (conv 5x5): input 16x2x2 is smaller than the kernel`.
    /// - Parameter words: the language of the `description` column (English by default).
    public func layerTable(words: LayerWords = .init(.en)) throws -> [LayerInfo] {
        var shape = input
        var counters: [String: Int] = [:]
        var rows: [LayerInfo] = []
        var total = 0
        try checkInputShape()
        for (i, layer) in layers.enumerated() {
            for (name, value, range) in ModelLimits.numbers(of: layer) where !range.contains(value) {
                throw error(i, "\(name) \(value) is outside \(range.lowerBound)...\(range.upperBound)")
            }
            let (out, params) = try infer(layer, index: i, input: shape)
            guard let values = ModelLimits.product(out), values <= ModelLimits.maxActivations else {
                throw error(i, "output \(Tensor.describe(out)) has more than \(ModelLimits.maxActivations) values")
            }
            let (sum, overflow) = total.addingReportingOverflow(params)
            guard !overflow else { throw error(i, "the parameter count overflows") }
            total = sum
            let family: String
            switch layer {
            case .maxpool, .avgpool: family = "pool"
            case .linear: family = "fc"
            default: family = layer.kind
            }
            counters[family, default: 0] += 1
            rows.append(LayerInfo(index: i + 1, name: "\(family)\(counters[family]!)", kind: layer.kind,
                                  description: describe(layer, input: shape, words), inputShape: shape,
                                  outputShape: out, parameters: params))
            shape = out
        }
        return rows
    }

    /// The total number of trainable parameters.
    /// - Throws: `ModelSpecError` as `layerTable()` does.
    public func totalParameters() throws -> Int {
        try layerTable().reduce(0) { $0 + $1.parameters }
    }

    /// The shape of one example leaving the last layer.
    public func outputShape() throws -> [Int] {
        try layerTable().last?.outputShape ?? input
    }

    /// The resolved window of a conv or pool layer at `index` given its input shape.
    func window(_ layer: LayerSpec, index: Int, input: [Int]) throws -> Window {
        let fail = { (message: String) in self.error(index, message) }
        switch layer {
        case let .conv(_, kh, kw, sh, sw, padding, d):
            switch padding {
            case let .explicit(h, w): return Window(kernelH: kh, kernelW: kw, strideH: sh, strideW: sw, padH: h, padW: w, dilation: d)
            case .valid: return Window(kernelH: kh, kernelW: kw, strideH: sh, strideW: sw, padH: 0, padW: 0, dilation: d)
            case .same:
                guard sh == 1, sw == 1 else { throw fail("padding 'same' needs stride 1, got \(sh == sw ? "\(sh)" : "\(sh)x\(sw)")") }
                guard (d * (kh - 1)) % 2 == 0, (d * (kw - 1)) % 2 == 0 else {
                    throw fail("padding 'same' needs an odd kernel, got \(kh)x\(kw)")
                }
                return Window(kernelH: kh, kernelW: kw, strideH: 1, strideW: 1, padH: d * (kh - 1) / 2, padW: d * (kw - 1) / 2, dilation: d)
            }
        case let .maxpool(kh, kw, sh, sw, p), let .avgpool(kh, kw, sh, sw, p):
            return Window(kernelH: kh, kernelW: kw, strideH: sh, strideW: sw, padH: p, padW: p, dilation: 1)
        default:
            preconditionFailure("window of a \(layer.kind) layer")
        }
    }

    private func error(_ index: Int, _ message: String) -> ModelSpecError {
        ModelSpecError(location: locations.indices.contains(index) ? locations[index] : nil,
                       layer: (index + 1, layers[index].label), message)
    }

    private func infer(_ layer: LayerSpec, index: Int, input: [Int]) throws -> ([Int], Int) {
        let fail = { (message: String) in self.error(index, message) }
        let spatial = { () throws -> (Int, Int, Int) in
            guard input.count == 3 else {
                throw fail("needs a [channels, height, width] input, got \(Tensor.describe(input)) (a \(layer.kind) cannot follow flatten or linear)")
            }
            return (input[0], input[1], input[2])
        }
        switch layer {
        case .conv, .maxpool, .avgpool:
            let (c, h, w) = try spatial()
            let win = try window(layer, index: index, input: input)
            let kh = win.kernelH, kw = win.kernelW
            let spanH = win.dilation * (kh - 1) + 1, spanW = win.dilation * (kw - 1) + 1
            if case .conv = layer {} else if win.padH * 2 > kh || win.padW * 2 > kw {
                throw fail("padding \(win.padH) is more than half the window \(kh)x\(kw)")
            }
            guard spanH <= h + 2 * win.padH, spanW <= w + 2 * win.padW else {
                let padded = win.padH == 0 && win.padW == 0 ? "" : " with padding \(win.padH == win.padW ? "\(win.padH)" : "\(win.padH)x\(win.padW)")"
                let what = win.dilation == 1 ? (layer.kind == "conv" ? "the kernel" : "the window") : "the dilated kernel (\(spanH)x\(spanW))"
                throw fail("input \(Tensor.describe(input))\(padded) is smaller than \(what)")
            }
            let oh = try convOutputSize(input: h, kernel: kh, padding: win.padH, stride: win.strideH, dilation: win.dilation)
            let ow = try convOutputSize(input: w, kernel: kw, padding: win.padW, stride: win.strideW, dilation: win.dilation)
            if case let .conv(filters, _, _, _, _, _, _) = layer {
                guard let count = ModelLimits.product(filters, c * kh * kw + 1) else {
                    throw fail("the parameter count of \(filters) filters of \(c)x\(kh)x\(kw) overflows")
                }
                return ([filters, oh, ow], count)
            }
            return ([c, oh, ow], 0)
        case let .activation(kind, _):
            return (input, kind == .prelu ? 1 : 0)
        case let .lrn(size, _, _, _):
            guard input.count == 3 else { throw fail("needs a [channels, height, width] input, got \(Tensor.describe(input))") }
            guard size >= 1 else { throw fail("size must be ≥ 1") }
            return (input, 0)
        case .dropout:
            return (input, 0)
        case .flatten:
            return ([input.reduce(1, *)], 0)
        case let .linear(n):
            guard input.count == 1 else {
                throw fail("needs a flat input, got \(Tensor.describe(input)); add `- flatten` before it")
            }
            guard let weights = ModelLimits.product(n, input[0] + 1) else {
                throw fail("the parameter count of \(n) outputs from \(input[0]) inputs overflows")
            }
            return ([n], weights)
        }
    }

    private func describe(_ layer: LayerSpec, input: [Int], _ w: LayerWords) -> String {
        func size(_ a: Int, _ b: Int) -> String { a == b ? "\(a)" : "\(a)x\(b)" }
        switch layer {
        case let .conv(filters, kh, kw, sh, sw, padding, d):
            var s = "conv \(kh)x\(kw), " + (filters == 1 ? w.oneFilter : w.filters.replacingOccurrences(of: "{n}", with: "\(filters)"))
            switch padding {
            case let .explicit(ph, pw) where ph > 0 || pw > 0: s += ", \(w.pad) \(size(ph, pw))"
            case .same: s += ", \(w.padSame)"
            default: break
            }
            if sh != 1 || sw != 1 { s += ", \(w.stride) \(size(sh, sw))" }
            if d != 1 { s += ", \(w.dilation) \(d)" }
            return s
        case let .maxpool(kh, kw, sh, sw, p), let .avgpool(kh, kw, sh, sw, p):
            return "\(layer.kind) \(kh)x\(kw), \(w.stride) \(size(sh, sw))" + (p > 0 ? ", \(w.pad) \(p)" : "")
        case let .activation(kind, alpha):
            switch kind {
            case .prelu: return "prelu (" + w.learnedAlpha.replacingOccurrences(of: "{a}", with: formatNumber(alpha ?? 0.25)) + ")"
            case .leakyRelu, .elu: return "\(kind.rawValue) α=\(formatNumber(alpha ?? (kind == .elu ? 1 : 0.01)))"
            default: return kind.rawValue
            }
        case let .lrn(size, alpha, beta, k):
            return "lrn \(w.size) \(size), α=\(formatNumber(alpha)), β=\(formatNumber(beta)), k=\(formatNumber(k))"
        case let .dropout(p):
            return "dropout p=\(formatNumber(p))"
        case .flatten:
            return "flatten \(Tensor.describe(input)) → \(input.reduce(1, *))"
        case let .linear(n):
            return "linear \(input.first ?? 0) → \(n)"
        }
    }
}

/// A number as the tables print it: no trailing zeros (`0.5`, `2`, `0.0001`).
func formatNumber(_ x: Float) -> String {
    if x == x.rounded(), abs(x) < 1e7 { return String(Int(x)) }
    return "\(x)"
}
