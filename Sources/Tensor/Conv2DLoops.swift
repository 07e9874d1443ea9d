extension Conv2D {
    /// The convolution as plain compiled loops: the seven loops of the formula
    /// y[n, f, oh, ow] = b[f] + Σ_c Σ_i Σ_j x[n, c, oh·SH − PH + i·DH, ow·SW − PW + j·DW] · w[f, c, i, j]
    /// over raw pointers, with no closure call per tap, no bounds checks and one thread.
    ///
    /// It is what a straightforward C or Swift loop costs, so `bench kernels` can state the
    /// im2col + GEMM speed-up against real compiled code rather than against the oracle
    /// (`naiveForward` makes a closure call and four subscript checks per tap).
    /// Shape contract and errors as `forward`.
    public static func loopsForward(_ x: Tensor, _ w: Tensor, bias: Tensor? = nil,
                                    _ o: Conv2DOptions = Conv2DOptions()) throws -> Tensor {
        let g = try ConvGeometry(op: "conv2d", x: x.shape, w: w.shape, bias: bias?.shape, o)
        let count = g.n * g.f * g.outPlane
        let data = [Float](unsafeUninitializedCapacity: count) { yb, initialized in
            x.data.withUnsafeBufferPointer { xb in
                w.data.withUnsafeBufferPointer { wb in
                    let xp = xb.baseAddress!, wp = wb.baseAddress!, yp = yb.baseAddress!
                    for n in 0..<g.n {
                        for f in 0..<g.f {
                            let b = bias?.data[f] ?? 0
                            for oh in 0..<g.oh {
                                for ow in 0..<g.ow {
                                    var s: Float = 0
                                    for c in 0..<g.c {
                                        for i in 0..<g.kh {
                                            let ih = oh * o.strideH - o.padH + i * o.dilationH
                                            if ih < 0 || ih >= g.h { continue }
                                            let xr = xp + ((n * g.c + c) * g.h + ih) * g.w
                                            let wr = wp + ((f * g.c + c) * g.kh + i) * g.kw
                                            for j in 0..<g.kw {
                                                let iw = ow * o.strideW - o.padW + j * o.dilationW
                                                if iw < 0 || iw >= g.w { continue }
                                                s += xr[iw] * wr[j]
                                            }
                                        }
                                    }
                                    yp[((n * g.f + f) * g.oh + oh) * g.ow + ow] = b + s
                                }
                            }
                        }
                    }
                }
            }
            initialized = count
        }
        return Tensor(checked: g.outputShape, data)
    }

    /// `backward` as plain compiled loops (see `loopsForward`): the same seven loops, each
    /// tap adding w·dy to dx and x·dy to dw.
    /// Shape contract and errors as `backward`.
    public static func loopsBackward(x: Tensor, w: Tensor, dy: Tensor,
                                     _ o: Conv2DOptions = Conv2DOptions()) throws -> Conv2DGradients {
        let g = try ConvGeometry(op: "conv2d.backward", x: x.shape, w: w.shape, bias: nil, o)
        try g.checkOutputGradient(dy.shape, op: "conv2d.backward")
        var dx = [Float](repeating: 0, count: g.n * g.c * g.inPlane)
        var dw = [Float](repeating: 0, count: g.f * g.patch)
        var db = [Float](repeating: 0, count: g.f)
        x.data.withUnsafeBufferPointer { xb in
            w.data.withUnsafeBufferPointer { wb in
                dy.data.withUnsafeBufferPointer { dyb in
                    dx.withUnsafeMutableBufferPointer { dxb in
                        dw.withUnsafeMutableBufferPointer { dwb in
                            let xp = xb.baseAddress!, wp = wb.baseAddress!, dyp = dyb.baseAddress!
                            let dxp = dxb.baseAddress!, dwp = dwb.baseAddress!
                            for n in 0..<g.n {
                                for f in 0..<g.f {
                                    for oh in 0..<g.oh {
                                        for ow in 0..<g.ow {
                                            let d = dyp[((n * g.f + f) * g.oh + oh) * g.ow + ow]
                                            db[f] += d
                                            for c in 0..<g.c {
                                                for i in 0..<g.kh {
                                                    let ih = oh * o.strideH - o.padH + i * o.dilationH
                                                    if ih < 0 || ih >= g.h { continue }
                                                    let row = ((n * g.c + c) * g.h + ih) * g.w
                                                    let tap = ((f * g.c + c) * g.kh + i) * g.kw
                                                    for j in 0..<g.kw {
                                                        let iw = ow * o.strideW - o.padW + j * o.dilationW
                                                        if iw < 0 || iw >= g.w { continue }
                                                        dxp[row + iw] += wp[tap + j] * d
                                                        dwp[tap + j] += xp[row + iw] * d
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Conv2DGradients(dx: Tensor(checked: g.inputShape, dx),
                               dw: Tensor(checked: g.weightShape, dw),
                               db: Tensor(checked: [g.f], db))
    }
}
