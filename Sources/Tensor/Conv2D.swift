/// The gradients of a convolution's loss with respect to its input, weights and bias.
public struct Conv2DGradients: Equatable, Sendable {
    /// dL/dx: [N, C, H, W].
    public var dx: Tensor
    /// dL/dw: [F, C, KH, KW], summed over the batch.
    public var dw: Tensor
    /// dL/db: [F], summed over the batch and the output cells.
    public var db: Tensor

    public init(dx: Tensor, dw: Tensor, db: Tensor) {
        self.dx = dx; self.dw = dw; self.db = db
    }
}

/// 2-D convolution (cross-correlation, as in every deep-learning library), NCHW.
///
/// The fast path runs the direct kernels of `Conv2DDirect` on stride-1 layers with small
/// maps (LeNet-5's, alexnet-mini's) and otherwise builds each image's im2col matrix and does
/// ONE GEMM per image; either way the batch is split across `Parallelism.threads` cores. `naiveForward`/`naiveBackward`
/// (Conv2DNaive.swift) are the nested-loop oracles the tests compare against.
public enum Conv2D {
    /// y[n, f, oh, ow] = b[f] + Σ_c Σ_i Σ_j x[n, c, oh·SH − PH + i·DH, ow·SW − PW + j·DW] · w[f, c, i, j]
    ///
    /// Shape contract: x: [N, C, H, W], w: [F, C, KH, KW], bias: [F] → [N, F, OH, OW].
    /// - Throws: `TensorError` (op `conv2d`) for wrong ranks, a channel or bias mismatch,
    ///   bad options, or a kernel that does not fit the padded input.
    public static func forward(_ x: Tensor, _ w: Tensor, bias: Tensor? = nil,
                               _ o: Conv2DOptions = Conv2DOptions()) throws -> Tensor {
        let g = try ConvGeometry(op: "conv2d", x: x.shape, w: w.shape, bias: bias?.shape, o)
        return Tensor(checked: g.outputShape, forwardKernel(x.data, w.data, bias?.data, g))
    }

    /// The gradients of a convolution, given the gradient `dy` of its output.
    ///
    /// dx = col2im(Wᵀ · dY), dw = Σ_n dY · colsᵀ, db = Σ dY.
    /// Shape contract: x: [N, C, H, W], w: [F, C, KH, KW], dy: [N, F, OH, OW].
    /// - Throws: `TensorError` (op `conv2d.backward`) when the shapes do not agree.
    public static func backward(x: Tensor, w: Tensor, dy: Tensor,
                                _ o: Conv2DOptions = Conv2DOptions()) throws -> Conv2DGradients {
        let g = try ConvGeometry(op: "conv2d.backward", x: x.shape, w: w.shape, bias: nil, o)
        try g.checkOutputGradient(dy.shape, op: "conv2d.backward")
        let r = backwardKernel(x.data, w.data, dy.data, g, inputGradient: true)
        return Conv2DGradients(dx: Tensor(checked: g.inputShape, r.dx),
                               dw: Tensor(checked: g.weightShape, r.dw),
                               db: Tensor(checked: [g.f], r.db))
    }

    /// The weight and bias gradients only, skipping dx (for a network's first layer).
    /// - Throws: `TensorError` (op `conv2d.backward`) when the shapes do not agree.
    public static func parameterGradients(x: Tensor, w: Tensor, dy: Tensor,
                                          _ o: Conv2DOptions = Conv2DOptions()) throws -> (dw: Tensor, db: Tensor) {
        let g = try ConvGeometry(op: "conv2d.backward", x: x.shape, w: w.shape, bias: nil, o)
        try g.checkOutputGradient(dy.shape, op: "conv2d.backward")
        let r = backwardKernel(x.data, w.data, dy.data, g, inputGradient: false)
        return (Tensor(checked: g.weightShape, r.dw), Tensor(checked: [g.f], r.db))
    }

    // MARK: - Kernels on validated geometry

    /// A 1x1, stride-1, unpadded kernel reads the image itself as its im2col matrix.
    static func isPointwise(_ g: ConvGeometry) -> Bool {
        g.kh == 1 && g.kw == 1 && g.o.strideH == 1 && g.o.strideW == 1 && g.o.padH == 0 && g.o.padW == 0
    }

    static func forwardKernel(_ x: [Float], _ w: [Float], _ bias: [Float]?, _ g: ConvGeometry) -> [Float] {
        if Conv2DDirect.applies(g) { return Conv2DDirect.forward(x, w, bias, g) }
        let pointwise = isPointwise(g)
        let wide = !pointwise && Im2colWide.applies(g)
        let colsCount = pointwise ? 0 : wide ? Im2colWide.scratch(g) : g.patch * g.outPlane
        return w.withUnsafeBufferPointer { wb in
            let wp = wb.baseAddress!
            return forwardBatches(x, g, scratch: colsCount) { xi, yi, cols in
                if wide {
                    Im2colWide.forwardImage(xi, wp, bias, g, scratch: cols, into: yi)
                    return
                }
                if !pointwise { Im2col.fill(xi, g, cols) }
                if let bias {
                    for f in 0..<g.f { (yi + f * g.outPlane).initialize(repeating: bias[f], count: g.outPlane) }
                }
                BLAS.sgemm(m: g.f, n: g.outPlane, k: g.patch,
                           a: wp, lda: g.patch,
                           b: pointwise ? xi : UnsafePointer(cols), ldb: g.outPlane,
                           beta: bias == nil ? 0 : 1, c: yi, ldc: g.outPlane)
            }
        }
    }

    /// The frame of the forward kernels (im2col + GEMM and the direct ones): runs
    /// `body(image, output, scratch)` for every image, the batch split across cores, each
    /// chunk with `scratch` floats of its own.
    static func forwardBatches(_ x: [Float], _ g: ConvGeometry, scratch: Int,
                               _ body: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        let outCount = g.n * g.f * g.outPlane
        let chunks = Parallelism.chunks(for: g.n)
        let work = Workspace(count: chunks * scratch)
        defer { work.free() }
        return [Float](unsafeUninitializedCapacity: outCount) { yb, initialized in
            let y = SharedPointer(yb.baseAddress!)
            x.withUnsafeBufferPointer { xb in
                let xp = SharedPointer(reading: xb.baseAddress!)
                Parallelism.run(chunks: chunks, count: g.n) { t, images in
                    for img in images {
                        body(xp.p + img * g.c * g.inPlane, y.p + img * g.f * g.outPlane, work.base + t * scratch)
                    }
                }
            }
            initialized = outCount
        }
    }

    static func backwardKernel(_ x: [Float], _ w: [Float], _ dy: [Float], _ g: ConvGeometry,
                               inputGradient: Bool) -> (dx: [Float], dw: [Float], db: [Float]) {
        if Conv2DDirect.applies(g) { return Conv2DDirect.backward(x, w, dy, g, inputGradient: inputGradient) }
        let pointwise = isPointwise(g)
        let wide = !pointwise && Im2colWide.applies(g)
        let colsCount = pointwise ? 0 : g.patch * g.outPlane
        // Per chunk: its im2col and dcols buffers (or the wide path's scratch).
        let scratch = wide ? Im2colWide.scratch(g, inputGradient: inputGradient) : colsCount * (inputGradient ? 2 : 1)
        var dw = [Float](repeating: 0, count: g.f * g.patch)
        let (dx, db) = w.withUnsafeBufferPointer { wb in
            let wp = wb.baseAddress!
            return backwardBatches(x, dy, g, inputGradient: inputGradient, scratch: scratch, partialWeights: dw.count) { first, xi, dyi, cols, dwPart, dxi in
                if wide {
                    Im2colWide.backwardImage(xi, wp, dyi, g, scratch: cols, first: first, dw: dwPart, dx: dxi)
                    return
                }
                if !pointwise { Im2col.fill(xi, g, cols) }
                BLAS.sgemm(transB: true, m: g.f, n: g.patch, k: g.outPlane,
                           a: dyi, lda: g.outPlane,
                           b: pointwise ? xi : cols, ldb: g.outPlane,
                           beta: first ? 0 : 1, c: dwPart, ldc: g.patch)
                guard let dxi else { return }
                let dcols = cols + colsCount
                BLAS.sgemm(transA: true, m: g.patch, n: g.outPlane, k: g.f,
                           a: wp, lda: g.patch, b: dyi, ldb: g.outPlane,
                           c: pointwise ? dxi : dcols, ldc: g.outPlane)
                if !pointwise { Im2col.accumulate(dcols, g, into: dxi) }
            } addPartial: { part in
                for i in dw.indices { dw[i] += part[i] }
            }
        }
        return (dx, dw, db)
    }

    /// The frame of both backward kernels (im2col + GEMM and the direct ones): the batch split
    /// across cores, each chunk with `scratch` floats of its own followed by its partial dW
    /// (`partialWeights` floats) and db, both zeroed first. db is summed here; `image(first,
    /// x, dy, scratch, dW, dX)` adds one image's dW to the chunk's (`first`: its first image)
    /// and writes the image's dX when the input gradient is asked for (nil otherwise).
    /// `addPartial` gets each chunk's partial dW and db in chunk order, so the same thread count
    /// gives the same bits every run.
    /// - Returns: dx ([N, C, H, W], empty without `inputGradient`) and db.
    static func backwardBatches(_ x: [Float], _ dy: [Float], _ g: ConvGeometry, inputGradient: Bool, scratch: Int, partialWeights: Int,
                                _ image: (_ first: Bool, _ x: UnsafeMutablePointer<Float>, _ dy: UnsafeMutablePointer<Float>,
                                          _ scratch: UnsafeMutablePointer<Float>, _ dw: UnsafeMutablePointer<Float>,
                                          _ dx: UnsafeMutablePointer<Float>?) -> Void,
                                addPartial: (UnsafeMutablePointer<Float>) -> Void) -> (dx: [Float], db: [Float]) {
        let perChunk = scratch + partialWeights + g.f
        let chunks = Parallelism.chunks(for: g.n)
        let work = Workspace(count: chunks * perChunk)
        defer { work.free() }
        var dx = [Float](repeating: 0, count: inputGradient ? g.n * g.c * g.inPlane : 0)
        x.withUnsafeBufferPointer { xb in
            dy.withUnsafeBufferPointer { dyb in
                dx.withUnsafeMutableBufferPointer { dxb in
                    let xp = SharedPointer(reading: xb.baseAddress!)
                    let dyp = SharedPointer(reading: dyb.baseAddress!)
                    let dxp = dxb.baseAddress.map { SharedPointer($0) }  // nil when dx is empty
                    Parallelism.run(chunks: chunks, count: g.n) { t, images in
                        let chunk = work.base + t * perChunk
                        let dwPart = chunk + scratch, dbPart = dwPart + partialWeights
                        dwPart.update(repeating: 0, count: partialWeights + g.f)
                        for img in images {
                            let xi = xp.p + img * g.c * g.inPlane
                            let dyi = dyp.p + img * g.f * g.outPlane
                            for f in 0..<g.f { dbPart[f] += sum(dyi + f * g.outPlane, g.outPlane) }
                            image(img == images.lowerBound, xi, dyi, chunk, dwPart,
                                  inputGradient ? dxp.map { $0.p + img * g.c * g.inPlane } : nil)
                        }
                    }
                }
            }
        }
        var db = [Float](repeating: 0, count: g.f)
        for t in 0..<chunks {
            let dwPart = work.base + t * perChunk + scratch
            addPartial(dwPart)
            for f in 0..<g.f { db[f] += dwPart[partialWeights + f] }
        }
        return (dx, db)
    }

    /// dx alone: col2im(Wᵀ · dY) per image, for the transposed convolution's forward pass.
    static func inputGradientKernel(_ w: [Float], _ dy: [Float], _ g: ConvGeometry) -> [Float] {
        let pointwise = isPointwise(g)
        let colsCount = pointwise ? 0 : g.patch * g.outPlane
        let chunks = Parallelism.chunks(for: g.n)
        let work = Workspace(count: chunks * colsCount)
        defer { work.free() }
        var dx = [Float](repeating: 0, count: g.n * g.c * g.inPlane)
        w.withUnsafeBufferPointer { wb in
            dy.withUnsafeBufferPointer { dyb in
                dx.withUnsafeMutableBufferPointer { dxb in
                    let dyp = SharedPointer(reading: dyb.baseAddress!), dxp = SharedPointer(dxb.baseAddress!)
                    let wp = wb.baseAddress!
                    Parallelism.run(chunks: chunks, count: g.n) { t, images in
                        let dcols = work.base + t * colsCount
                        for img in images {
                            let dxi = dxp.p + img * g.c * g.inPlane
                            BLAS.sgemm(transA: true, m: g.patch, n: g.outPlane, k: g.f,
                                       a: wp, lda: g.patch, b: dyp.p + img * g.f * g.outPlane, ldb: g.outPlane,
                                       c: pointwise ? dxi : dcols, ldc: g.outPlane)
                            if !pointwise { Im2col.accumulate(dcols, g, into: dxi) }
                        }
                    }
                }
            }
        }
        return dx
    }

    /// Σ p[0..<count], eight lanes at a time (a fixed order, so still repeatable).
    @inline(__always)
    static func sum(_ p: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= count {
            lanes += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var s = lanes.sum()
        while i < count { s += p[i]; i += 1 }
        return s
    }
}
