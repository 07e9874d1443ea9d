/// `op: architecture`'s rules, the one copy: each layer's output shape, parameters, stored
/// statistics, multiply-adds, values left behind and receptive field, the checks with their
/// messages, and the one-line description. NN's model code (`ModelSpec.layerTable`, the
/// network builder) calls these with its layers (NN's `LayerSpec` is `ArchLayer`); the in-page
/// engine reads the layers from JSON (`ArchitectureRun`). Counts are Int64: WebAssembly's
/// Int has 32 bits and a VGG's multiply-adds do not fit in them.
public enum ArchPadding: Equatable, Sendable {
    /// `h` rows above and below, `w` columns left and right.
    case explicit(h: Int, w: Int)
    /// Keep the output the size of the input (stride 1, odd effective kernels).
    case same
    /// No padding.
    case valid
}

/// An activation layer's function, as a model file spells it.
public enum ArchActivation: String, CaseIterable, Sendable {
    case relu, sigmoid, tanh
    case leakyRelu = "leaky_relu"
    case elu, prelu
}

/// One layer of a model, as written in a model file (no weights, no input shape). NN trains
/// these (its `LayerSpec`); the in-page engine reads them from JSON.
public indirect enum ArchLayer: Equatable, Sendable {
    /// A 2-D convolution with `filters` output channels; `bias: false` leaves out the bias, as
    /// before a batch normalisation, whose β does its job.
    case conv(filters: Int, kernelH: Int, kernelW: Int, strideH: Int, strideW: Int, padding: ArchPadding, dilation: Int, bias: Bool = true)
    /// Max pooling over `size` windows.
    case maxpool(sizeH: Int, sizeW: Int, strideH: Int, strideW: Int, padding: Int)
    /// Average pooling over `size` windows (zero padding counted, as PyTorch's default).
    case avgpool(sizeH: Int, sizeW: Int, strideH: Int, strideW: Int, padding: Int)
    /// An elementwise activation; `alpha` is the slope or scale of leaky_relu, elu and prelu
    /// (the initial value for prelu, whose α is learned).
    case activation(ArchActivation, alpha: Float?)
    /// Local response normalisation across channels, AlexNet's b = a / (k + α Σ a²)^β.
    case lrn(size: Int, alpha: Float, beta: Float, k: Float)
    /// Inverted dropout with drop probability `p` (identity at evaluation).
    case dropout(p: Float)
    /// [C, H, W] → [C·H·W].
    case flatten
    /// A fully connected layer with `outputs` units.
    case linear(outputs: Int)
    /// Batch normalisation per channel (or per unit after flatten): learned γ and β, and running
    /// statistics for evaluation.
    case batchnorm
    /// [C, H, W] → [C, 1, 1]: each channel's mean (GoogLeNet's and ResNet's last pooling).
    case globalAvgPool
    /// A residual block: y = F(x) + S(x), F being `body`. S is `shortcut` when given (layers of
    /// their own, e.g. torchvision's 1×1 convolution without bias + batch normalisation); else the
    /// identity, or, when F changes the shape, a 1×1 convolution with bias and the stride that
    /// matches (ResNet's projection).
    case residual(body: [ArchLayer], shortcut: [ArchLayer]? = nil)
    /// Parallel branches on the same input, joined by stacking their channels (an inception block).
    case inception(branches: [[ArchLayer]])

    /// The kind as a model file spells it: `conv`, `maxpool`, `relu`, `linear`, ...
    public var kind: String {
        switch self {
        case .conv: return "conv"
        case .maxpool: return "maxpool"
        case .avgpool: return "avgpool"
        case let .activation(a, _): return a.rawValue
        case .lrn: return "lrn"
        case .dropout: return "dropout"
        case .flatten: return "flatten"
        case .linear: return "linear"
        case .batchnorm: return "batchnorm"
        case .globalAvgPool: return "global_avgpool"
        case .residual: return "residual"
        case .inception: return "inception"
        }
    }

    /// A short label used in error messages: `conv 5x5`, `maxpool 2x2`, `linear 120`.
    public var label: String {
        switch self {
        case let .conv(_, kh, kw, _, _, _, _, _): return "conv \(kh)x\(kw)"
        case let .maxpool(sh, sw, _, _, _): return "maxpool \(sh)x\(sw)"
        case let .avgpool(sh, sw, _, _, _): return "avgpool \(sh)x\(sw)"
        case let .linear(n): return "linear \(n)"
        case let .residual(body, _): return "residual of \(body.count) layers"
        case let .inception(branches): return "inception of \(branches.count) branches"
        case .activation, .lrn, .dropout, .flatten, .batchnorm, .globalAvgPool: return kind
        }
    }

    /// The prefix of the table's layer names: `conv1`, `pool1`, `fc1`, `bn1`, `res1`.
    public var family: String {
        switch self {
        case .maxpool, .avgpool: return "pool"
        case .linear: return "fc"
        case .batchnorm: return "bn"
        case .residual: return "res"
        case .inception: return "inception"
        case .conv, .activation, .lrn, .dropout, .flatten, .globalAvgPool: return kind
        }
    }
}

/// A conv or pool window with its padding resolved to numbers.
public struct ArchWindow: Equatable {
    public var kernelH, kernelW, strideH, strideW, padH, padW, dilation: Int
}

/// How far one output value sees into the network's input: `r ← r + d·(k − 1)·j`, `j ← j·s`
/// per window, from `r = 1`, `j = 1`; flatten, linear and global pooling see the whole input.
public struct ArchField: Equatable, Sendable {
    public var size: [Int64]
    public var jump: [Int64]
    public var wholeInput: Bool
    public init(size: [Int64], jump: [Int64], wholeInput: Bool) {
        (self.size, self.jump, self.wholeInput) = (size, jump, wholeInput)
    }
    public static let pixel = ArchField(size: [1, 1], jump: [1, 1], wholeInput: false)

    func through(kernel: (Int, Int), stride: (Int, Int), dilation: Int) -> ArchField {
        ArchField(size: [size[0] + Int64(dilation) * Int64(kernel.0 - 1) * jump[0], size[1] + Int64(dilation) * Int64(kernel.1 - 1) * jump[1]],
                  jump: [jump[0] * Int64(stride.0), jump[1] * Int64(stride.1)], wholeInput: wholeInput)
    }

    /// Parallel paths joined again: an output sees what its widest path sees.
    func joined(_ o: ArchField) -> ArchField {
        ArchField(size: [max(size[0], o.size[0]), max(size[1], o.size[1])], jump: [max(jump[0], o.jump[0]), max(jump[1], o.jump[1])],
                  wholeInput: wholeInput || o.wholeInput)
    }

    func whole() -> ArchField { ArchField(size: size, jump: jump, wholeInput: true) }
}

/// `units` filters (or outputs) of `weightsPerUnit` weights each, plus `biases` (0 or `units`).
public struct ArchSplit: Equatable, Sendable {
    public var units: Int64, weightsPerUnit: Int64, biases: Int64
}

/// One row of the layer table.
public struct ArchRow {
    public var index: Int
    public var name, kind, description: String
    public var inputShape, outputShape: [Int]
    public var parameters, multiplyAdds, activations: Int64
    public var field: ArchField
    public var split: ArchSplit?
}

/// A problem with the model: its message as the layer table words it, and for the layer
/// reader's messages where the value it is about was written (a YAML node's line and column;
/// nil in JSON).
public struct ArchError: Error {
    public var message: String
    public var at: (line: Int, column: Int)?
    public init(_ message: String, at: (line: Int, column: Int)? = nil) { (self.message, self.at) = (message, at) }
}

/// A problem of the whole table: the 0-based top-level layer it belongs to (nil for the
/// input) and the message without the `layer i (label): ` prefix.
public struct ArchTableError: Error {
    public var layer: Int?
    public var label: String
    public var message: String
    /// `layer 4 (conv 5x5): input 16x2x2 is smaller than the kernel`, as lessons report it.
    public var text: String { layer.map { "layer \($0 + 1) (\(label)): \(message)" } ?? message }
}

/// The words of the layer descriptions (catalog `layer.*`): `{n}` filters, `{a}` PReLU's α.
public struct ArchWords {
    public var oneFilter, filters, pad, padSame, stride, dilation, size, noBias, learnedAlpha: String
    public init(oneFilter: String, filters: String, pad: String, padSame: String, stride: String, dilation: String, size: String,
                noBias: String, learnedAlpha: String) {
        (self.oneFilter, self.filters, self.pad, self.padSame, self.stride) = (oneFilter, filters, pad, padSame, stride)
        (self.dilation, self.size, self.noBias, self.learnedAlpha) = (dilation, size, noBias, learnedAlpha)
    }
}

public enum ArchitectureCore {
    /// The largest whole number a layer or the input may hold (size, filters, stride, ...).
    public static let maxNumber = 1 << 16
    /// The most values one example may have at any layer's output (and at the input).
    public static let maxActivations: Int64 = 1 << 26
    /// The most trainable parameters a block may add up to (and a network may allocate).
    public static let maxParameters: Int64 = 500_000_000

    /// The product of `xs`, or nil on overflow.
    public static func product(_ xs: [Int64]) -> Int64? {
        var p: Int64 = 1
        for x in xs {
            let (r, overflow) = p.multipliedReportingOverflow(by: x)
            if overflow { return nil }
            p = r
        }
        return p
    }

    static func count(_ shape: [Int]) -> Int64 {
        var p: Int64 = 1
        for x in shape { p *= Int64(x) }
        return p
    }

    static func describe(_ shape: [Int]) -> String { StepText.shape(shape) }

    /// The whole numbers of a layer, by name, with their least allowed value (the most is `maxNumber`).
    static func numbers(of layer: ArchLayer) -> [(String, Int, Int)] {
        switch layer {
        case let .conv(filters, kh, kw, sh, sw, padding, d, _):
            var xs = [("filters", filters, 1), ("kernel", kh, 1), ("kernel", kw, 1), ("stride", sh, 1), ("stride", sw, 1), ("dilation", d, 1)]
            if case let .explicit(h, w) = padding { xs += [("padding", h, 0), ("padding", w, 0)] }
            return xs
        case let .maxpool(kh, kw, sh, sw, p), let .avgpool(kh, kw, sh, sw, p):
            return [("size", kh, 1), ("size", kw, 1), ("stride", sh, 1), ("stride", sw, 1), ("padding", p, 0)]
        case let .lrn(size, _, _, _):
            return [("size", size, 1)]
        case let .linear(n):
            return [("outputs", n, 1)]
        case .activation, .dropout, .flatten, .batchnorm, .globalAvgPool, .residual, .inception:
            return []
        }
    }

    /// The resolved window of a conv or pool layer; `at` prefixes a message.
    public static func window(_ layer: ArchLayer, _ at: String = "") throws(ArchError) -> ArchWindow {
        switch layer {
        case let .conv(_, kh, kw, sh, sw, padding, d, _):
            switch padding {
            case let .explicit(h, w): return ArchWindow(kernelH: kh, kernelW: kw, strideH: sh, strideW: sw, padH: h, padW: w, dilation: d)
            case .valid: return ArchWindow(kernelH: kh, kernelW: kw, strideH: sh, strideW: sw, padH: 0, padW: 0, dilation: d)
            case .same:
                guard sh == 1, sw == 1 else { throw ArchError(at + "padding 'same' needs stride 1, got \(sh == sw ? "\(sh)" : "\(sh)x\(sw)")") }
                let spanH = Int64(d) * Int64(kh - 1), spanW = Int64(d) * Int64(kw - 1)
                guard spanH % 2 == 0, spanW % 2 == 0 else { throw ArchError(at + "padding 'same' needs an odd kernel, got \(kh)x\(kw)") }
                return ArchWindow(kernelH: kh, kernelW: kw, strideH: 1, strideW: 1, padH: Int(clamping: spanH / 2), padW: Int(clamping: spanW / 2), dilation: d)
            }
        case let .maxpool(kh, kw, sh, sw, p), let .avgpool(kh, kw, sh, sw, p):
            return ArchWindow(kernelH: kh, kernelW: kw, strideH: sh, strideW: sw, padH: p, padW: p, dilation: 1)
        case .activation, .lrn, .dropout, .flatten, .linear, .batchnorm, .globalAvgPool, .residual, .inception:
            return ArchWindow(kernelH: 1, kernelW: 1, strideH: 1, strideW: 1, padH: 0, padW: 0, dilation: 1)
        }
    }

    /// A layer's output shape, trainable parameters and stored running statistics; blocks add
    /// up their inner layers. `at` prefixes a message with the inner layer's place.
    public static func infer(_ layer: ArchLayer, input: [Int], _ at: String = "") throws(ArchError) -> (out: [Int], params: Int64, buffers: Int64) {
        for (name, value, least) in numbers(of: layer) where value < least || value > maxNumber {
            throw ArchError(at + "\(name) \(value) is outside \(least)...\(maxNumber)")
        }
        switch layer {
        case .batchnorm:
            guard input.count == 3 || input.count == 1 else {
                throw ArchError(at + "needs [channels, height, width] or a flat input, got \(describe(input))")
            }
            return (input, 2 * Int64(input[0]), 2 * Int64(input[0]))
        case .globalAvgPool:
            guard input.count == 3 else { throw ArchError(at + "needs a [channels, height, width] input, got \(describe(input))") }
            return ([input[0], 1, 1], 0, 0)
        case let .residual(body, shortcut):
            let (out, params, buffers) = try sequence(body, input: input, what: "residual", at)
            if let shortcut {
                let s = try sequence(shortcut, input: input, what: "shortcut", at)
                guard s.out == out else {
                    throw ArchError(at + "the shortcut turns \(describe(input)) into \(describe(s.out)) but the body into \(describe(out)); they are added, so they must match")
                }
                return (out, params + s.params, buffers + s.buffers)
            }
            guard out != input else { return (out, params, buffers) }
            let projection = try residualProjection(input: input, output: out, at)
            return (out, params + projection.parameters, buffers)
        case let .inception(branches):
            var outs: [[Int]] = [], params: Int64 = 0, buffers: Int64 = 0
            for (b, branch) in branches.enumerated() {
                let r = try sequence(branch, input: input, what: "branch \(b + 1)", at)
                guard r.out.count == 3 else {
                    throw ArchError(at + "branch \(b + 1) ends in \(describe(r.out)); every branch must end in [channels, height, width]")
                }
                if let first = outs.first, first[1] != r.out[1] || first[2] != r.out[2] {
                    throw ArchError(at + "branch \(b + 1) ends in \(r.out[1])x\(r.out[2]) but branch 1 in \(first[1])x\(first[2]); the branches' maps must have the same size to be stacked")
                }
                outs.append(r.out)
                params += r.params
                buffers += r.buffers
            }
            var channels = 0
            for o in outs { channels += o[0] }
            return ([channels, outs[0][1], outs[0][2]], params, buffers)
        case .conv, .maxpool, .avgpool, .activation, .lrn, .dropout, .flatten, .linear:
            let (out, params) = try plain(layer, input: input, at)
            return (out, params, 0)
        }
    }

    /// The inner layers of a block, each checked like a top-level layer; messages name the inner layer.
    static func sequence(_ layers: [ArchLayer], input: [Int], what: String, _ at: String) throws(ArchError) -> (out: [Int], params: Int64, buffers: Int64) {
        var shape = input, params: Int64 = 0, buffers: Int64 = 0
        for (k, inner) in layers.enumerated() {
            let r = try infer(inner, input: shape, at + "\(what) layer \(k + 1) (\(inner.label)): ")
            let (p, overflow) = params.addingReportingOverflow(r.params)
            guard !overflow, p <= maxParameters else { throw ArchError(at + "the parameter count overflows") }
            (shape, params, buffers) = (r.out, p, buffers + r.buffers)
        }
        return (shape, params, buffers)
    }

    /// The 1×1 convolution that makes a residual block's shortcut match its body's output:
    /// the smallest stride whose 1x1 convolution lands on the body's map (7 → 4 takes stride 2).
    public static func residualProjection(input: [Int], output: [Int], _ at: String = "") throws(ArchError) -> (stride: Int, parameters: Int64) {
        guard input.count == 3, output.count == 3 else {
            throw ArchError(at + "the body turns \(describe(input)) into \(describe(output)); a residual block must keep [channels, height, width]")
        }
        func fits(_ s: Int, _ i: Int, _ o: Int) -> Bool {
            let r = Geometry.outputSize(input: i, kernel: 1, padding: 0, stride: s, dilation: 1)
            return r.error == nil && r.size == o
        }
        var stride: Int? = nil
        if output[1] >= 1 {
            for s in 1...max(input[1], 1) where fits(s, input[1], output[1]) && fits(s, input[2], output[2]) {
                stride = s
                break
            }
        }
        guard let stride else {
            throw ArchError(at + "the body turns \(describe(input)) into \(describe(output)), which no 1x1 projection with one stride can match on the shortcut")
        }
        return (stride, Int64(output[0]) * Int64(input[0]) + Int64(output[0]))
    }

    static func plain(_ layer: ArchLayer, input: [Int], _ at: String) throws(ArchError) -> ([Int], Int64) {
        switch layer {
        case .conv, .maxpool, .avgpool:
            guard input.count == 3 else {
                throw ArchError(at + "needs a [channels, height, width] input, got \(describe(input)) (a \(layer.kind) cannot follow flatten or linear)")
            }
            let (c, h, w) = (input[0], input[1], input[2])
            let win = try window(layer, at)
            let kh = win.kernelH, kw = win.kernelW
            let spanH = Int64(win.dilation) * Int64(kh - 1) + 1, spanW = Int64(win.dilation) * Int64(kw - 1) + 1
            if case .conv = layer {} else if win.padH * 2 > kh || win.padW * 2 > kw {
                throw ArchError(at + "padding \(win.padH) is more than half the window \(kh)x\(kw)")
            }
            guard spanH <= Int64(h + 2 * win.padH), spanW <= Int64(w + 2 * win.padW) else {
                let padded = win.padH == 0 && win.padW == 0 ? "" : " with padding \(win.padH == win.padW ? "\(win.padH)" : "\(win.padH)x\(win.padW)")"
                let what = win.dilation == 1 ? (layer.kind == "conv" ? "the kernel" : "the window") : "the dilated kernel (\(spanH)x\(spanW))"
                throw ArchError(at + "input \(describe(input))\(padded) is smaller than \(what)")
            }
            let oh = Geometry.outputSize(input: h, kernel: kh, padding: win.padH, stride: win.strideH, dilation: win.dilation).size
            let ow = Geometry.outputSize(input: w, kernel: kw, padding: win.padW, stride: win.strideW, dilation: win.dilation).size
            if case let .conv(filters, _, _, _, _, _, _, bias) = layer {
                guard let n = product([Int64(filters), Int64(c) * Int64(kh) * Int64(kw) + (bias ? 1 : 0)]) else {
                    throw ArchError(at + "the parameter count of \(filters) filters of \(c)x\(kh)x\(kw) overflows")
                }
                return ([filters, oh, ow], n)
            }
            return ([c, oh, ow], 0)
        case let .activation(kind, _):
            return (input, kind == .prelu ? 1 : 0)
        case let .lrn(size, _, _, _):
            guard input.count == 3 else { throw ArchError(at + "needs a [channels, height, width] input, got \(describe(input))") }
            guard size >= 1 else { throw ArchError(at + "size must be ≥ 1") }
            return (input, 0)
        case .dropout:
            return (input, 0)
        case .flatten:
            return ([Int(count(input))], 0)
        case let .linear(n):
            guard input.count == 1 else {
                throw ArchError(at + "needs a flat input, got \(describe(input)); add `- flatten` before it")
            }
            guard let weights = product([Int64(n), Int64(input[0]) + 1]) else {
                throw ArchError(at + "the parameter count of \(n) outputs from \(input[0]) inputs overflows")
            }
            return ([n], weights)
        case .batchnorm, .globalAvgPool, .residual, .inception:
            return (input, 0)
        }
    }

    /// The multiply-adds one example costs in `layer`, the values it leaves behind (a block
    /// counts every inner layer's output too: training keeps them all), and the receptive field
    /// after it. Convolutions cost `F·OH·OW·C·KH·KW`, linear layers `inputs·outputs` (biases,
    /// pooling, activations and normalisation are not counted: the papers' convention); a
    /// residual block adds its 1×1 projection, an inception block its branches.
    public static func cost(_ layer: ArchLayer, input: [Int], field: ArchField, _ at: String = "") throws(ArchError)
        -> (multiplyAdds: Int64, activations: Int64, field: ArchField) {
        let out = try infer(layer, input: input, at).out
        let values = count(out)
        switch layer {
        case let .conv(filters, kh, kw, _, _, _, _, _):
            let win = try window(layer, at)
            guard let macs = product([Int64(filters), Int64(out[1]), Int64(out[2]), Int64(input[0]), Int64(kh), Int64(kw)]) else {
                throw ArchError(at + "the multiply-add count overflows")
            }
            return (macs, values, field.through(kernel: (kh, kw), stride: (win.strideH, win.strideW), dilation: win.dilation))
        case .maxpool, .avgpool:
            let win = try window(layer, at)
            return (0, values, field.through(kernel: (win.kernelH, win.kernelW), stride: (win.strideH, win.strideW), dilation: 1))
        case let .linear(n):
            guard let macs = product([Int64(n), count(input)]) else { throw ArchError(at + "the multiply-add count overflows") }
            return (macs, values, field.whole())
        case .flatten, .globalAvgPool:
            return (0, values, field.whole())
        case .activation, .lrn, .dropout, .batchnorm:
            return (0, values, field)
        case let .residual(body, shortcut):
            let inner = try costSequence(body, input: input, field: field, what: "residual", at)
            if let shortcut {
                let s = try costSequence(shortcut, input: input, field: field, what: "shortcut", at)
                return (inner.multiplyAdds + s.multiplyAdds, inner.activations + s.activations + values, inner.field.joined(s.field))
            }
            guard inner.out != input else { return (inner.multiplyAdds, inner.activations + values, inner.field) }
            // The shortcut's 1×1 projection: one multiply-add per output value and input channel.
            _ = try residualProjection(input: input, output: inner.out, at)
            guard let macs = product([Int64(inner.out[0]), Int64(inner.out[1]), Int64(inner.out[2]), Int64(input[0])]) else {
                throw ArchError(at + "the multiply-add count overflows")
            }
            // The projected shortcut is one more map of the output's size.
            return (inner.multiplyAdds + macs, inner.activations + 2 * values, inner.field)
        case let .inception(branches):
            var total: Int64 = 0, activations = values, joined: ArchField? = nil
            for (b, branch) in branches.enumerated() {
                let inner = try costSequence(branch, input: input, field: field, what: "branch \(b + 1)", at)
                total += inner.multiplyAdds
                activations += inner.activations
                joined = joined.map { $0.joined(inner.field) } ?? inner.field
            }
            return (total, activations, joined ?? field)
        }
    }

    static func costSequence(_ layers: [ArchLayer], input: [Int], field: ArchField, what: String, _ at: String) throws(ArchError)
        -> (out: [Int], multiplyAdds: Int64, activations: Int64, field: ArchField) {
        var shape = input, total: Int64 = 0, values: Int64 = 0, field = field
        for (k, inner) in layers.enumerated() {
            let place = at + "\(what) layer \(k + 1) (\(inner.label)): "
            let c = try cost(inner, input: shape, field: field, place)
            shape = try infer(inner, input: shape, place).out
            (total, values, field) = (total + c.multiplyAdds, values + c.activations, c.field)
        }
        return (shape, total, values, field)
    }

    /// The weights-and-biases split of a conv (on a [C, H, W] input) or linear layer.
    static func split(_ layer: ArchLayer, input: [Int]) -> ArchSplit? {
        switch layer {
        case let .conv(filters, kh, kw, _, _, _, _, bias):
            guard input.count == 3 else { return nil }
            return ArchSplit(units: Int64(filters), weightsPerUnit: Int64(input[0]) * Int64(kh) * Int64(kw), biases: bias ? Int64(filters) : 0)
        case let .linear(n):
            return ArchSplit(units: Int64(n), weightsPerUnit: count(input), biases: Int64(n))
        case .maxpool, .avgpool, .activation, .lrn, .dropout, .flatten, .batchnorm, .globalAvgPool, .residual, .inception:
            return nil
        }
    }

    /// Throws unless the input is [C, H, W] with each side in 1...`maxNumber`.
    public static func checkInput(_ input: [Int]) throws(ArchTableError) {
        var fine = input.count == 3
        for x in input where x < 1 || x > maxNumber { fine = false }
        guard fine, count(input) <= maxActivations else {
            throw ArchTableError(layer: nil, label: "", message: "input \(describe(input)) must be [channels, height, width], each 1...\(maxNumber), at most \(maxActivations) values")
        }
    }

    /// Every layer's row of the table, in the language of `words`.
    /// - Throws: the first problem, naming the top-level layer.
    public static func table(input: [Int], layers: [ArchLayer], words: ArchWords) throws(ArchTableError) -> [ArchRow] {
        try checkInput(input)
        var shape = input, total: Int64 = 0, field = ArchField.pixel
        var counters: [(String, Int)] = [], rows: [ArchRow] = []
        for (i, layer) in layers.enumerated() {
            func fail(_ m: String) -> ArchTableError { ArchTableError(layer: i, label: layer.label, message: m) }
            let out: [Int], params: Int64, c: (multiplyAdds: Int64, activations: Int64, field: ArchField)
            do throws(ArchError) {
                (out, params, _) = try infer(layer, input: shape)
                c = try cost(layer, input: shape, field: field)
            } catch {
                throw fail(error.message)
            }
            field = c.field
            guard count(out) <= maxActivations else { throw fail("output \(describe(out)) has more than \(maxActivations) values") }
            let (sum, overflow) = total.addingReportingOverflow(params)
            guard !overflow else { throw fail("the parameter count overflows") }
            total = sum
            let family = layer.family
            var n = 1
            if let at = counters.firstIndex(where: { $0.0 == family }) {
                counters[at].1 += 1
                n = counters[at].1
            } else {
                counters.append((family, 1))
            }
            rows.append(ArchRow(index: i + 1, name: family + "\(n)", kind: layer.kind, description: description(layer, input: shape, words),
                                inputShape: shape, outputShape: out, parameters: params, multiplyAdds: c.multiplyAdds,
                                activations: c.activations, field: field, split: split(layer, input: shape)))
            shape = out
        }
        return rows
    }

    /// A number as the tables print it: no trailing zeros (`0.5`, `2`, `0.0001`).
    public static func number(_ x: Float) -> String {
        if let n = JSONWriter.whole(x), n > -10_000_000, n < 10_000_000 { return String(n) }
        return JSONWriter.shortest(x)
    }

    /// The one-line description: `conv 5x5, 6 filters, pad 2`, `linear 400 → 120`.
    public static func description(_ layer: ArchLayer, input: [Int], _ w: ArchWords) -> String {
        func size(_ a: Int, _ b: Int) -> String { a == b ? "\(a)" : "\(a)x\(b)" }
        func first(_ l: ArchLayer) -> String {
            let d = Array(description(l, input: [], w).utf8)
            let end = d.firstIndex(of: UInt8(ascii: ",")) ?? d.count
            return String(decoding: d[..<end], as: UTF8.self)
        }
        func chain(_ ls: [ArchLayer]) -> String { StepText.joined(ls.map(first), " → ") }
        switch layer {
        case let .conv(filters, kh, kw, sh, sw, padding, d, bias):
            var s = "conv \(kh)x\(kw), " + (filters == 1 ? w.oneFilter : StepText.fill(w.filters, [("n", "\(filters)")]))
            switch padding {
            case let .explicit(ph, pw) where ph > 0 || pw > 0: s += ", \(w.pad) \(size(ph, pw))"
            case .same: s += ", \(w.padSame)"
            default: break
            }
            if sh != 1 || sw != 1 { s += ", \(w.stride) \(size(sh, sw))" }
            if d != 1 { s += ", \(w.dilation) \(d)" }
            if !bias { s += ", \(w.noBias)" }
            return s
        case let .maxpool(kh, kw, sh, sw, p), let .avgpool(kh, kw, sh, sw, p):
            return "\(layer.kind) \(kh)x\(kw), \(w.stride) \(size(sh, sw))" + (p > 0 ? ", \(w.pad) \(p)" : "")
        case let .activation(kind, alpha):
            switch kind {
            case .prelu: return "prelu (" + StepText.fill(w.learnedAlpha, [("a", number(alpha ?? 0.25))]) + ")"
            case .leakyRelu, .elu: return "\(kind.rawValue) α=\(number(alpha ?? (kind == .elu ? 1 : 0.01)))"
            case .relu, .sigmoid, .tanh: return kind.rawValue
            }
        case let .lrn(size, alpha, beta, k):
            return "lrn \(w.size) \(size), α=\(number(alpha)), β=\(number(beta)), k=\(number(k))"
        case let .dropout(p):
            return "dropout p=\(number(p))"
        case .flatten:
            return "flatten \(describe(input)) → \(count(input))"
        case let .linear(n):
            return "linear \(input.first ?? 0) → \(n)"
        case .batchnorm:
            return "batchnorm, γ β \(input.first ?? 0)"
        case .globalAvgPool:
            return "global avgpool \(describe(input)) → \(input.first ?? 0)x1x1"
        case let .residual(body, shortcut):
            return "residual: " + chain(body) + (shortcut.map { " + (" + chain($0) + ")" } ?? " + x")
        case let .inception(branches):
            return "inception: " + StepText.joined(branches.map(chain), " | ")
        }
    }
}
