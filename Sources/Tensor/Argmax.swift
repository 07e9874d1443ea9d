/// The index of the largest value along `axis`, for every position of the other axes
/// (the first index wins ties, like numpy's `argmax`).
///
/// Shape contract: t: [d0, …, d_axis, …] → indices with the shape of t minus `axis`,
/// returned flat in row-major order together with that shape.
/// - Throws: `TensorError` (op `argmax`) when `axis` is out of range or has extent 0.
public func argmax(_ t: Tensor, axis: Int) throws -> (indices: [Int], shape: [Int]) {
    let a = try normalizedAxis(axis, rank: t.rank, op: "argmax", shape: t.shape)
    let n = t.shape[a]
    guard n > 0 else { throw TensorError(op: "argmax", "axis \(axis) of \(Tensor.describe(t.shape)) is empty") }
    let inner = t.shape[(a + 1)...].reduce(1, *)
    let outer = t.shape[..<a].reduce(1, *)
    var out = [Int](repeating: 0, count: outer * inner)
    for o in 0..<outer {
        for i in 0..<inner {
            var best = t.data[o * n * inner + i]
            var at = 0
            for k in 1..<n {
                let v = t.data[(o * n + k) * inner + i]
                if v > best { best = v; at = k }
            }
            out[o * inner + i] = at
        }
    }
    var shape = t.shape
    shape.remove(at: a)
    return (out, shape)
}
