/// Elementwise loops over raw buffers: a new buffer written in one pass (no copy of the
/// input first), split across cores when the tensor is large enough to pay for it.
///
/// Each output element depends only on the same element of the inputs, so the result is the
/// same bit for bit for any thread count.
enum Elementwise {
    /// `out` with `body(x, out, range)` filling `out[range]` from `x[range]`, for chunks of `x`.
    @inline(__always)
    static func map(_ x: [Float], _ body: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Range<Int>) -> Void) -> [Float] {
        let n = x.count
        return x.withUnsafeBufferPointer { xb in
            [Float](unsafeUninitializedCapacity: n) { out, written in
                guard n > 0, let xp = xb.baseAddress, let op = out.baseAddress else { written = 0; return }
                let (xs, os) = (SharedPointer(reading: xp), SharedPointer(op))
                Parallelism.run(chunks: Parallelism.chunks(for: n, work: n), count: n) { _, range in
                    body(xs.p, os.p, range)
                }
                written = n
            }
        }
    }

    /// `out` with `body(a, b, out, range)` filling `out[range]` from `a[range]` and `b[range]`.
    /// - Precondition: `a.count == b.count`.
    @inline(__always)
    static func map(_ a: [Float], _ b: [Float],
                    _ body: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Range<Int>) -> Void) -> [Float] {
        precondition(a.count == b.count, "elementwise inputs of \(a.count) and \(b.count) elements")
        let n = a.count
        return a.withUnsafeBufferPointer { ab in
            b.withUnsafeBufferPointer { bb in
                [Float](unsafeUninitializedCapacity: n) { out, written in
                    guard n > 0, let ap = ab.baseAddress, let bp = bb.baseAddress, let op = out.baseAddress else { written = 0; return }
                    let (a, b, o) = (SharedPointer(reading: ap), SharedPointer(reading: bp), SharedPointer(op))
                    Parallelism.run(chunks: Parallelism.chunks(for: n, work: n), count: n) { _, range in
                        body(a.p, b.p, o.p, range)
                    }
                    written = n
                }
            }
        }
    }
}
