import CConv

/// Direct convolution for stride-1, undilated layers whose rows fit 32 columns: AVX2 + FMA
/// kernels in C (`Sources/CConv`) that read the image itself, with no im2col matrix and no
/// GEMM. A register block holds 12 vectors of 8 partial sums and every loaded number feeds
/// several of them, which one small GEMM per image (16x150x100 for LeNet's conv2) cannot do.
///
/// Dispatch by shape (measured with `convwalk bench kernels`; see the Tensor README):
/// - **forward**, filters a multiple of 8 (LeNet conv2, every alexnet-mini layer): *pixel
///   blocks*, 16 filters x 6 output cells (or 8 x 12) per register block, one broadcast input
///   number per cell and tap. Other filter counts (LeNet conv1's 6): *row blocks*, the output
///   width in vector lanes (up to 4 vectors) x up to 12 filters. LeNet conv2's shape (6 → 16
///   channels, 5×5, batches in eights) takes Winograd F(2×2, 5×5) on AVX-512VL CPUs
///   (`Conv2DWinograd`; 1.2–1.3× the pixel blocks, Sources/CConv/README.md).
/// - **weight gradient**: the same split (pixel blocks over 6 taps x 16 filters summed over
///   every cell; row blocks of 6 filters x 2 kernel columns summed along the rows).
/// - **input gradient**: when the input channels come in eights (alexnet-mini's conv2..4), the
///   forward pixel blocks on the *dual* convolution: dY padded by k − 1 − pad, the kernel
///   flipped, one filter per input channel (every vector lane busy, where row blocks leave half
///   of them idle on a 4-wide map). Otherwise row blocks over the input width: the forward
///   pass's loop with dY as input and the weights transposed (dx[c] = Σ_f dy[f] ⋆ w[f, c]).
/// Everything else (strides, dilations, rows wider than 32, padding ≥ kernel, CPUs without
/// AVX2 and FMA) takes im2col + GEMM (`Conv2D.forwardKernel`).
enum Conv2DDirect {
    /// Whether the CPU runs the kernels; `enabled` can switch them off (tests, benchmarks).
    static let available = cw_direct_available() != 0
    nonisolated(unsafe) static var enabled = true

    static func applies(_ g: ConvGeometry) -> Bool {
        enabled && available && g.o.strideH == 1 && g.o.strideW == 1 && g.o.dilationH == 1 && g.o.dilationW == 1
            && g.w <= 32 && g.ow <= 32 && g.o.padH < g.kh && g.o.padW < g.kw
    }

    /// Filters vectorised (pixel blocks) when they come in eights.
    static func pixelBlocks(_ g: ConvGeometry) -> Bool { g.f % 8 == 0 }

    /// The padded image's size and the pixel blocks' offsets into it: tap t = (c, i, j) reads
    /// `taps[t] + pix[q]` for output cell q = (oh, ow). Both lists end with 11 copies of their
    /// last entry, which the kernels' partial blocks read and discard.
    struct Offsets {
        let hp, wp: Int
        let taps: [Int32], pix: [Int32]

        init(_ g: ConvGeometry) {
            hp = g.h + 2 * g.o.padH; wp = g.w + 2 * g.o.padW
            var taps: [Int32] = []
            for c in 0..<g.c { for i in 0..<g.kh { for j in 0..<g.kw { taps.append(Int32((c * hp + i) * wp + j)) } } }
            var pix: [Int32] = []
            for oh in 0..<g.oh { for ow in 0..<g.ow { pix.append(Int32(oh * wp + ow)) } }
            self.taps = taps + Array(repeating: taps.last!, count: 11)
            self.pix = pix + Array(repeating: pix.last!, count: 11)
        }

        /// The image itself when unpadded, else its zero-padded copy in `buffer`.
        func pad(_ x: UnsafePointer<Float>, _ g: ConvGeometry, into buffer: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
            if g.o.padH == 0 && g.o.padW == 0 { return x }
            cw_pad(x, Int32(g.c), Int32(g.h), Int32(g.w), Int32(g.o.padH), Int32(g.o.padW), Int32(hp), Int32(wp), buffer)
            return UnsafePointer(buffer)
        }
    }

    /// Filters rounded up to a multiple of 8.
    static func paddedFilters(_ g: ConvGeometry) -> Int { (g.f + 7) / 8 * 8 }

    /// Row blocks: vectors per row of `width`, and `count` channels rounded up to the block's.
    static func rowBlock(width: Int, count: Int) -> (vectors: Int, padded: Int) {
        let v = (width + 7) / 8, block = 12 / v
        return (v, (count + block - 1) / block * block)
    }

    // MARK: - Forward

    /// y = conv(x, w) + bias, then max(0, ·) when `relu`; x, w, bias as `Conv2D.forwardKernel`.
    static func forward(_ x: [Float], _ w: [Float], _ bias: [Float]?, _ g: ConvGeometry, relu: Bool = false) -> [Float] {
        if Conv2DWinograd.applies(g) { return Conv2DWinograd.forward(x, w, bias, g, relu: relu) }
        return pixelBlocks(g) ? forwardPixels(x, w, bias, g, relu: relu) : forwardRows(x, w, bias, g, relu: relu)
    }

    static func forwardPixels(_ x: [Float], _ w: [Float], _ bias: [Float]?, _ g: ConvGeometry, relu: Bool) -> [Float] {
        let fp = paddedFilters(g)
        let off = Offsets(g)
        // wt[t][f] = w[f][t], zero for the padding filters.
        var wt = [Float](repeating: 0, count: g.patch * fp)
        for f in 0..<g.f { for t in 0..<g.patch { wt[t * fp + f] = w[f * g.patch + t] } }
        let plane = g.c * off.hp * off.wp
        return Conv2D.forwardBatches(x, g, scratch: plane) { xi, yi, scratch in
            let xp = off.pad(xi, g, into: scratch)
            cw_pixels_forward(xp, wt, bias, Int32(g.f), Int32(fp), off.taps, Int32(g.patch), off.pix, Int32(g.outPlane), relu ? 1 : 0, yi)
        }
    }

    static func forwardRows(_ x: [Float], _ w: [Float], _ bias: [Float]?, _ g: ConvGeometry, relu: Bool) -> [Float] {
        let (v, fp) = rowBlock(width: g.ow, count: g.f)
        let left = g.kw - 1, colBase = g.kw - 1 - g.o.padW + left
        let wd = max(8 * v + colBase, left + g.w)
        // The kernel flipped, filters last: wr[c][KH-1-i][KW-1-j][f] = w[f][c][i][j].
        var wr = [Float](repeating: 0, count: g.patch * fp)
        for f in 0..<g.f { for c in 0..<g.c { for i in 0..<g.kh { for j in 0..<g.kw {
            wr[((c * g.kh + g.kh - 1 - i) * g.kw + g.kw - 1 - j) * fp + f] = w[((f * g.c + c) * g.kh + i) * g.kw + j]
        } } } }
        return Conv2D.forwardBatches(x, g, scratch: g.c * g.h * wd) { xi, yi, rows in
            cw_pad(xi, Int32(g.c), Int32(g.h), Int32(g.w), 0, Int32(left), Int32(g.h), Int32(wd), rows)
            cw_rows(rows, Int32(g.c), Int32(g.h), Int32(wd), Int32(colBase), wr, Int32(g.f), Int32(fp),
                    Int32(g.kh), Int32(g.kw), Int32(g.oh), Int32(g.ow), Int32(g.kh - 1 - g.o.padH), bias, relu ? 1 : 0, yi)
        }
    }

    // MARK: - Backward

    /// The convolution whose output is dX: dY (F channels, OH x OW) padded by k − 1 − pad on
    /// each side, convolved with the flipped kernel, one filter per input channel. Stride 1.
    static func dual(_ g: ConvGeometry) -> ConvGeometry {
        let o = Conv2DOptions(strideH: 1, strideW: 1, padH: g.kh - 1 - g.o.padH, padW: g.kw - 1 - g.o.padW, dilationH: 1, dilationW: 1)
        return ConvGeometry(n: g.n, c: g.f, h: g.oh, w: g.ow, f: g.c, kh: g.kh, kw: g.kw, oh: g.h, ow: g.w, o: o)
    }

    /// dw, db and (when `inputGradient`) dx, as `Conv2D.backwardKernel`.
    static func backward(_ x: [Float], _ w: [Float], _ dy: [Float], _ g: ConvGeometry,
                         inputGradient: Bool) -> (dx: [Float], dw: [Float], db: [Float]) {
        let pixels = pixelBlocks(g)
        let fp = paddedFilters(g)
        let off = Offsets(g)
        // Weight gradient scratch: the padded image and dY rearranged, then the partial dw.
        let rowsV = (g.ow + 7) / 8
        let (wy, wx) = (8 * rowsV, 8 * rowsV + g.kw - 1)
        let dwScratch = pixels ? g.c * off.hp * off.wp + g.outPlane * fp : g.c * off.hp * wx + g.f * g.oh * wy
        let dwCount = pixels ? g.patch * fp : g.f * g.patch
        // Input gradient, when the channels come in eights: the forward pixel blocks on the dual
        // convolution (dY padded by k − 1 − pad, the kernel flipped, channels as filters).
        let dual = Self.dual(g), dxPixels = inputGradient && pixelBlocks(dual)
        let dualOff = dxPixels ? Offsets(dual) : nil
        var wd2 = [Float](repeating: 0, count: dxPixels ? dual.patch * g.c : 0)
        if dxPixels {
            for f in 0..<g.f { for c in 0..<g.c { for i in 0..<g.kh { for j in 0..<g.kw {
                wd2[((f * g.kh + g.kh - 1 - i) * g.kw + g.kw - 1 - j) * g.c + c] = w[((f * g.c + c) * g.kh + i) * g.kw + j]
            } } } }
        }
        // Otherwise row blocks: dY in rows of width wd with kw − 1 zeros on the left; wr[f][i][j][c].
        let rowsDx = inputGradient && !dxPixels
        let (dxV, cp) = rowBlock(width: g.w, count: g.c)
        let left = g.kw - 1, colBase = g.o.padW + left
        let wd = max(8 * dxV + colBase, left + g.ow)
        var wr = [Float](repeating: 0, count: rowsDx ? g.f * g.kh * g.kw * cp : 0)
        if rowsDx {
            for f in 0..<g.f { for c in 0..<g.c { for i in 0..<g.kh { for j in 0..<g.kw {
                wr[((f * g.kh + i) * g.kw + j) * cp + c] = w[((f * g.c + c) * g.kh + i) * g.kw + j]
            } } } }
        }
        let dxScratch = dxPixels ? g.f * dualOff!.hp * dualOff!.wp : rowsDx ? g.f * g.oh * wd : 0
        var dw = [Float](repeating: 0, count: g.f * g.patch)
        let (dx, db) = Conv2D.backwardBatches(x, dy, g, inputGradient: inputGradient, scratch: dwScratch + dxScratch,
                                              partialWeights: dwCount) { _, xi, dyi, scratch, dwPart, dxi in
            let dyRows = scratch + dwScratch
            if pixels {
                let xpad = off.pad(xi, g, into: scratch)
                let dyt = scratch + g.c * off.hp * off.wp
                cw_transpose(dyi, Int32(g.f), Int32(g.outPlane), Int32(fp), dyt)
                cw_pixels_weight_grad(xpad, dyt, Int32(fp), off.taps, Int32(g.patch), off.pix, Int32(g.outPlane), dwPart)
            } else {
                let dyw = scratch + g.c * off.hp * wx
                cw_pad(xi, Int32(g.c), Int32(g.h), Int32(g.w), Int32(g.o.padH), Int32(g.o.padW), Int32(off.hp), Int32(wx), scratch)
                cw_pad(dyi, Int32(g.f), Int32(g.oh), Int32(g.ow), 0, 0, Int32(g.oh), Int32(wy), dyw)
                cw_rows_weight_grad(dyw, Int32(g.f), Int32(g.oh), Int32(wy), scratch, Int32(g.c), Int32(off.hp), Int32(wx),
                                    Int32(g.kh), Int32(g.kw), dwPart)
            }
            guard let dxi else { return }
            if let dualOff {
                let dyPadded = dualOff.pad(dyi, dual, into: dyRows)
                cw_pixels_forward(dyPadded, wd2, nil, Int32(g.c), Int32(g.c), dualOff.taps, Int32(dual.patch), dualOff.pix,
                                  Int32(dual.outPlane), 0, dxi)
                return
            }
            cw_pad(dyi, Int32(g.f), Int32(g.oh), Int32(g.ow), 0, Int32(left), Int32(g.oh), Int32(wd), dyRows)
            cw_rows(dyRows, Int32(g.f), Int32(g.oh), Int32(wd), Int32(colBase), wr, Int32(g.c), Int32(cp),
                    Int32(g.kh), Int32(g.kw), Int32(g.h), Int32(g.w), Int32(g.o.padH), nil, 0, dxi)
        } addPartial: { part in
            if pixels {
                for tap in 0..<g.patch { for f in 0..<g.f { dw[f * g.patch + tap] += part[tap * fp + f] } }
            } else {
                for i in dw.indices { dw[i] += part[i] }
            }
        }
        return (dx, dw, db)
    }
}

extension Conv2D {
    /// Whether stride-1 shapes that fit take the direct AVX2 + FMA kernels (on CPUs that have
    /// them; default true). `convwalk bench kernels` switches them off for a moment to time
    /// im2col + GEMM on the same shapes. Set it between calls, not while a kernel runs.
    public static var directKernels: Bool {
        get { Conv2DDirect.enabled }
        set { Conv2DDirect.enabled = newValue }
    }

    /// Whether this CPU can run the direct kernels at all.
    public static var directKernelsAvailable: Bool { Conv2DDirect.available }
}
