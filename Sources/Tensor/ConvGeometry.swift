/// Every size of one 2-D convolution, checked once at the boundary of a kernel.
///
/// x: [N, C, H, W], w: [F, C, KH, KW] → y: [N, F, OH, OW]. The fast and naive kernels,
/// im2col and the transposed convolution all read their loop bounds from here.
struct ConvGeometry: Equatable {
    var n, c, h, w: Int
    var f, kh, kw: Int
    var oh, ow: Int
    var o: Conv2DOptions

    /// Rows of the im2col matrix's transpose: one per (c, i, j) kernel tap.
    var patch: Int { c * kh * kw }
    /// Output cells per feature map.
    var outPlane: Int { oh * ow }
    var inPlane: Int { h * w }

    /// Validates the options and the image/kernel extents and computes the output size.
    /// - Throws: `TensorError` naming `op` when the stride, dilation or padding is out of
    ///   range or the kernel does not fit the padded input.
    init(op: String, n: Int, c: Int, h: Int, w: Int, f: Int, kh: Int, kw: Int, _ o: Conv2DOptions) throws {
        guard o.strideH >= 1, o.strideW >= 1 else {
            throw TensorError(op: op, "stride must be at least 1, got \(o.strideH)x\(o.strideW)")
        }
        guard o.padH >= 0, o.padW >= 0 else {
            throw TensorError(op: op, "padding must not be negative, got \(o.padH)x\(o.padW)")
        }
        guard o.dilationH >= 1, o.dilationW >= 1 else {
            throw TensorError(op: op, "dilation must be at least 1, got \(o.dilationH)x\(o.dilationW)")
        }
        guard kh >= 1, kw >= 1 else { throw TensorError(op: op, "kernel \(kh)x\(kw) is empty") }
        guard n >= 1, c >= 1, h >= 1, w >= 1 else {
            throw TensorError(op: op, "input \(n)x\(c)x\(h)x\(w) is empty")
        }
        guard f >= 1 else { throw TensorError(op: op, "there must be at least one filter, got \(f)") }
        let spanH = o.dilationH * (kh - 1) + 1, spanW = o.dilationW * (kw - 1) + 1
        guard spanH <= h + 2 * o.padH, spanW <= w + 2 * o.padW else {
            let dil = (o.dilationH, o.dilationW) == (1, 1) ? "" : " (dilation \(o.dilationH)x\(o.dilationW) spans \(spanH)x\(spanW))"
            throw TensorError(op: op, "kernel \(kh)x\(kw)\(dil) does not fit input \(h)x\(w) with padding \(o.paddingDescription)")
        }
        self.n = n; self.c = c; self.h = h; self.w = w
        self.f = f; self.kh = kh; self.kw = kw
        self.oh = (h + 2 * o.padH - spanH) / o.strideH + 1
        self.ow = (w + 2 * o.padW - spanW) / o.strideW + 1
        self.o = o
    }

    /// Checks x: [N, C, H, W], w: [F, C, KH, KW] and bias: [F] and derives the geometry.
    init(op: String, x: [Int], w: [Int], bias: [Int]?, _ o: Conv2DOptions) throws {
        try Self.checkOperands(op: op, x: x, "[N, C, H, W]", w: w, "[F, C, KH, KW]", channelAxis: 1)
        if let bias {
            guard bias == [w[0]] else {
                throw TensorError(op: op, "bias \(Tensor.describe(bias)) must have one value per filter (\(w[0]))")
            }
        }
        try self.init(op: op, n: x[0], c: x[1], h: x[2], w: x[3], f: w[0], kh: w[2], kw: w[3], o)
    }

    /// Checks that x and w are rank 4 (named by their layouts in the message) and that x's
    /// channels are w's axis `channelAxis` (1 for a convolution, 0 for a transposed one).
    static func checkOperands(op: String, x: [Int], _ xLayout: String, w: [Int], _ wLayout: String, channelAxis: Int) throws {
        guard x.count == 4 else {
            throw TensorError(op: op, "input must be rank 4 \(xLayout), got \(Tensor.describe(x))")
        }
        guard w.count == 4 else {
            throw TensorError(op: op, "weights must be rank 4 \(wLayout), got \(Tensor.describe(w))")
        }
        guard x[1] == w[channelAxis] else {
            throw TensorError(op: op, "input \(Tensor.describe(x)) has \(x[1]) channels but weights \(Tensor.describe(w)) expect \(w[channelAxis])")
        }
    }

    var inputShape: [Int] { [n, c, h, w] }
    var weightShape: [Int] { [f, c, kh, kw] }
    var outputShape: [Int] { [n, f, oh, ow] }

    /// Calls `body` for every product the convolution sums: output cell (n, f, oh, ow) takes
    /// x[n, c, ih, iw] · w[f, c, i, j] with ih = oh·SH − PH + i·DH and iw = ow·SW − PW + j·DW,
    /// skipping the taps that land in the zero padding. The naive kernels, the transposed
    /// convolution's oracle and the convolution matrix are all this loop.
    func forEachTap(_ body: (_ n: Int, _ f: Int, _ oh: Int, _ ow: Int,
                             _ c: Int, _ i: Int, _ j: Int, _ ih: Int, _ iw: Int) -> Void) {
        for n in 0..<n {
            for f in 0..<f {
                for oh in 0..<oh {
                    for ow in 0..<ow {
                        for c in 0..<c {
                            for i in 0..<kh {
                                for j in 0..<kw {
                                    let ih = oh * o.strideH - o.padH + i * o.dilationH
                                    let iw = ow * o.strideW - o.padW + j * o.dilationW
                                    guard ih >= 0, ih < h, iw >= 0, iw < w else { continue }
                                    body(n, f, oh, ow, c, i, j, ih, iw)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Checks that `dy` has this convolution's output shape.
    func checkOutputGradient(_ dy: [Int], op: String) throws {
        guard dy == outputShape else {
            throw TensorError(op: op, "output gradient \(Tensor.describe(dy)) must match the output \(Tensor.describe(outputShape))")
        }
    }
}

extension ConvGeometry {
    /// A geometry derived from one already checked (the dual convolution that gives dX), with
    /// its output size given rather than recomputed.
    init(n: Int, c: Int, h: Int, w: Int, f: Int, kh: Int, kw: Int, oh: Int, ow: Int, o: Conv2DOptions) {
        (self.n, self.c, self.h, self.w, self.f, self.kh, self.kw, self.oh, self.ow, self.o) = (n, c, h, w, f, kh, kw, oh, ow, o)
    }
}

extension Tensor {
    /// A tensor of `shape` [N, C, H, W] whose every cell of channel c is bias[c] (zeros
    /// without a bias): where a convolution's sums start.
    init(channels bias: Tensor?, shape: [Int]) {
        self.init(shape: shape)
        guard let bias else { return }
        let plane = shape[2] * shape[3]
        for n in 0..<shape[0] {
            for c in 0..<shape[1] {
                let base = (n * shape[1] + c) * plane
                for k in 0..<plane { data[base + k] = bias.data[c] }
            }
        }
    }

    /// Σ over n, h and w of self[n, c, h, w], per channel c, in that order: the gradient of
    /// a bias added per channel.
    func channelSums() -> Tensor {
        let (channels, plane) = (shape[1], shape[2] * shape[3])
        var sums = Tensor(shape: [channels])
        for n in 0..<shape[0] {
            for c in 0..<channels {
                let base = (n * channels + c) * plane
                for k in 0..<plane { sums.data[c] += data[base + k] }
            }
        }
        return sums
    }
}
