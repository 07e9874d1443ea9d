/// Window, stride and padding of a 2-D pooling layer, per axis (height, width).
public struct Pool2DOptions: Equatable, Hashable, Sendable, Codable {
    public var sizeH: Int, sizeW: Int
    public var strideH: Int, strideW: Int
    public var padH: Int, padW: Int

    /// A square window; the stride defaults to the window size (non-overlapping pooling).
    /// AlexNet's overlapping pooling is `Pool2DOptions(size: 3, stride: 2)`.
    public init(size: Int, stride: Int? = nil, padding: Int = 0) {
        self.init(sizeH: size, sizeW: size, strideH: stride ?? size, strideW: stride ?? size, padH: padding, padW: padding)
    }

    /// Separate settings for the height and width axes.
    public init(sizeH: Int, sizeW: Int, strideH: Int, strideW: Int, padH: Int = 0, padW: Int = 0) {
        self.sizeH = sizeH; self.sizeW = sizeW
        self.strideH = strideH; self.strideW = strideW
        self.padH = padH; self.padW = padW
    }
}

/// The sizes of one pooling call, checked once: x: [N, C, H, W] → [N, C, OH, OW].
struct PoolGeometry: Sendable {
    var planes, h, w, oh, ow: Int
    var o: Pool2DOptions
    var inputShape: [Int]
    var outputShape: [Int]

    /// - Throws: `TensorError` naming `op` for a wrong rank, bad options, padding over half
    ///   the window (a window could then see only padding), or a window that does not fit.
    init(op: String, _ shape: [Int], _ o: Pool2DOptions) throws {
        guard shape.count == 4 else {
            throw TensorError(op: op, "input must be rank 4 [N, C, H, W], got \(Tensor.describe(shape))")
        }
        guard o.sizeH >= 1, o.sizeW >= 1 else { throw TensorError(op: op, "window \(o.sizeH)x\(o.sizeW) is empty") }
        guard o.strideH >= 1, o.strideW >= 1 else {
            throw TensorError(op: op, "stride must be at least 1, got \(o.strideH)x\(o.strideW)")
        }
        guard o.padH >= 0, o.padW >= 0 else {
            throw TensorError(op: op, "padding must not be negative, got \(o.padH)x\(o.padW)")
        }
        guard 2 * o.padH <= o.sizeH, 2 * o.padW <= o.sizeW else {
            throw TensorError(op: op, "padding \(o.padH)x\(o.padW) must be at most half the window \(o.sizeH)x\(o.sizeW)")
        }
        guard shape.allSatisfy({ $0 >= 1 }) else { throw TensorError(op: op, "input \(Tensor.describe(shape)) is empty") }
        let (h, w) = (shape[2], shape[3])
        guard o.sizeH <= h + 2 * o.padH, o.sizeW <= w + 2 * o.padW else {
            let pad = o.padH == o.padW ? "\(o.padH)" : "\(o.padH)x\(o.padW)"
            throw TensorError(op: op, "window \(o.sizeH)x\(o.sizeW) does not fit input \(h)x\(w) with padding \(pad)")
        }
        self.planes = shape[0] * shape[1]
        self.h = h; self.w = w
        self.oh = (h + 2 * o.padH - o.sizeH) / o.strideH + 1
        self.ow = (w + 2 * o.padW - o.sizeW) / o.strideW + 1
        self.o = o
        self.inputShape = shape
        self.outputShape = [shape[0], shape[1], oh, ow]
    }

    /// Runs `body` on every (image, channel) plane, splitting them across cores when the
    /// job is big enough to pay for it.
    func forEachPlane(_ body: (Int) -> Void) {
        let chunks = Parallelism.chunks(for: planes, work: planes * oh * ow * o.sizeH * o.sizeW)
        Parallelism.run(chunks: chunks, count: planes) { _, range in
            for plane in range { body(plane) }
        }
    }

    /// `forEachPlane` with raw access to one buffer it reads and one it writes.
    func forEachPlane(reading input: [Float], writing output: inout [Float],
                      _ body: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) {
        input.withUnsafeBufferPointer { ib in
            output.withUnsafeMutableBufferPointer { ob in
                let (ip, op) = (SharedPointer(reading: ib.baseAddress!), SharedPointer(ob.baseAddress!))
                forEachPlane { plane in body(ip.p, op.p, plane) }
            }
        }
    }

    /// Calls `body(out, rows, cols)` for every window of `plane`: `out` is the flat index of
    /// its output, `rows` and `cols` the input rows and columns it covers, clipped to the image.
    @inline(__always)
    func forEachWindow(in plane: Int, _ body: (Int, Range<Int>, Range<Int>) -> Void) {
        for oh in 0..<self.oh {
            let rows = PoolGeometry.span(oh, stride: o.strideH, pad: o.padH, size: o.sizeH, extent: h)
            for ow in 0..<self.ow {
                let cols = PoolGeometry.span(ow, stride: o.strideW, pad: o.padW, size: o.sizeW, extent: w)
                body((plane * self.oh + oh) * self.ow + ow, rows, cols)
            }
        }
    }

    /// The input rows (or columns) that window `k` covers, clipped to the image.
    @inline(__always)
    static func span(_ k: Int, stride: Int, pad: Int, size: Int, extent: Int) -> Range<Int> {
        let start = k * stride - pad
        return max(0, start)..<min(extent, start + size)
    }
}

/// Max pooling: each output is the largest input in its window; padding reads −∞, as in
/// PyTorch, so it never wins.
public enum MaxPool2D {
    /// Shape contract: x: [N, C, H, W] → y: [N, C, OH, OW], plus for every output the flat
    /// index into `x.data` of the input that won (the first one on ties).
    /// - Throws: `TensorError` (op `maxpool2d`) for a wrong rank, bad options or a window
    ///   that does not fit.
    public static func forward(_ x: Tensor, _ o: Pool2DOptions) throws -> (y: Tensor, argmax: [Int]) {
        let g = try PoolGeometry(op: "maxpool2d", x.shape, o)
        let outPlane = g.oh * g.ow
        // Every window writes its output and index, so the buffers start uninitialised (no
        // serial zero-fill before the parallel loop).
        let count = g.planes * outPlane
        var argmax: [Int] = []
        let y = [Float](unsafeUninitializedCapacity: count) { yb, yWritten in
            argmax = [Int](unsafeUninitializedCapacity: count) { ab, aWritten in
                x.data.withUnsafeBufferPointer { xb in
                    let xp = SharedPointer(reading: xb.baseAddress!), yp = SharedPointer(yb.baseAddress!)
                    let ap = SharedPointer(ab.baseAddress!)
                    g.forEachPlane { plane in
                        let base = plane * g.h * g.w
                        if o == Pool2DOptions(size: 2) {
                            maxOfPairs(xp.p + base, g, base: base, y: yp.p + plane * outPlane, argmax: ap.p + plane * outPlane)
                            return
                        }
                        g.forEachWindow(in: plane) { out, rows, cols in
                            var best = -Float.infinity
                            var at = base + rows.lowerBound * g.w + cols.lowerBound
                            for r in rows {
                                for c in cols where xp.p[base + r * g.w + c] > best {
                                    best = xp.p[base + r * g.w + c]
                                    at = base + r * g.w + c
                                }
                            }
                            yp.p[out] = xp.p[at]
                            ap.p[out] = at
                        }
                    }
                }
                aWritten = count
            }
            yWritten = count
        }
        return (Tensor(checked: g.outputShape, y), argmax)
    }

    /// The common 2x2, stride-2, unpadded case of one plane, without the general window
    /// bookkeeping (same results, first maximum on ties).
    private static func maxOfPairs(_ x: UnsafePointer<Float>, _ g: PoolGeometry, base: Int,
                                   y: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int>) {
        for oh in 0..<g.oh {
            let top = 2 * oh * g.w
            for ow in 0..<g.ow {
                // The four values in registers and selects, not a branch per comparison on
                // loads that wait for the previous winner (random data mispredicts half of them).
                let corner = top + 2 * ow
                let (b, c, d) = (x[corner + 1], x[corner + g.w], x[corner + g.w + 1])
                var best = x[corner], at = corner
                if b > best { best = b; at = corner + 1 }
                if c > best { best = c; at = corner + g.w }
                if d > best { best = d; at = corner + g.w + 1 }
                y[oh * g.ow + ow] = best
                argmax[oh * g.ow + ow] = base + at
            }
        }
    }

    /// Routes each output gradient to the input that won its window: dx[argmax[i]] += dy[i].
    /// - Throws: `TensorError` (op `maxpool2d.backward`) when `argmax` does not match `dy`
    ///   or an index lies outside its own (image, channel) plane of `inputShape`.
    public static func backward(dy: Tensor, argmax: [Int], inputShape: [Int]) throws -> Tensor {
        guard argmax.count == dy.count else {
            throw TensorError(op: "maxpool2d.backward", "argmax has \(argmax.count) entries but dy \(Tensor.describe(dy.shape)) has \(dy.count)")
        }
        let n = inputShape.reduce(1, *)
        // Split by (image, channel) planes when dy has the planes of the input: a window's
        // argmax lies in its own plane, so each chunk zeroes and fills its own part of dx.
        // Otherwise (other ranks) one chunk covers everything.
        let planes = inputShape.count == 4 && dy.shape.count == 4 && Array(dy.shape.prefix(2)) == Array(inputShape.prefix(2))
            ? inputShape[0] * inputShape[1] : 1
        let (inPlane, outPlane) = (n / planes, dy.count / planes)
        let chunks = Parallelism.chunks(for: planes, work: n)
        // One flag per chunk: each index is checked as it is used (the whole tensor is thrown
        // away if one is out of range).
        var outside = [Bool](repeating: false, count: chunks)
        let dx = [Float](unsafeUninitializedCapacity: n) { buffer, initialized in
            argmax.withUnsafeBufferPointer { a in
                dy.data.withUnsafeBufferPointer { d in
                    outside.withUnsafeMutableBufferPointer { flags in
                        let (dxp, a, d, flags) = (SharedPointer(buffer.baseAddress!), SharedPointer(reading: a.baseAddress!),
                                                  SharedPointer(reading: d.baseAddress!), SharedPointer(flags.baseAddress!))
                        Parallelism.run(chunks: chunks, count: planes) { t, range in
                            (dxp.p + range.lowerBound * inPlane).initialize(repeating: 0, count: range.count * inPlane)
                            for plane in range {
                                let (lo, hi) = (plane * inPlane, (plane + 1) * inPlane)
                                for i in (plane * outPlane)..<((plane + 1) * outPlane) {
                                    let at = a.p[i]
                                    guard at >= lo && at < hi else { flags.p[t] = true; return }
                                    dxp.p[at] += d.p[i]
                                }
                            }
                        }
                    }
                }
            }
            initialized = n
        }
        guard !outside.contains(true) else {
            throw TensorError(op: "maxpool2d.backward", "argmax points outside its plane of the input \(Tensor.describe(inputShape))")
        }
        return Tensor(checked: inputShape, dx)
    }
}

/// Average pooling: each output is the mean of its window, padding counted as zeros
/// (PyTorch's default `count_include_pad=True`), so the divisor is always KH·KW.
public enum AvgPool2D {
    /// Shape contract: x: [N, C, H, W] → [N, C, OH, OW].
    /// - Throws: `TensorError` (op `avgpool2d`) for a wrong rank, bad options or a window
    ///   that does not fit.
    public static func forward(_ x: Tensor, _ o: Pool2DOptions) throws -> Tensor {
        let g = try PoolGeometry(op: "avgpool2d", x.shape, o)
        let outPlane = g.oh * g.ow
        let scale = 1 / Float(o.sizeH * o.sizeW)
        var y = [Float](repeating: 0, count: g.planes * outPlane)
        g.forEachPlane(reading: x.data, writing: &y) { xp, yp, plane in
            let base = plane * g.h * g.w
            g.forEachWindow(in: plane) { out, rows, cols in
                var acc: Float = 0
                for r in rows {
                    for c in cols { acc += xp[base + r * g.w + c] }
                }
                yp[out] = acc * scale
            }
        }
        return Tensor(checked: g.outputShape, y)
    }

    /// Spreads each output gradient evenly over its window: every input in it gets dy / (KH·KW).
    /// - Throws: `TensorError` (op `avgpool2d.backward`) when `dy` is not the output shape
    ///   for `inputShape`.
    public static func backward(dy: Tensor, inputShape: [Int], _ o: Pool2DOptions) throws -> Tensor {
        let g = try PoolGeometry(op: "avgpool2d.backward", inputShape, o)
        guard dy.shape == g.outputShape else {
            throw TensorError(op: "avgpool2d.backward", "dy \(Tensor.describe(dy.shape)) must match the output \(Tensor.describe(g.outputShape))")
        }
        let scale = 1 / Float(o.sizeH * o.sizeW)
        var dx = [Float](repeating: 0, count: g.planes * g.h * g.w)
        g.forEachPlane(reading: dy.data, writing: &dx) { dyp, dxp, plane in
            let base = plane * g.h * g.w
            g.forEachWindow(in: plane) { out, rows, cols in
                let share = dyp[out] * scale
                for r in rows {
                    for c in cols { dxp[base + r * g.w + c] += share }
                }
            }
        }
        return Tensor(checked: inputShape, dx)
    }
}
