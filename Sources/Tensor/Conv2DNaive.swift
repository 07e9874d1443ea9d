extension Conv2D {
    /// The oracle, as the formula reads:
    /// y[n, f, oh, ow] = b[f] + Σ_c Σ_i Σ_j x[n, c, oh·SH − PH + i·DH, ow·SW − PW + j·DW] · w[f, c, i, j],
    /// where x reads 0 outside the image (zero padding).
    ///
    /// Shape contract: x: [N, C, H, W], w: [F, C, KH, KW], bias: [F] → [N, F, OH, OW].
    /// - Throws: the same `TensorError`s as `forward`.
    public static func naiveForward(_ x: Tensor, _ w: Tensor, bias: Tensor? = nil,
                                    _ o: Conv2DOptions = Conv2DOptions()) throws -> Tensor {
        let g = try ConvGeometry(op: "conv2d", x: x.shape, w: w.shape, bias: bias?.shape, o)
        var y = Tensor(channels: bias, shape: g.outputShape)
        g.forEachTap { n, f, oh, ow, c, i, j, ih, iw in
            y[n, f, oh, ow] += x[n, c, ih, iw] * w[f, c, i, j]
        }
        return y
    }

    /// The oracle for `backward`: each output gradient dy[n, f, oh, ow] flows back along
    /// the products that made y[n, f, oh, ow]:
    /// dx[n, c, ih, iw] += w[f, c, i, j] · dy,  dw[f, c, i, j] += x[n, c, ih, iw] · dy,  db[f] += dy.
    /// - Throws: the same `TensorError`s as `backward`.
    public static func naiveBackward(x: Tensor, w: Tensor, dy: Tensor,
                                     _ o: Conv2DOptions = Conv2DOptions()) throws -> Conv2DGradients {
        let g = try ConvGeometry(op: "conv2d.backward", x: x.shape, w: w.shape, bias: nil, o)
        try g.checkOutputGradient(dy.shape, op: "conv2d.backward")
        var dx = Tensor(shape: g.inputShape)
        var dw = Tensor(shape: g.weightShape)
        g.forEachTap { n, f, oh, ow, c, i, j, ih, iw in
            dx[n, c, ih, iw] += w[f, c, i, j] * dy[n, f, oh, ow]
            dw[f, c, i, j] += x[n, c, ih, iw] * dy[n, f, oh, ow]
        }
        return Conv2DGradients(dx: dx, dw: dw, db: dy.channelSums())
    }
}
