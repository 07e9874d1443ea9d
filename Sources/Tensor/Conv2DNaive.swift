extension Conv2D {
    /// The oracle: nested loops that read like the formula
    /// y[n, f, oh, ow] = b[f] + Σ_c Σ_i Σ_j x[n, c, oh·SH − PH + i·DH, ow·SW − PW + j·DW] · w[f, c, i, j],
    /// where x reads 0 outside the image (zero padding).
    ///
    /// Shape contract: x: [N, C, H, W], w: [F, C, KH, KW], bias: [F] → [N, F, OH, OW].
    /// - Throws: the same `TensorError`s as `forward`.
    public static func naiveForward(_ x: Tensor, _ w: Tensor, bias: Tensor? = nil,
                                    _ o: Conv2DOptions = Conv2DOptions()) throws -> Tensor {
        let g = try ConvGeometry(op: "conv2d", x: x.shape, w: w.shape, bias: bias?.shape, o)
        var y = Tensor(shape: g.outputShape)
        for n in 0..<g.n {
            for f in 0..<g.f {
                for oh in 0..<g.oh {
                    for ow in 0..<g.ow {
                        var acc = bias?.data[f] ?? 0
                        for c in 0..<g.c {
                            for i in 0..<g.kh {
                                for j in 0..<g.kw {
                                    let ih = oh * o.strideH - o.padH + i * o.dilationH
                                    let iw = ow * o.strideW - o.padW + j * o.dilationW
                                    guard ih >= 0, ih < g.h, iw >= 0, iw < g.w else { continue }
                                    acc += x[n, c, ih, iw] * w[f, c, i, j]
                                }
                            }
                        }
                        y[n, f, oh, ow] = acc
                    }
                }
            }
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
        var db = Tensor(shape: [g.f])
        for n in 0..<g.n {
            for f in 0..<g.f {
                for oh in 0..<g.oh {
                    for ow in 0..<g.ow {
                        let d = dy[n, f, oh, ow]
                        db[f] += d
                        for c in 0..<g.c {
                            for i in 0..<g.kh {
                                for j in 0..<g.kw {
                                    let ih = oh * o.strideH - o.padH + i * o.dilationH
                                    let iw = ow * o.strideW - o.padW + j * o.dilationW
                                    guard ih >= 0, ih < g.h, iw >= 0, iw < g.w else { continue }
                                    dx[n, c, ih, iw] += w[f, c, i, j] * d
                                    dw[f, c, i, j] += x[n, c, ih, iw] * d
                                }
                            }
                        }
                    }
                }
            }
        }
        return Conv2DGradients(dx: dx, dw: dw, db: db)
    }
}
