/// im2col: every window of an image laid out as one row of a matrix, so that a whole
/// convolution becomes one matrix product; col2im is its adjoint (it adds each row back
/// into the window it came from).
///
/// The lessons show the matrix as `[OH*OW, C*KH*KW]`: row r is the window of output cell
/// (r / OW, r % OW), columns ordered (c, i, j). Inside the fast kernels the transpose
/// `[C*KH*KW, OH*OW]` is built instead, because each of its rows is a strided copy of one
/// input row and the GEMM `W · cols` then needs no transposes.

/// The windows of a single image as rows: x: [C, H, W] (or [H, W]) → [OH*OW, C*KH*KW].
/// - Throws: `TensorError` (op `im2col`) for a wrong rank or a kernel that does not fit.
public func im2col(_ x: Tensor, kernelH: Int, kernelW: Int, _ o: Conv2DOptions = Conv2DOptions()) throws -> Tensor {
    let chw: [Int]
    switch x.rank {
    case 2: chw = [1, x.shape[0], x.shape[1]]
    case 3: chw = x.shape
    default: throw TensorError(op: "im2col", "input must be [C, H, W] or [H, W], got \(Tensor.describe(x.shape))")
    }
    let g = try ConvGeometry(op: "im2col", n: 1, c: chw[0], h: chw[1], w: chw[2], f: 1, kh: kernelH, kw: kernelW, o)
    var rowsT = [Float](repeating: 0, count: g.patch * g.outPlane)
    x.data.withUnsafeBufferPointer { xp in
        rowsT.withUnsafeMutableBufferPointer { cp in Im2col.fill(xp.baseAddress!, g, cp.baseAddress!) }
    }
    return Tensor(transposing: rowsT, rows: g.patch, columns: g.outPlane)
}

/// The adjoint of `im2col`: adds each row of cols: [OH*OW, C*KH*KW] back into its window
/// of an image [C, H, W] (overlapping windows add up).
/// - Throws: `TensorError` (op `col2im`) when `cols` does not have the im2col shape.
public func col2im(_ cols: Tensor, channels: Int, height: Int, width: Int,
                   kernelH: Int, kernelW: Int, _ o: Conv2DOptions = Conv2DOptions()) throws -> Tensor {
    let g = try ConvGeometry(op: "col2im", n: 1, c: channels, h: height, w: width, f: 1, kh: kernelH, kw: kernelW, o)
    guard cols.shape == [g.outPlane, g.patch] else {
        throw TensorError(op: "col2im", "columns \(Tensor.describe(cols.shape)) must be \(Tensor.describe([g.outPlane, g.patch])) for input \(channels)x\(height)x\(width), kernel \(kernelH)x\(kernelW)")
    }
    let rowsT = Tensor(transposing: cols.data, rows: g.outPlane, columns: g.patch)
    var image = Tensor(shape: [channels, height, width])
    rowsT.data.withUnsafeBufferPointer { cp in
        image.data.withUnsafeMutableBufferPointer { xp in Im2col.accumulate(cp.baseAddress!, g, into: xp.baseAddress!) }
    }
    return image
}

/// The raw kernels on one image's buffers.
enum Im2col {
    /// The range of output columns `ow` whose input column `ow*S + offset` lies in `0..<width`.
    @inline(__always)
    static func validRange(offset: Int, stride: Int, width: Int, outWidth: Int) -> Range<Int> {
        let lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let last = width - 1 - offset
        let hi = last < 0 ? 0 : min(outWidth, last / stride + 1)
        return lo < hi ? lo..<hi : 0..<0
    }

    /// Calls `body` for every row (c, i, j) of the im2col matrix, in order, with the output
    /// rows and columns whose input cell lies in the image (not in the padding) and the offset
    /// in the image [C, H, W] of the cell under output (rows.lowerBound, 0), which is
    /// meaningful only when neither range is empty. `fill` and `accumulate` walk these alike.
    @inline(__always)
    static func forEachRow(_ g: ConvGeometry, _ body: (_ row: Int, _ rows: Range<Int>, _ columns: Range<Int>, _ start: Int) -> Void) {
        let o = g.o
        var row = 0
        for c in 0..<g.c {
            for i in 0..<g.kh {
                let offH = i &* o.dilationH &- o.padH
                let rows = validRange(offset: offH, stride: o.strideH, width: g.h, outWidth: g.oh)
                for j in 0..<g.kw {
                    let offW = j &* o.dilationW &- o.padW
                    let columns = validRange(offset: offW, stride: o.strideW, width: g.w, outWidth: g.ow)
                    body(row, rows, columns, c &* g.inPlane &+ (rows.lowerBound &* o.strideH &+ offH) &* g.w &+ offW)
                    row &+= 1
                }
            }
        }
    }

    /// Writes colsT: [C*KH*KW, OH*OW] for image x: [C, H, W]; row (c, i, j) holds
    /// x[c, oh*SH − PH + i*DH, ow*SW − PW + j*DW] for every output cell, 0 in the padding.
    static func fill(_ x: UnsafePointer<Float>, _ g: ConvGeometry, _ cols: UnsafeMutablePointer<Float>) {
        let (ow, sw, rowStep) = (g.ow, g.o.strideW, g.o.strideH &* g.w)
        forEachRow(g) { r, rows, valid, start in
            let row = cols + r &* g.outPlane
            guard !valid.isEmpty else {
                zero(row, g.outPlane)
                return
            }
            zero(row, rows.lowerBound &* ow)
            zero(row + rows.upperBound &* ow, (g.oh &- rows.upperBound) &* ow)
            var src = x + start
            var dst = row + rows.lowerBound &* ow
            let (lo, hi, n) = (valid.lowerBound, valid.upperBound, valid.count)
            for _ in rows {
                zero(dst, lo)
                if sw == 1 {
                    copy(dst + lo, src + lo, n)
                } else {
                    for k in valid { dst[k] = src[k &* sw] }
                }
                zero(dst + hi, ow &- hi)
                src += rowStep
                dst += ow
            }
        }
    }

    /// Copies a short run (one output row, typically 5 to 60 floats) without a libc call,
    /// whose fixed cost would dominate at these lengths.
    @inline(__always)
    static func copy(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>, _ count: Int) {
        var i = 0
        let (d, s) = (UnsafeMutableRawPointer(dst), UnsafeRawPointer(src))
        while i + 8 <= count {
            d.storeBytes(of: s.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self), toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { dst[i] = src[i]; i += 1 }
    }

    /// Zeroes a short run (the padding at the ends of an output row) without a libc call.
    @inline(__always)
    static func zero(_ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        var i = 0
        let d = UnsafeMutableRawPointer(dst)
        while i + 8 <= count {
            d.storeBytes(of: SIMD8<Float>(), toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { dst[i] = 0; i += 1 }
    }

    /// The adjoint of `fill`: adds colsT: [C*KH*KW, OH*OW] into image x: [C, H, W]
    /// (which the caller has zeroed or wants accumulated into).
    static func accumulate(_ cols: UnsafePointer<Float>, _ g: ConvGeometry, into x: UnsafeMutablePointer<Float>) {
        let (ow, sw, rowStep) = (g.ow, g.o.strideW, g.o.strideH &* g.w)
        forEachRow(g) { r, rows, valid, start in
            guard !valid.isEmpty else { return }
            var dst = x + start
            var src = cols + r &* g.outPlane + rows.lowerBound &* ow
            for _ in rows {
                if sw == 1 {
                    for k in valid { dst[k] += src[k] }
                } else {
                    for k in valid { dst[k &* sw] += src[k] }
                }
                dst += rowStep
                src += ow
            }
        }
    }
}

extension Tensor {
    /// The `columns × rows` transpose of a row-major `rows × columns` matrix.
    init(transposing m: [Float], rows: Int, columns: Int) {
        var t = [Float](repeating: 0, count: m.count)
        for r in 0..<rows {
            for c in 0..<columns { t[c * rows + r] = m[r * columns + c] }
        }
        self.init(checked: [columns, rows], t)
    }
}
