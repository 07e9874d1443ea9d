import CConv

/// Winograd F(2×2, 5×5) forward convolution (`Sources/CConv/winograd.c`): each 2×2 block of
/// output cells comes from a 6×6 input tile in 36 multiplies per filter and channel instead of
/// 100, at the price of transforms (adds) on the tiles. Eight images share a call, one per
/// vector lane, so an image's result does not depend on the batch split or the thread count.
///
/// Results differ from the direct sum in the last bits: the transforms' constants (up to 5,
/// and 1/24 in the weights' transform, done in double) make the float error about 10× the
/// direct kernels' (measured 8e-7 of the sum of the terms' magnitudes on LeNet's conv2).
enum Conv2DWinograd {
    /// Whether the CPU runs the kernel (AVX-512VL, for its 32 registers); `enabled` can switch
    /// it off (tests, benchmarks).
    static let available = cw_wino_available() != 0
    nonisolated(unsafe) static var enabled = true

    /// Only where it measured faster than the direct pixel blocks (`convwalk bench kernels`,
    /// Sources/CConv/README.md): LeNet conv2's 6 → 16 channels, 5×5, stride 1, undilated, at
    /// batch sizes in eights (a partial group of eight would pay for eight images).
    static func applies(_ g: ConvGeometry) -> Bool {
        enabled && available && g.kh == 5 && g.kw == 5 && g.o.strideH == 1 && g.o.strideW == 1
            && g.o.dilationH == 1 && g.o.dilationW == 1 && g.c == 6 && g.f % 4 == 0 && g.n % 8 == 0
            && g.oh >= 2 && g.ow >= 2
    }

    static func forward(_ x: [Float], _ w: [Float], _ bias: [Float]?, _ g: ConvGeometry, relu: Bool = false) -> [Float] {
        var u = [Float](repeating: 0, count: 36 * g.f * g.c)
        cw_wino5_weights(w, Int32(g.f), Int32(g.c), &u)
        let th = (g.oh + 1) / 2, tw = (g.ow + 1) / 2
        let (hp, wp) = (2 * th + 4, 2 * tw + 4)
        let x8Count = 8 * g.c * hp * wp, y8Count = 8 * g.f * g.outPlane
        let scratch = x8Count + y8Count + Int(cw_wino5_scratch(Int32(g.c), Int32(wp)))
        let groups = (g.n + 7) / 8
        let chunks = Parallelism.chunks(for: groups)
        let work = Workspace(count: chunks * scratch)
        defer { work.free() }
        let outCount = g.n * g.f * g.outPlane
        return [Float](unsafeUninitializedCapacity: outCount) { yb, initialized in
            let y = SharedPointer(yb.baseAddress!)
            x.withUnsafeBufferPointer { xb in
                let xp = SharedPointer(reading: xb.baseAddress!)
                Parallelism.run(chunks: chunks, count: groups) { t, range in
                    let x8 = work.base + t * scratch, y8 = x8 + x8Count, rest = y8 + y8Count
                    for group in range {
                        let n0 = 8 * group, n = min(8, g.n - n0)
                        cw_interleave8(xp.p + n0 * g.c * g.inPlane, Int32(n), g.c * g.inPlane, Int32(g.c), Int32(g.h), Int32(g.w),
                                       Int32(g.o.padH), Int32(g.o.padW), Int32(hp), Int32(wp), x8)
                        cw_wino5_forward(x8, Int32(g.c), Int32(hp), Int32(wp), u, Int32(g.f), Int32(g.oh), Int32(g.ow),
                                         bias, relu ? 1 : 0, y8, rest)
                        cw_deinterleave8(y8, Int32(n), g.f * g.outPlane, Int32(g.f * g.outPlane), y.p + n0 * g.f * g.outPlane)
                    }
                }
            }
            initialized = outCount
        }
    }
}
