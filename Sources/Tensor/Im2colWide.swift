/// A cheaper im2col for stride-1 convolutions with few filters: compute each output row at
/// the full (padded) input width Wp and drop the extra columns afterwards.
///
/// With stride 1 the windows of tap (c, i, j) for consecutive output rows sit on
/// consecutive rows of the padded input, so at width Wp the whole im2col row is ONE
/// contiguous run of it, [OH·Wp] numbers from x[c, i·DH, j·DW]. That turns C·KH·KW·OH short
/// copies into C·KH·KW long ones, for Wp/OW times the GEMM columns: a good trade when there
/// are few filters (LeNet's 5x5 layers), a bad one with many (AlexNet's 3x3 layers).
/// The extra columns are zero in dY, so they add nothing to dW or dX.
enum Im2colWide {
    /// Stride 1, at most half again as many columns, and few enough filters that the extra
    /// GEMM work costs less than the short copies it saves.
    static func applies(_ g: ConvGeometry) -> Bool {
        let wp = g.w + 2 * g.o.padW
        return g.o.strideH == 1 && g.o.strideW == 1 && 2 * wp <= 3 * g.ow && g.f * (wp - g.ow) <= 64
    }

    /// Floats of scratch one image needs: the padded input and the wide columns, the wide
    /// output (or output gradient), and for dx the wide dcols and a padded dx.
    static func scratch(_ g: ConvGeometry, inputGradient: Bool = false) -> Int {
        let (plane, n) = sizes(g)
        return g.c * plane + (g.patch + g.f) * n + (inputGradient ? g.patch * n + g.c * plane : 0)
    }

    /// Padded plane size and wide column count.
    static func sizes(_ g: ConvGeometry) -> (plane: Int, n: Int) {
        let (hp, wp) = (g.h + 2 * g.o.padH, g.w + 2 * g.o.padW)
        return (hp * wp, g.oh * wp)
    }

    /// Writes the padded image at `scratch` and its wide im2col matrix [C·KH·KW, OH·Wp]
    /// after it; returns the matrix.
    static func columns(_ x: UnsafePointer<Float>, _ g: ConvGeometry, scratch: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<Float> {
        let o = g.o
        let wp = g.w + 2 * o.padW
        let (plane, n) = sizes(g)
        Im2col.zero(scratch, g.c * plane)
        for c in 0..<g.c {
            for r in 0..<g.h {
                Im2col.copy(scratch + c * plane + (r + o.padH) * wp + o.padW, x + (c * g.h + r) * g.w, g.w)
            }
        }
        let cols = scratch + g.c * plane
        forEachRun(g) { row, start, count in
            Im2col.copy(cols + row * n, scratch + start, count)
            Im2col.zero(cols + row * n + count, n - count)
        }
        return cols
    }

    /// Calls `body(row, start, count)` for each im2col row: it is `count` numbers of the
    /// padded image from `start`. The last runs stop at the image's end; the cells they miss
    /// only feed the dropped columns.
    @inline(__always)
    static func forEachRun(_ g: ConvGeometry, _ body: (Int, Int, Int) -> Void) {
        let wp = g.w + 2 * g.o.padW
        let (plane, n) = sizes(g)
        var row = 0
        for c in 0..<g.c {
            for i in 0..<g.kh {
                for j in 0..<g.kw {
                    let start = c * plane + i * g.o.dilationH * wp + j * g.o.dilationW
                    body(row, start, min(n, g.c * plane - start))
                    row += 1
                }
            }
        }
    }

    /// y_n: [F, OH, OW] = W · im2col(x_n) (+ bias).
    static func forwardImage(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ bias: [Float]?,
                             _ g: ConvGeometry, scratch: UnsafeMutablePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        let wp = g.w + 2 * g.o.padW
        let n = sizes(g).n
        let cols = columns(x, g, scratch: scratch)
        let wide = cols + g.patch * n
        if let bias {
            for f in 0..<g.f { (wide + f * n).update(repeating: bias[f], count: n) }
        }
        BLAS.sgemm(m: g.f, n: n, k: g.patch, a: w, lda: g.patch, b: cols, ldb: n,
                   beta: bias == nil ? 0 : 1, c: wide, ldc: n)
        for f in 0..<g.f {
            for oh in 0..<g.oh {
                Im2col.copy(y + (f * g.oh + oh) * g.ow, wide + f * n + oh * wp, g.ow)
            }
        }
    }

    /// dw += dY_n · colsᵀ (the first image of a chunk overwrites) and, when `dx` is given,
    /// dx_n = col2im(Wᵀ · dY_n), all through the wide layout.
    static func backwardImage(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
                              _ g: ConvGeometry, scratch: UnsafeMutablePointer<Float>, first: Bool,
                              dw: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>?) {
        let o = g.o
        let wp = g.w + 2 * o.padW
        let (plane, n) = sizes(g)
        let cols = columns(x, g, scratch: scratch)
        let dyWide = cols + g.patch * n
        Im2col.zero(dyWide, g.f * n)
        for f in 0..<g.f {
            for oh in 0..<g.oh {
                Im2col.copy(dyWide + f * n + oh * wp, dy + (f * g.oh + oh) * g.ow, g.ow)
            }
        }
        BLAS.sgemm(transB: true, m: g.f, n: g.patch, k: n, a: dyWide, lda: n, b: cols, ldb: n,
                   beta: first ? 0 : 1, c: dw, ldc: g.patch)
        guard let dx else { return }
        let dcols = dyWide + g.f * n
        let padded = dcols + g.patch * n
        BLAS.sgemm(transA: true, m: g.patch, n: n, k: g.f, a: w, lda: g.patch, b: dyWide, ldb: n, c: dcols, ldc: n)
        Im2col.zero(padded, g.c * plane)
        forEachRun(g) { row, start, count in
            let (dst, src) = (padded + start, dcols + row * n)
            for k in 0..<count { dst[k] += src[k] }
        }
        for c in 0..<g.c {
            for r in 0..<g.h {
                Im2col.copy(dx + (c * g.h + r) * g.w, padded + c * plane + (r + o.padH) * wp + o.padW, g.w)
            }
        }
    }
}
