/// A trained feed-forward network in the page: the layer list and the weights of a model made of
/// convolutions (with or without bias), pooling, activations, dropout (identity at evaluation),
/// flatten, linear layers, batch normalisation at inference, global average pooling and residual
/// blocks, stored in one compact binary (`encoded`, read back by `decode`) and run with plain
/// loops. The demo pages' drawing pad runs it in WebAssembly (`cw_forward`); the host writes it
/// from a checkpoint (`Pipeline/PageNetworkAsset.swift`).
///
/// The list stays flat: a residual block y = F(x) + S(x) is `save`, F's layers, then `add` for
/// the identity shortcut, or `save`, F's layers, `swap`, S's layers (a 1×1 projection is one
/// `conv`), `add`. `save` pushes its input on a stack (its output is its input); `swap` outputs
/// the saved map and keeps F(x) in its place; `add` adds the top of the stack to its input and
/// pops it. Every one of these is a layer with an output, so the walk can show x, F(x), S(x) and
/// the sum.
///
/// The binary, all little-endian 32-bit words:
///
///     "CWNT"  version (2; version 1 files are read too)  C H W  layerCount
///     layerCount × [kind, p0 ... p7]        (kinds and parameters: `Layer`; version 1 has
///                                            kinds 1 to 7 only, every conv with a bias)
///     floatCount  floatCount × f32          (in layer order: each conv's w [F, C, KH, KW] then
///                                            b [F] when it has one; each linear's w [Out, In]
///                                            then b [Out]; each batchnorm's γ, β, running mean,
///                                            running variance, [C] each)
///
/// Kinds: 1 conv (with bias), 2 max pool, 3 average pool, 4 activation, 5 identity, 6 flatten,
/// 7 linear; version 2 adds 8 conv without bias (same words as 1), 9 batchnorm (p0 = ε as f32
/// bits), 10 global average pool, 11 save, 12 swap, 13 add.
public struct NetworkCore {
    public enum Layer: Equatable {
        /// `filters` kernels of kh × kw, stride, zero padding per side, dilation; a bias per
        /// filter unless `bias` is false (as before a batch normalisation).
        case conv(filters: Int, kh: Int, kw: Int, strideH: Int, strideW: Int, padH: Int, padW: Int, dilation: Int, bias: Bool = true)
        /// Max (padding reads −∞) or average (padding counted as zeros) pooling.
        case pool(max: Bool, sizeH: Int, sizeW: Int, strideH: Int, strideW: Int, pad: Int)
        case activation(CoreActivation, alpha: Float)
        /// Dropout at evaluation: the input unchanged.
        case identity
        case flatten
        case linear(outputs: Int)
        /// Batch normalisation with running statistics: y = γ (x − μ) / √(σ² + ε) + β per channel
        /// (per unit on a flat input).
        case batchnorm(epsilon: Float)
        /// [C, H, W] → [C, 1, 1]: each map's mean.
        case globalAvgPool
        /// Residual blocks (see above): push the input; exchange the input with the saved map;
        /// add the saved map and pop it.
        case save, swap, add
    }

    /// One layer's output: its shape ([C, H, W] or [n]) and values, row-major.
    public struct Output {
        public var shape: [Int]
        public var values: [Float]
    }

    public var input: [Int]
    public var layers: [Layer]
    public var weights: [Float]
    /// Each layer's output shape, checked by `init`.
    public let shapes: [[Int]]

    /// - Returns: nil and a message when the layers do not fit the input or the weights.
    public static func make(input: [Int], layers: [Layer], weights: [Float]) -> (network: NetworkCore?, error: String?) {
        let checked = shapes(input: input, layers: layers)
        guard let shapes = checked.shapes else { return (nil, checked.error) }
        guard checked.weights == weights.count else { return (nil, "the layers need \(checked.weights) weights, the file has \(weights.count)") }
        return (NetworkCore(input: input, layers: layers, weights: weights, shapes: shapes), nil)
    }

    /// Each layer's output shape and how many weights the layers read, or why they do not fit
    /// `input` ([C, H, W]). Open blocks (a `save` without its `add`) are refused only when
    /// `complete`, so that a writer can ask for the shape in the middle of a block.
    public static func shapes(input: [Int], layers: [Layer], complete: Bool = true) -> (shapes: [[Int]]?, weights: Int, error: String?) {
        guard input.count == 3, input.allSatisfy({ $0 > 0 && $0 <= 4096 }) else { return (nil, 0, "the input must be C x H x W with sizes 1 to 4096") }
        var shape = input
        var shapes: [[Int]] = []
        var need = 0
        var saved: [[Int]] = []  // the shapes on the residual stack
        for (i, layer) in layers.enumerated() {
            let at = "layer \(i + 1)"
            switch layer {
            case let .conv(f, kh, kw, sh, sw, ph, pw, d, bias):
                guard shape.count == 3 else { return (nil, 0, "\(at): a convolution needs C x H x W maps") }
                guard f > 0, f <= 4096, kh > 0, kw > 0, sh > 0, sw > 0, ph >= 0, pw >= 0, d > 0 else { return (nil, 0, "\(at): convolution sizes must be positive") }
                let oh = Geometry.outputSize(input: shape[1], kernel: kh, padding: ph, stride: sh, dilation: d)
                let ow = Geometry.outputSize(input: shape[2], kernel: kw, padding: pw, stride: sw, dilation: d)
                guard oh.error == nil, ow.error == nil, oh.size > 0, ow.size > 0 else { return (nil, 0, "\(at): the kernel does not fit the \(shape[1]) x \(shape[2]) maps") }
                need += f * shape[0] * kh * kw + (bias ? f : 0)
                shape = [f, oh.size, ow.size]
            case let .pool(_, h, w, sh, sw, p):
                guard shape.count == 3 else { return (nil, 0, "\(at): pooling needs C x H x W maps") }
                guard h > 0, w > 0, sh > 0, sw > 0, p >= 0, 2 * p <= min(h, w) else { return (nil, 0, "\(at): pooling sizes must be positive, padding at most half the window") }
                let oh = Geometry.outputSize(input: shape[1], kernel: h, padding: p, stride: sh, dilation: 1)
                let ow = Geometry.outputSize(input: shape[2], kernel: w, padding: p, stride: sw, dilation: 1)
                guard oh.error == nil, ow.error == nil, oh.size > 0, ow.size > 0 else { return (nil, 0, "\(at): the window does not fit the \(shape[1]) x \(shape[2]) maps") }
                shape = [shape[0], oh.size, ow.size]
            case .activation, .identity:
                break
            case .flatten:
                shape = [shape.reduce(1, *)]
            case let .linear(n):
                guard shape.count == 1 else { return (nil, 0, "\(at): a linear layer needs a flat input (add flatten)") }
                guard n > 0, n <= 1 << 16 else { return (nil, 0, "\(at): a linear layer needs 1 to 65536 outputs") }
                need += n * shape[0] + n
                shape = [n]
            case let .batchnorm(eps):
                guard shape.count == 3 || shape.count == 1 else { return (nil, 0, "\(at): batch normalisation needs C x H x W maps or a flat input") }
                guard eps > 0, eps < 1 else { return (nil, 0, "\(at): batch normalisation needs 0 < epsilon < 1") }
                need += 4 * shape[0]
            case .globalAvgPool:
                guard shape.count == 3 else { return (nil, 0, "\(at): global average pooling needs C x H x W maps") }
                shape = [shape[0], 1, 1]
            case .save:
                guard saved.count < 64 else { return (nil, 0, "\(at): more than 64 nested blocks") }
                saved.append(shape)
            case .swap:
                guard let top = saved.popLast() else { return (nil, 0, "\(at): swap without a saved map (add save first)") }
                saved.append(shape)
                shape = top
            case .add:
                guard let top = saved.popLast() else { return (nil, 0, "\(at): add without a saved map (add save first)") }
                guard top == shape else { return (nil, 0, "\(at): cannot add \(describe(top)) to \(describe(shape))") }
            }
            guard shape.reduce(1, *) <= 1 << 24 else { return (nil, 0, "\(at): its output is too large") }
            shapes.append(shape)
        }
        guard saved.isEmpty || !complete else { return (nil, 0, "\(saved.count) saved maps are never added (a block without add)") }
        return (shapes, need, nil)
    }

    static func describe(_ shape: [Int]) -> String {
        var text = ""
        for (k, d) in shape.enumerated() { text += (k == 0 ? "" : " x ") + "\(d)" }
        return text
    }

    private init(input: [Int], layers: [Layer], weights: [Float], shapes: [[Int]]) {
        (self.input, self.layers, self.weights, self.shapes) = (input, layers, weights, shapes)
    }

    // MARK: the binary

    static let magic: [UInt8] = [0x43, 0x57, 0x4E, 0x54]  // "CWNT"
    static let wordsPerLayer = 9

    /// The binary described above.
    public var encoded: [UInt8] {
        var out = NetworkCore.magic
        out.reserveCapacity(32 + layers.count * 36 + weights.count * 4)
        func word(_ v: UInt32) { for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) } }
        func int(_ v: Int) { word(UInt32(truncatingIfNeeded: v)) }
        word(2)
        for d in input { int(d) }
        int(layers.count)
        for layer in layers {
            var p = [UInt32](repeating: 0, count: NetworkCore.wordsPerLayer)
            switch layer {
            case let .conv(f, kh, kw, sh, sw, ph, pw, d, bias):
                p = [bias ? 1 : 8, UInt32(f), UInt32(kh), UInt32(kw), UInt32(sh), UInt32(sw), UInt32(ph), UInt32(pw), UInt32(d)]
            case let .pool(isMax, h, w, sh, sw, pad):
                p = [isMax ? 2 : 3, UInt32(h), UInt32(w), UInt32(sh), UInt32(sw), UInt32(pad), 0, 0, 0]
            case let .activation(a, alpha):
                let kinds: [CoreActivation] = [.identity, .sigmoid, .tanh, .relu, .leakyRelu, .prelu, .elu]
                p[0] = 4
                p[1] = UInt32(kinds.firstIndex(of: a) ?? 0)
                p[2] = alpha.bitPattern
            case .identity: p[0] = 5
            case .flatten: p[0] = 6
            case let .linear(n): p[0] = 7; p[1] = UInt32(n)
            case let .batchnorm(eps): p[0] = 9; p[1] = eps.bitPattern
            case .globalAvgPool: p[0] = 10
            case .save: p[0] = 11
            case .swap: p[0] = 12
            case .add: p[0] = 13
            }
            for v in p { word(v) }
        }
        int(weights.count)
        for w in weights { word(w.bitPattern) }
        return out
    }

    /// Reads the binary back.
    /// - Returns: the network, or nil and what is wrong with the bytes.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> (network: NetworkCore?, error: String?) {
        var at = 0
        func word() -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for k in 0..<4 { v |= UInt32(bytes[at + k]) << (8 * UInt32(k)) }
            at += 4
            return v
        }
        guard bytes.count >= 24, (0..<4).allSatisfy({ bytes[$0] == magic[$0] }) else { return (nil, "not a network file (no CWNT header)") }
        at = 4
        guard let version = word(), version == 1 || version == 2 else { return (nil, "network file version is not 1 or 2") }
        guard let c = word(), let h = word(), let w = word(), let count = word() else { return (nil, "network file too short") }
        guard Int(count) <= 1024, at + Int(count) * wordsPerLayer * 4 + 4 <= bytes.count else { return (nil, "network file too short for \(count) layers") }
        var layers: [Layer] = []
        let kinds: [CoreActivation] = [.identity, .sigmoid, .tanh, .relu, .leakyRelu, .prelu, .elu]
        for i in 0..<Int(count) {
            var p: [Int] = []
            var bits: [UInt32] = []
            for _ in 0..<wordsPerLayer {
                let v = word()!
                bits.append(v)
                p.append(Int(min(v, 1 << 20)))
            }
            guard version == 2 || p[0] <= 7 else { return (nil, "layer \(i + 1): kind \(p[0]) needs a version 2 network file") }
            switch p[0] {
            case 1, 8:
                layers.append(.conv(filters: p[1], kh: p[2], kw: p[3], strideH: p[4], strideW: p[5], padH: p[6], padW: p[7], dilation: p[8], bias: p[0] == 1))
            case 2, 3: layers.append(.pool(max: p[0] == 2, sizeH: p[1], sizeW: p[2], strideH: p[3], strideW: p[4], pad: p[5]))
            case 4:
                guard p[1] < kinds.count else { return (nil, "layer \(i + 1): unknown activation \(p[1])") }
                layers.append(.activation(kinds[p[1]], alpha: Float(bitPattern: bits[2])))
            case 5: layers.append(.identity)
            case 6: layers.append(.flatten)
            case 7: layers.append(.linear(outputs: p[1]))
            case 9: layers.append(.batchnorm(epsilon: Float(bitPattern: bits[1])))
            case 10: layers.append(.globalAvgPool)
            case 11: layers.append(.save)
            case 12: layers.append(.swap)
            case 13: layers.append(.add)
            default: return (nil, "layer \(i + 1): unknown kind \(p[0])")
            }
        }
        let n = Int(word()!)
        guard n <= (bytes.count - at) / 4, at + 4 * n == bytes.count else { return (nil, "network file has \(bytes.count - at) bytes of weights, its header says \(n) floats") }
        var weights = [Float](repeating: 0, count: n)
        for i in 0..<n { weights[i] = Float(bitPattern: word()!) }
        return make(input: [Int(c), Int(h), Int(w)], layers: layers, weights: weights)
    }

    // MARK: the forward pass

    /// Runs one image ([C, H, W] row-major) through every layer.
    /// - Returns: each layer's output, in order (the last holds the logits); nil when `x` has the wrong size.
    public func forward(_ x: [Float]) -> [Output]? {
        guard x.count == input.reduce(1, *) else { return nil }
        var outputs: [Output] = []
        outputs.reserveCapacity(layers.count)
        var shape = input
        var h = x
        var offset = 0  // into `weights`
        var saved: [[Float]] = []
        for (i, layer) in layers.enumerated() {
            let out = shapes[i]
            switch layer {
            case let .conv(f, kh, kw, sh, sw, ph, pw, d, bias):
                h = conv(h, shape, out, f: f, kh: kh, kw: kw, sh: sh, sw: sw, ph: ph, pw: pw, d: d, bias: bias, at: offset)
                offset += f * shape[0] * kh * kw + (bias ? f : 0)
            case let .pool(isMax, ph, pw, sh, sw, pad):
                h = pool(h, shape, out, isMax: isMax, kh: ph, kw: pw, sh: sh, sw: sw, pad: pad)
            case let .activation(a, alpha):
                for k in h.indices { h[k] = a.value(h[k], alpha: alpha) }
            case .identity, .flatten:
                break
            case let .linear(n):
                let m = shape[0]
                var y = [Float](repeating: 0, count: n)
                weights.withUnsafeBufferPointer { w in
                    h.withUnsafeBufferPointer { xv in
                        for o in 0..<n {
                            var s: Float = 0
                            let row = offset + o * m
                            for k in 0..<m { s += w[row + k] * xv[k] }
                            y[o] = s + w[offset + n * m + o]
                        }
                    }
                }
                h = y
                offset += n * m + n
            case let .batchnorm(eps):
                // As the host's evaluation pass: scale γ/√(σ² + ε) and shift β − scale·μ, one pass.
                let c = shape[0], plane = h.count / c
                for ch in 0..<c {
                    let scale = weights[offset + ch] * (1 / (weights[offset + 3 * c + ch] + eps).squareRoot())
                    let shift = weights[offset + c + ch] - scale * weights[offset + 2 * c + ch]
                    for k in (ch * plane)..<((ch + 1) * plane) { h[k] = h[k] * scale + shift }
                }
                offset += 4 * c
            case .globalAvgPool:
                let c = shape[0], plane = h.count / c
                var y = [Float](repeating: 0, count: c)
                for ch in 0..<c {
                    var s: Float = 0
                    for k in (ch * plane)..<((ch + 1) * plane) { s += h[k] }
                    y[ch] = s / Float(plane)
                }
                h = y
            case .save:
                saved.append(h)
            case .swap:
                let top = saved.removeLast()
                saved.append(h)
                h = top
            case .add:
                let top = saved.removeLast()
                for k in h.indices { h[k] += top[k] }
            }
            shape = out
            outputs.append(Output(shape: out, values: h))
        }
        return outputs
    }

    private func conv(_ x: [Float], _ inShape: [Int], _ outShape: [Int], f: Int, kh: Int, kw: Int, sh: Int, sw: Int,
                      ph: Int, pw: Int, d: Int, bias hasBias: Bool, at offset: Int) -> [Float] {
        let (c, ih, iw) = (inShape[0], inShape[1], inShape[2])
        let (oh, ow) = (outShape[1], outShape[2])
        var y = [Float](repeating: 0, count: f * oh * ow)
        let bias = offset + f * c * kh * kw
        weights.withUnsafeBufferPointer { w in
            x.withUnsafeBufferPointer { xv in
                y.withUnsafeMutableBufferPointer { yv in
                    for o in 0..<f {
                        for r in 0..<oh {
                            for q in 0..<ow {
                                var s: Float = 0
                                for ch in 0..<c {
                                    for a in 0..<kh {
                                        let yy = r * sh - ph + a * d
                                        if yy < 0 || yy >= ih { continue }
                                        for b in 0..<kw {
                                            let xx = q * sw - pw + b * d
                                            if xx < 0 || xx >= iw { continue }
                                            s += w[offset + ((o * c + ch) * kh + a) * kw + b] * xv[(ch * ih + yy) * iw + xx]
                                        }
                                    }
                                }
                                yv[(o * oh + r) * ow + q] = hasBias ? s + w[bias + o] : s
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    private func pool(_ x: [Float], _ inShape: [Int], _ outShape: [Int], isMax: Bool, kh: Int, kw: Int, sh: Int, sw: Int, pad: Int) -> [Float] {
        let (c, ih, iw) = (inShape[0], inShape[1], inShape[2])
        let (oh, ow) = (outShape[1], outShape[2])
        var y = [Float](repeating: 0, count: c * oh * ow)
        for ch in 0..<c {
            for r in 0..<oh {
                for q in 0..<ow {
                    var best = -Float.infinity
                    var sum: Float = 0
                    for a in 0..<kh {
                        let yy = r * sh - pad + a
                        if yy < 0 || yy >= ih { continue }
                        for b in 0..<kw {
                            let xx = q * sw - pad + b
                            if xx < 0 || xx >= iw { continue }
                            let v = x[(ch * ih + yy) * iw + xx]
                            if v > best { best = v }
                            sum += v
                        }
                    }
                    y[(ch * oh + r) * ow + q] = isMax ? best : sum / Float(kh * kw)
                }
            }
        }
        return y
    }
}
