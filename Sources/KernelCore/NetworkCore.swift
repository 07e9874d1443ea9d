/// A trained feed-forward network in the page: the layer list and the weights of a model that
/// uses only convolutions, pooling, activations, dropout (identity at evaluation), flatten and
/// linear layers, stored in one compact binary (`encoded`, read back by `decode`) and run with
/// plain loops. The demo pages' drawing pad runs it in WebAssembly (`cw_forward`); the host
/// writes it from a checkpoint (`Pipeline/PageNetworkAsset.swift`).
///
/// The binary, all little-endian 32-bit words:
///
///     "CWNT"  version (1)  C H W  layerCount
///     layerCount × [kind, p0 ... p7]        (kinds and parameters: `Layer`)
///     floatCount  floatCount × f32          (each conv's w [F, C, KH, KW] then b [F];
///                                            each linear's w [Out, In] then b [Out]; in layer order)
public struct NetworkCore {
    public enum Layer: Equatable {
        /// `filters` kernels of kh × kw, stride, zero padding per side, dilation.
        case conv(filters: Int, kh: Int, kw: Int, strideH: Int, strideW: Int, padH: Int, padW: Int, dilation: Int)
        /// Max (padding reads −∞) or average (padding counted as zeros) pooling.
        case pool(max: Bool, sizeH: Int, sizeW: Int, strideH: Int, strideW: Int, pad: Int)
        case activation(CoreActivation, alpha: Float)
        /// Dropout at evaluation: the input unchanged.
        case identity
        case flatten
        case linear(outputs: Int)
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
        guard input.count == 3, input.allSatisfy({ $0 > 0 && $0 <= 4096 }) else { return (nil, "the input must be C x H x W with sizes 1 to 4096") }
        var shape = input
        var shapes: [[Int]] = []
        var need = 0
        for (i, layer) in layers.enumerated() {
            let at = "layer \(i + 1)"
            switch layer {
            case let .conv(f, kh, kw, sh, sw, ph, pw, d):
                guard shape.count == 3 else { return (nil, "\(at): a convolution needs C x H x W maps") }
                guard f > 0, f <= 4096, kh > 0, kw > 0, sh > 0, sw > 0, ph >= 0, pw >= 0, d > 0 else { return (nil, "\(at): convolution sizes must be positive") }
                let oh = Geometry.outputSize(input: shape[1], kernel: kh, padding: ph, stride: sh, dilation: d)
                let ow = Geometry.outputSize(input: shape[2], kernel: kw, padding: pw, stride: sw, dilation: d)
                guard oh.error == nil, ow.error == nil, oh.size > 0, ow.size > 0 else { return (nil, "\(at): the kernel does not fit the \(shape[1]) x \(shape[2]) maps") }
                need += f * shape[0] * kh * kw + f
                shape = [f, oh.size, ow.size]
            case let .pool(_, h, w, sh, sw, p):
                guard shape.count == 3 else { return (nil, "\(at): pooling needs C x H x W maps") }
                guard h > 0, w > 0, sh > 0, sw > 0, p >= 0, 2 * p <= min(h, w) else { return (nil, "\(at): pooling sizes must be positive, padding at most half the window") }
                let oh = Geometry.outputSize(input: shape[1], kernel: h, padding: p, stride: sh, dilation: 1)
                let ow = Geometry.outputSize(input: shape[2], kernel: w, padding: p, stride: sw, dilation: 1)
                guard oh.error == nil, ow.error == nil, oh.size > 0, ow.size > 0 else { return (nil, "\(at): the window does not fit the \(shape[1]) x \(shape[2]) maps") }
                shape = [shape[0], oh.size, ow.size]
            case .activation, .identity:
                break
            case .flatten:
                shape = [shape.reduce(1, *)]
            case let .linear(n):
                guard shape.count == 1 else { return (nil, "\(at): a linear layer needs a flat input (add flatten)") }
                guard n > 0, n <= 1 << 16 else { return (nil, "\(at): a linear layer needs 1 to 65536 outputs") }
                need += n * shape[0] + n
                shape = [n]
            }
            guard shape.reduce(1, *) <= 1 << 24 else { return (nil, "\(at): its output is too large") }
            shapes.append(shape)
        }
        guard need == weights.count else { return (nil, "the layers need \(need) weights, the file has \(weights.count)") }
        return (NetworkCore(input: input, layers: layers, weights: weights, shapes: shapes), nil)
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
        word(1)
        for d in input { int(d) }
        int(layers.count)
        for layer in layers {
            var p = [UInt32](repeating: 0, count: NetworkCore.wordsPerLayer)
            switch layer {
            case let .conv(f, kh, kw, sh, sw, ph, pw, d):
                p = [1, UInt32(f), UInt32(kh), UInt32(kw), UInt32(sh), UInt32(sw), UInt32(ph), UInt32(pw), UInt32(d)]
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
        guard word() == 1 else { return (nil, "network file version is not 1") }
        guard let c = word(), let h = word(), let w = word(), let count = word() else { return (nil, "network file too short") }
        guard Int(count) <= 1024, at + Int(count) * wordsPerLayer * 4 + 4 <= bytes.count else { return (nil, "network file too short for \(count) layers") }
        var layers: [Layer] = []
        let kinds: [CoreActivation] = [.identity, .sigmoid, .tanh, .relu, .leakyRelu, .prelu, .elu]
        for i in 0..<Int(count) {
            var p: [Int] = []
            var alphaBits: UInt32 = 0
            for k in 0..<wordsPerLayer {
                let v = word()!
                if k == 2 { alphaBits = v }
                p.append(Int(min(v, 1 << 20)))
            }
            switch p[0] {
            case 1: layers.append(.conv(filters: p[1], kh: p[2], kw: p[3], strideH: p[4], strideW: p[5], padH: p[6], padW: p[7], dilation: p[8]))
            case 2, 3: layers.append(.pool(max: p[0] == 2, sizeH: p[1], sizeW: p[2], strideH: p[3], strideW: p[4], pad: p[5]))
            case 4:
                guard p[1] < kinds.count else { return (nil, "layer \(i + 1): unknown activation \(p[1])") }
                layers.append(.activation(kinds[p[1]], alpha: Float(bitPattern: alphaBits)))
            case 5: layers.append(.identity)
            case 6: layers.append(.flatten)
            case 7: layers.append(.linear(outputs: p[1]))
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
        for (i, layer) in layers.enumerated() {
            let out = shapes[i]
            switch layer {
            case let .conv(f, kh, kw, sh, sw, ph, pw, d):
                h = conv(h, shape, out, f: f, kh: kh, kw: kw, sh: sh, sw: sw, ph: ph, pw: pw, d: d, at: offset)
                offset += f * shape[0] * kh * kw + f
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
            }
            shape = out
            outputs.append(Output(shape: out, values: h))
        }
        return outputs
    }

    private func conv(_ x: [Float], _ inShape: [Int], _ outShape: [Int], f: Int, kh: Int, kw: Int, sh: Int, sw: Int,
                      ph: Int, pw: Int, d: Int, at offset: Int) -> [Float] {
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
                                yv[(o * oh + r) * ow + q] = s + w[bias + o]
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
