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
    /// Multiply-adds for one example (convolutions and linear layers; see `ModelSpec.cost`).
    public var multiplyAdds: Int = 0
    /// The receptive field of one output value of this layer.
    public var receptiveField: ReceptiveField = .pixel

    /// Values one example leaves behind in this layer (its output; for a block, every inner
    /// layer's output as well): 4 bytes each as Float, kept for backpropagation in training.
    public var activations: Int = 0

    /// How a conv or linear layer's parameters split into weights and biases (nil for others).
    public var split: ParameterSplit? = nil
}

/// `units` filters (or outputs) of `weightsPerUnit` weights each, plus `biases` (0 or `units`):
/// `6·25 + 6 = 156` for LeNet's C1, `16·144 = 2,304` for a bias-free 3x3 conv on 16 channels.
public struct ParameterSplit: Equatable, Codable, Sendable {
    public var units, weightsPerUnit, biases: Int
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
        var field = ReceptiveField.pixel
        try checkInputShape()
        for (i, layer) in layers.enumerated() {
            let (out, params, _) = try infer(layer, input: shape) { self.error(i, $0) }
            let cost = try self.cost(layer, input: shape, field: field) { self.error(i, $0) }
            field = cost.field
            guard let values = ModelLimits.product(out), values <= ModelLimits.maxActivations else {
                throw error(i, "output \(Tensor.describe(out)) has more than \(ModelLimits.maxActivations) values")
            }
            let (sum, overflow) = total.addingReportingOverflow(params)
            guard !overflow else { throw error(i, "the parameter count overflows") }
            total = sum
            let family = layer.family
            counters[family, default: 0] += 1
            rows.append(LayerInfo(index: i + 1, name: "\(family)\(counters[family]!)", kind: layer.kind,
                                  description: describe(layer, input: shape, words), inputShape: shape,
                                  outputShape: out, parameters: params, multiplyAdds: cost.multiplyAdds, receptiveField: field,
                                  activations: cost.activations, split: split(layer, input: shape)))
            shape = out
        }
        return rows
    }

    /// The total number of trainable parameters.
    /// - Throws: `ModelSpecError` as `layerTable()` does.
    public func totalParameters() throws -> Int {
        try layerTable().reduce(0) { $0 + $1.parameters }
    }

    /// How many numbers a trained network stores: the parameters plus the running statistics
    /// of its batch normalisations (2 per channel), as a checkpoint holds them.
    public func totalStoredValues() throws -> Int {
        var shape = input, total = 0
        for (i, layer) in layers.enumerated() {
            let (out, params, buffers) = try infer(layer, input: shape) { self.error(i, $0) }
            total += params + buffers
            shape = out
        }
        return total
    }

    /// The shape of one example leaving the last layer.
    public func outputShape() throws -> [Int] {
        try layerTable().last?.outputShape ?? input
    }

    /// The resolved window of a conv or pool layer at `index` given its input shape.
    func window(_ layer: LayerSpec, index: Int, input: [Int]) throws -> Window {
        try window(layer) { self.error(index, $0) }
    }

    /// The resolved window of a conv or pool layer; `fail` words an error for its place.
    func window(_ layer: LayerSpec, fail: (String) -> ModelSpecError) throws -> Window {
        switch layer {
        case let .conv(_, kh, kw, sh, sw, padding, d, _):
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
        case .activation, .lrn, .dropout, .flatten, .linear, .batchnorm, .globalAvgPool, .residual, .inception:
            preconditionFailure("window of a \(layer.kind) layer")
        }
    }

    func error(_ index: Int, _ message: String) -> ModelSpecError {
        ModelSpecError(location: locations.indices.contains(index) ? locations[index] : nil,
                       layer: (index + 1, layers[index].label), message)
    }

    /// The weights-and-biases split of a conv (on a [C, H, W] input) or linear layer.
    func split(_ layer: LayerSpec, input: [Int]) -> ParameterSplit? {
        switch layer {
        case let .conv(filters, kh, kw, _, _, _, _, bias):
            guard input.count == 3 else { return nil }
            return ParameterSplit(units: filters, weightsPerUnit: input[0] * kh * kw, biases: bias == false ? 0 : filters)
        case let .linear(n):
            return ParameterSplit(units: n, weightsPerUnit: input.reduce(1, *), biases: n)
        case .maxpool, .avgpool, .activation, .lrn, .dropout, .flatten, .batchnorm, .globalAvgPool, .residual, .inception:
            return nil
        }
    }

    /// A layer's output shape, trainable parameters and stored running statistics; blocks
    /// add up their inner layers. `fail` words an error for the layer's place in the file.
    func infer(_ layer: LayerSpec, input: [Int], fail: (String) -> ModelSpecError) throws -> (out: [Int], params: Int, buffers: Int) {
        for (name, value, range) in ModelLimits.numbers(of: layer) where !range.contains(value) {
            throw fail("\(name) \(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        switch layer {
        case .batchnorm:
            guard input.count == 3 || input.count == 1 else { throw fail("needs [channels, height, width] or a flat input, got \(Tensor.describe(input))") }
            return (input, 2 * input[0], 2 * input[0])
        case .globalAvgPool:
            guard input.count == 3 else { throw fail("needs a [channels, height, width] input, got \(Tensor.describe(input))") }
            return ([input[0], 1, 1], 0, 0)
        case let .residual(body, shortcut):
            let (out, params, buffers) = try inferSequence(body, input: input, what: "residual", fail: fail)
            if let shortcut {
                let s = try inferSequence(shortcut, input: input, what: "shortcut", fail: fail)
                guard s.out == out else {
                    throw fail("the shortcut turns \(Tensor.describe(input)) into \(Tensor.describe(s.out)) but the body into \(Tensor.describe(out)); they are added, so they must match")
                }
                return (out, params + s.params, buffers + s.buffers)
            }
            guard out != input else { return (out, params, buffers) }
            let projection = try residualProjection(input: input, output: out, fail: fail)
            return (out, params + projection.parameters, buffers)
        case let .inception(branches):
            var outs: [[Int]] = [], params = 0, buffers = 0
            for (b, branch) in branches.enumerated() {
                let r = try inferSequence(branch, input: input, what: "branch \(b + 1)", fail: fail)
                guard r.out.count == 3 else { throw fail("branch \(b + 1) ends in \(Tensor.describe(r.out)); every branch must end in [channels, height, width]") }
                if let first = outs.first, first[1...] != r.out[1...] {
                    throw fail("branch \(b + 1) ends in \(r.out[1])x\(r.out[2]) but branch 1 in \(first[1])x\(first[2]); the branches' maps must have the same size to be stacked")
                }
                outs.append(r.out)
                params += r.params
                buffers += r.buffers
            }
            return ([outs.map { $0[0] }.reduce(0, +), outs[0][1], outs[0][2]], params, buffers)
        case .conv, .maxpool, .avgpool, .activation, .lrn, .dropout, .flatten, .linear:
            let (out, params) = try inferPlain(layer, input: input, fail: fail)
            return (out, params, 0)
        }
    }

    /// The inner layers of a block, each checked like a top-level layer; errors name the inner layer.
    func inferSequence(_ layers: [LayerSpec], input: [Int], what: String, fail: (String) -> ModelSpecError) throws -> (out: [Int], params: Int, buffers: Int) {
        var shape = input, params = 0, buffers = 0
        for (k, inner) in layers.enumerated() {
            let r = try infer(inner, input: shape) { fail("\(what) layer \(k + 1) (\(inner.label)): \($0)") }
            let (p, overflow) = params.addingReportingOverflow(r.params)
            guard !overflow, p <= ModelLimits.maxParameters else { throw fail("the parameter count overflows") }
            (shape, params, buffers) = (r.out, p, buffers + r.buffers)
        }
        return (shape, params, buffers)
    }

    /// The 1×1 convolution that makes a residual block's shortcut match its body's output.
    func residualProjection(input: [Int], output: [Int], fail: (String) -> ModelSpecError) throws -> (stride: Int, parameters: Int) {
        guard input.count == 3, output.count == 3 else {
            throw fail("the body turns \(Tensor.describe(input)) into \(Tensor.describe(output)); a residual block must keep [channels, height, width]")
        }
        // The smallest stride whose 1x1 convolution lands on the body's map (7 → 4 takes stride 2).
        let fits = { (s: Int, i: Int, o: Int) in (try? convOutputSize(input: i, kernel: 1, padding: 0, stride: s, dilation: 1)) == o }
        guard output[1] >= 1, let stride = (1...max(input[1], 1)).first(where: { fits($0, input[1], output[1]) && fits($0, input[2], output[2]) }) else {
            throw fail("the body turns \(Tensor.describe(input)) into \(Tensor.describe(output)), which no 1x1 projection with one stride can match on the shortcut")
        }
        return (stride, output[0] * input[0] + output[0])
    }

    private func inferPlain(_ layer: LayerSpec, input: [Int], fail: (String) -> ModelSpecError) throws -> ([Int], Int) {
        func spatial() throws -> (Int, Int, Int) {
            guard input.count == 3 else {
                throw fail("needs a [channels, height, width] input, got \(Tensor.describe(input)) (a \(layer.kind) cannot follow flatten or linear)")
            }
            return (input[0], input[1], input[2])
        }
        switch layer {
        case .conv, .maxpool, .avgpool:
            let (c, h, w) = try spatial()
            let win = try window(layer, fail: fail)
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
            if case let .conv(filters, _, _, _, _, _, _, bias) = layer {
                guard let count = ModelLimits.product(filters, c * kh * kw + (bias ?? true ? 1 : 0)) else {
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
        case .batchnorm, .globalAvgPool, .residual, .inception:
            preconditionFailure("\(layer.kind) is inferred by infer(_:input:fail:)")
        }
    }

    private func describe(_ layer: LayerSpec, input: [Int], _ w: LayerWords) -> String {
        func size(_ a: Int, _ b: Int) -> String { a == b ? "\(a)" : "\(a)x\(b)" }
        switch layer {
        case let .conv(filters, kh, kw, sh, sw, padding, d, bias):
            var s = "conv \(kh)x\(kw), " + (filters == 1 ? w.oneFilter : w.filters.replacingOccurrences(of: "{n}", with: "\(filters)"))
            switch padding {
            case let .explicit(ph, pw) where ph > 0 || pw > 0: s += ", \(w.pad) \(size(ph, pw))"
            case .same: s += ", \(w.padSame)"
            default: break
            }
            if sh != 1 || sw != 1 { s += ", \(w.stride) \(size(sh, sw))" }
            if d != 1 { s += ", \(w.dilation) \(d)" }
            if bias == false { s += ", \(w.noBias)" }
            return s
        case let .maxpool(kh, kw, sh, sw, p), let .avgpool(kh, kw, sh, sw, p):
            return "\(layer.kind) \(kh)x\(kw), \(w.stride) \(size(sh, sw))" + (p > 0 ? ", \(w.pad) \(p)" : "")
        case let .activation(kind, alpha):
            switch kind {
            case .prelu: return "prelu (" + w.learnedAlpha.replacingOccurrences(of: "{a}", with: formatNumber(alpha ?? 0.25)) + ")"
            case .leakyRelu, .elu: return "\(kind.rawValue) α=\(formatNumber(alpha ?? (kind == .elu ? 1 : 0.01)))"
            case .relu, .sigmoid, .tanh: return kind.rawValue
            }
        case let .lrn(size, alpha, beta, k):
            return "lrn \(w.size) \(size), α=\(formatNumber(alpha)), β=\(formatNumber(beta)), k=\(formatNumber(k))"
        case let .dropout(p):
            return "dropout p=\(formatNumber(p))"
        case .flatten:
            return "flatten \(Tensor.describe(input)) → \(input.reduce(1, *))"
        case let .linear(n):
            return "linear \(input.first ?? 0) → \(n)"
        case .batchnorm:
            return "batchnorm, γ β \(input.first ?? 0)"
        case .globalAvgPool:
            return "global avgpool \(Tensor.describe(input)) → \(input.first ?? 0)x1x1"
        case let .residual(body, shortcut):
            let chain = { (layers: [LayerSpec]) in layers.map { describe($0, input: [], w).components(separatedBy: ",")[0] }.joined(separator: " → ") }
            return "residual: " + chain(body) + (shortcut.map { " + (" + chain($0) + ")" } ?? " + x")
        case let .inception(branches):
            return "inception: " + branches.map { $0.map { describe($0, input: [], w).components(separatedBy: ",")[0] }.joined(separator: " → ") }.joined(separator: " | ")
        }
    }
}

/// A number as the tables print it: no trailing zeros (`0.5`, `2`, `0.0001`).
func formatNumber(_ x: Float) -> String {
    if x == x.rounded(), abs(x) < 1e7 { return String(Int(x)) }
    return "\(x)"
}
