import Foundation

/// Softmax along one axis: exp(x_i − max) / Σ_j exp(x_j − max). Subtracting the maximum
/// changes nothing mathematically and keeps exp from overflowing.
/// - Throws: `TensorError` (op `softmax`) when `axis` is not a dimension of `t`.
public func softmax(_ t: Tensor, axis: Int = -1) throws -> Tensor {
    try alongAxis(t, axis, op: "softmax") { row, n in
        let m = maxOf(row, n)
        var s: Float = 0
        for i in 0..<n { row[i] = Foundation.exp(row[i] - m); s += row[i] }
        for i in 0..<n { row[i] /= s }
    }
}

/// log softmax along one axis: x_i − max − log Σ_j exp(x_j − max), exact even when
/// softmax itself underflows to 0.
/// - Throws: `TensorError` (op `logSoftmax`) when `axis` is not a dimension of `t`.
public func logSoftmax(_ t: Tensor, axis: Int = -1) throws -> Tensor {
    try alongAxis(t, axis, op: "logSoftmax") { row, n in
        let m = maxOf(row, n)
        var s: Float = 0
        for i in 0..<n { s += Foundation.exp(row[i] - m) }
        let shift = m + Foundation.log(s)
        for i in 0..<n { row[i] -= shift }
    }
}

/// Mean cross-entropy of logits against class labels, and its gradient.
///
/// loss = −(1/N) Σ_n log softmax(logits[n])[label_n];
/// dLogits[n, k] = (softmax(logits[n])[k] − [k == label_n]) / N.
/// Shape contract: logits: [N, K], labels: N values in 0..<K → (scalar, [N, K]).
/// - Throws: `TensorError` (op `crossEntropy`) for a wrong rank, a label count that is not
///   N, or a label outside 0..<K.
public func crossEntropy(logits: Tensor, labels: [Int]) throws -> (loss: Float, dLogits: Tensor) {
    guard logits.rank == 2 else {
        throw TensorError(op: "crossEntropy", "logits must be rank 2 [N, K], got \(Tensor.describe(logits.shape))")
    }
    let (n, k) = (logits.shape[0], logits.shape[1])
    guard labels.count == n, n > 0 else {
        throw TensorError(op: "crossEntropy", "logits \(Tensor.describe(logits.shape)) need \(n) labels, got \(labels.count)")
    }
    if let bad = labels.first(where: { $0 < 0 || $0 >= k }) {
        throw TensorError(op: "crossEntropy", "label \(bad) is outside 0..<\(k) for logits \(Tensor.describe(logits.shape))")
    }
    var d = logits
    var loss: Double = 0
    let inv = 1 / Float(n)
    d.data.withUnsafeMutableBufferPointer { p in
        for r in 0..<n {
            let row = p.baseAddress! + r * k
            let m = maxOf(row, k)
            let target = row[labels[r]]
            var s: Float = 0
            for i in 0..<k { row[i] = Foundation.exp(row[i] - m); s += row[i] }
            loss -= Double(target - m - Foundation.log(s))
            for i in 0..<k { row[i] = row[i] / s * inv }
            row[labels[r]] -= inv
        }
    }
    return (Float(loss / Double(n)), d)
}

/// The gradient of softmax: dx = y ⊙ (dy − Σ (dy ⊙ y)) along `axis`, with y = softmax(x).
/// - Throws: `TensorError` (op `softmax.backward`) for mismatched shapes or a bad axis.
public func softmaxBackward(y: Tensor, dy: Tensor, axis: Int = -1) throws -> Tensor {
    try lineBackward(y: y, dy: dy, axis: axis, op: "softmax.backward") { y, dy, dx, n in
        var dot: Float = 0
        for i in 0..<n { dot += y[i] * dy[i] }
        for i in 0..<n { dx[i] = y[i] * (dy[i] - dot) }
    }
}

/// The gradient of log softmax: dx = dy − softmax(x) · Σ dy along `axis`, with y = logSoftmax(x).
/// - Throws: `TensorError` (op `logSoftmax.backward`) for mismatched shapes or a bad axis.
public func logSoftmaxBackward(y: Tensor, dy: Tensor, axis: Int = -1) throws -> Tensor {
    try lineBackward(y: y, dy: dy, axis: axis, op: "logSoftmax.backward") { y, dy, dx, n in
        var s: Float = 0
        for i in 0..<n { s += dy[i] }
        for i in 0..<n { dx[i] = dy[i] - Foundation.exp(y[i]) * s }
    }
}

/// Applies `body(y, dy, dx, n)` to every line along `axis` of the output y and its gradient.
private func lineBackward(y: Tensor, dy: Tensor, axis: Int, op: String,
                          _ body: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) throws -> Tensor {
    guard y.shape == dy.shape else {
        throw TensorError(op: op, "y \(Tensor.describe(y.shape)) and dy \(Tensor.describe(dy.shape)) differ")
    }
    let gy = try gatherAxis(y, axis, op: op)
    let gd = try gatherAxis(dy, axis, op: op)
    var out = [Float](repeating: 0, count: gd.data.count)
    gy.data.withUnsafeBufferPointer { yp in
        gd.data.withUnsafeBufferPointer { dp in
            out.withUnsafeMutableBufferPointer { op in
                for r in 0..<gd.rows {
                    let base = r * gd.n
                    body(yp.baseAddress! + base, dp.baseAddress! + base, op.baseAddress! + base, gd.n)
                }
            }
        }
    }
    return try scatterAxis(out, like: dy, axis)
}

@inline(__always)
private func maxOf(_ p: UnsafeMutablePointer<Float>, _ n: Int) -> Float {
    var m = -Float.infinity
    for i in 0..<n where p[i] > m { m = p[i] }
    return m
}

/// Applies `body` to every line of `t` along `axis`, each gathered into a contiguous row.
private func alongAxis(_ t: Tensor, _ axis: Int, op: String,
                       _ body: (UnsafeMutablePointer<Float>, Int) -> Void) throws -> Tensor {
    var g = try gatherAxis(t, axis, op: op)
    g.data.withUnsafeMutableBufferPointer { p in
        for r in 0..<g.rows { body(p.baseAddress! + r * g.n, g.n) }
    }
    return try scatterAxis(g.data, like: t, axis)
}

/// The elements of `t` rearranged so that each line along `axis` is a contiguous row.
private func gatherAxis(_ t: Tensor, _ axis: Int, op: String) throws -> (data: [Float], rows: Int, n: Int) {
    let a = try normalizedAxis(axis, rank: t.rank, op: op, shape: t.shape)
    let n = t.shape[a]
    let inner = t.shape[(a + 1)...].reduce(1, *)
    let outer = t.shape[..<a].reduce(1, *)
    if inner == 1 { return (t.data, outer, n) }
    var out = [Float](repeating: 0, count: t.count)
    for o in 0..<outer {
        for i in 0..<inner {
            for k in 0..<n { out[(o * inner + i) * n + k] = t.data[(o * n + k) * inner + i] }
        }
    }
    return (out, outer * inner, n)
}

/// The inverse of `gatherAxis`.
private func scatterAxis(_ rows: [Float], like t: Tensor, _ axis: Int) throws -> Tensor {
    let a = axis < 0 ? axis + t.rank : axis
    let n = t.shape[a]
    let inner = t.shape[(a + 1)...].reduce(1, *)
    let outer = t.shape[..<a].reduce(1, *)
    if inner == 1 { return Tensor(checked: t.shape, rows) }
    var out = [Float](repeating: 0, count: t.count)
    for o in 0..<outer {
        for i in 0..<inner {
            for k in 0..<n { out[(o * n + k) * inner + i] = rows[(o * inner + i) * n + k] }
        }
    }
    return Tensor(checked: t.shape, out)
}

/// `axis` as a dimension index (negative counts from the end).
/// - Throws: `TensorError` naming `op` when it is out of range.
func normalizedAxis(_ axis: Int, rank: Int, op: String, shape: [Int]) throws -> Int {
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0, a < rank else {
        throw TensorError(op: op, "axis \(axis) is out of range for shape \(Tensor.describe(shape))")
    }
    return a
}
