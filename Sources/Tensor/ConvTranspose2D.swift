import KernelCore

/// Stride, padding, output padding and dilation of a transposed convolution.
///
/// The output is (I − 1)·S − 2P + D(K − 1) + OP + 1 per axis: the input size of the
/// convolution with the same options whose output has size I. Output padding OP (< S)
/// picks among the input sizes that a strided convolution maps to the same I.
public struct ConvTranspose2DOptions: Equatable, Hashable, Sendable, Codable {
    /// Stride, padding and dilation of the convolution this one transposes.
    public var conv: Conv2DOptions
    public var outputPaddingH: Int, outputPaddingW: Int

    public init(stride: Int = 1, padding: Int = 0, outputPadding: Int = 0, dilation: Int = 1) {
        conv = Conv2DOptions(stride: stride, padding: padding, dilation: dilation)
        outputPaddingH = outputPadding
        outputPaddingW = outputPadding
    }

    public init(conv: Conv2DOptions, outputPaddingH: Int = 0, outputPaddingW: Int = 0) {
        self.conv = conv
        self.outputPaddingH = outputPaddingH
        self.outputPaddingW = outputPaddingW
    }

    /// The output height and width for an input of `input` (H, W) and a kernel of `kernel`
    /// (KH, KW), or nil when the arithmetic overflows `Int` (a huge stride or dilation).
    /// Callers that allocate check the product against their own limit first.
    public func outputSize(input: (Int, Int), kernel: (Int, Int)) -> (Int, Int)? {
        // The same arithmetic as the in-page engine's, from one place.
        ConvTransposeCore.Options(stride: (conv.strideH, conv.strideW), padding: (conv.padH, conv.padW),
                                  outputPadding: (outputPaddingH, outputPaddingW), dilation: (conv.dilationH, conv.dilationW))
            .outputSize(input: input, kernel: kernel)
    }
}

/// Transposed convolution ("deconvolution"): the adjoint of `Conv2D` with respect to its
/// input. Each input cell scatters a copy of the kernel, scaled by its value, into the
/// output; the fast path is exactly conv2d's dx = col2im(Wᵀ · dY).
public enum ConvTranspose2D {
    /// Shape contract: x: [N, Cin, H, W], w: [Cin, Cout, KH, KW] (PyTorch's layout),
    /// bias: [Cout] → [N, Cout, OH, OW] with OH = (H − 1)·SH − 2·PH + DH(KH − 1) + OPH + 1.
    /// - Throws: `TensorError` (op `convTranspose2d`) for wrong ranks, mismatched channels or
    ///   bias, bad options, or an output that would be empty.
    public static func forward(_ x: Tensor, _ w: Tensor, bias: Tensor? = nil,
                               _ o: ConvTranspose2DOptions = ConvTranspose2DOptions()) throws -> Tensor {
        let g = try geometry(op: "convTranspose2d", x: x.shape, w: w.shape, bias: bias?.shape, o)
        var y = Conv2D.inputGradientKernel(w.data, x.data, g)
        if let bias {
            let plane = g.inPlane
            for n in 0..<g.n {
                for c in 0..<g.c {
                    let base = (n * g.c + c) * plane
                    for k in 0..<plane { y[base + k] += bias.data[c] }
                }
            }
        }
        return Tensor(checked: g.inputShape, y)
    }

    /// The gradients given dy: [N, Cout, OH, OW]: dx = conv2d(dy, w), dw = conv2d's weight
    /// gradient with the roles of input and output swapped, db = Σ dy per output channel.
    /// - Throws: `TensorError` (op `convTranspose2d.backward`) when the shapes do not agree.
    public static func backward(x: Tensor, w: Tensor, dy: Tensor,
                                _ o: ConvTranspose2DOptions = ConvTranspose2DOptions()) throws -> Conv2DGradients {
        let g = try backwardGeometry(x: x, w: w, dy: dy, o)
        let dx = Conv2D.forwardKernel(dy.data, w.data, nil, g)
        let dw = Conv2D.backwardKernel(dy.data, w.data, x.data, g, inputGradient: false).dw
        return Conv2DGradients(dx: Tensor(checked: x.shape, dx), dw: Tensor(checked: w.shape, dw), db: dy.channelSums())
    }

    /// The oracle: every input cell scatters the kernel into the output,
    /// y[n, co, ih·S − P + i·D, iw·S − P + j·D] += x[n, ci, ih, iw] · w[ci, co, i, j],
    /// skipping targets that fall in the cropped padding. These are exactly the products of
    /// the convolution being transposed, read from its output side.
    /// - Throws: the same `TensorError`s as `forward`.
    public static func naiveForward(_ x: Tensor, _ w: Tensor, bias: Tensor? = nil,
                                    _ o: ConvTranspose2DOptions = ConvTranspose2DOptions()) throws -> Tensor {
        let g = try geometry(op: "convTranspose2d", x: x.shape, w: w.shape, bias: bias?.shape, o)
        var y = Tensor(channels: bias, shape: g.inputShape)
        // In the convolution's names: (f, oh, ow) is this op's input cell (ci, ih, iw) and
        // (c, ih, iw) is its output cell (co, oh, ow).
        g.forEachTap { n, ci, ih, iw, co, i, j, oh, ow in
            y[n, co, oh, ow] += x[n, ci, ih, iw] * w[ci, co, i, j]
        }
        return y
    }

    /// The oracle for `backward`: the same products as `naiveForward`, read the other way.
    /// - Throws: the same `TensorError`s as `backward`.
    public static func naiveBackward(x: Tensor, w: Tensor, dy: Tensor,
                                     _ o: ConvTranspose2DOptions = ConvTranspose2DOptions()) throws -> Conv2DGradients {
        let g = try backwardGeometry(x: x, w: w, dy: dy, o)
        var dx = Tensor(shape: x.shape), dw = Tensor(shape: w.shape)
        g.forEachTap { n, ci, ih, iw, co, i, j, oh, ow in
            dx[n, ci, ih, iw] += w[ci, co, i, j] * dy[n, co, oh, ow]
            dw[ci, co, i, j] += x[n, ci, ih, iw] * dy[n, co, oh, ow]
        }
        return Conv2DGradients(dx: dx, dw: dw, db: dy.channelSums())
    }

    /// The geometry of `backward` and `naiveBackward`, with dy checked against the output.
    static func backwardGeometry(x: Tensor, w: Tensor, dy: Tensor, _ o: ConvTranspose2DOptions) throws -> ConvGeometry {
        let op = "convTranspose2d.backward"
        let g = try geometry(op: op, x: x.shape, w: w.shape, bias: nil, o)
        guard dy.shape == g.inputShape else {
            throw TensorError(op: op, "output gradient \(Tensor.describe(dy.shape)) must match the output \(Tensor.describe(g.inputShape))")
        }
        return g
    }

    /// The geometry of the convolution being transposed: its input is this op's output
    /// [N, Cout, OH, OW], its filters are this op's Cin input channels.
    static func geometry(op: String, x: [Int], w: [Int], bias: [Int]?, _ o: ConvTranspose2DOptions) throws -> ConvGeometry {
        try ConvGeometry.checkOperands(op: op, x: x, "[N, Cin, H, W]", w: w, "[Cin, Cout, KH, KW]", channelAxis: 0)
        if let bias, bias != [w[1]] {
            throw TensorError(op: op, "bias \(Tensor.describe(bias)) must have one value per output channel (\(w[1]))")
        }
        let c = o.conv
        guard c.strideH >= 1, c.strideW >= 1, c.dilationH >= 1, c.dilationW >= 1, c.padH >= 0, c.padW >= 0 else {
            throw TensorError(op: op, "stride and dilation must be at least 1 and padding not negative, got stride \(c.strideH)x\(c.strideW), dilation \(c.dilationH)x\(c.dilationW), padding \(c.paddingDescription)")
        }
        guard (0..<c.strideH).contains(o.outputPaddingH), (0..<c.strideW).contains(o.outputPaddingW) else {
            throw TensorError(op: op, "output padding \(o.outputPaddingH)x\(o.outputPaddingW) must be smaller than the stride \(c.strideH)x\(c.strideW)")
        }
        guard let (oh, ow) = o.outputSize(input: (x[2], x[3]), kernel: (w[2], w[3])),
              Tensor.elementCount([x[0], w[1], max(oh, 0), max(ow, 0)]) != nil else {
            throw TensorError(op: op, "input \(Tensor.describe(x)) with stride \(c.strideH)x\(c.strideW) and dilation \(c.dilationH)x\(c.dilationW) gives an output too large to count")
        }
        guard oh >= 1, ow >= 1, x[2] >= 1, x[3] >= 1 else {
            throw TensorError(op: op, "input \(x[2])x\(x[3]) with kernel \(w[2])x\(w[3]) and padding \(c.paddingDescription) gives an empty output \(oh)x\(ow)")
        }
        let g = try ConvGeometry(op: op, n: x[0], c: w[1], h: oh, w: ow, f: w[0], kh: w[2], kw: w[3], c)
        assert(g.oh == x[2] && g.ow == x[3], "transposed geometry must invert the convolution's")
        return g
    }
}
