import Foundation

/// Local response normalisation across channels, with AlexNet's formula
/// b[c] = a[c] / (k + α Σ_{j ∈ window(c)} a[j]²)^β, window(c) = the n channels centred on c
/// (c − ⌊n/2⌋ … c + ⌊(n−1)/2⌋, clipped to the existing channels).
///
/// AlexNet used n = 5, k = 2, α = 1e-4, β = 0.75. PyTorch's `LocalResponseNorm` divides α
/// by n (b = a / (k + α/n Σ a²)^β), so `LocalResponseNorm(size: n, alpha: α, …)` here equals
/// PyTorch's `LocalResponseNorm(n, alpha: α·n, …)`.
public struct LocalResponseNorm: Equatable, Sendable, Codable {
    public var size: Int
    public var alpha: Float
    public var beta: Float
    public var k: Float

    public init(size: Int = 5, alpha: Float = 1e-4, beta: Float = 0.75, k: Float = 2) {
        self.size = size; self.alpha = alpha; self.beta = beta; self.k = k
    }

    /// Shape contract: a: [N, C, H, W] → same shape.
    /// - Throws: `TensorError` (op `lrn`) for a wrong rank or a window size below 1.
    public func forward(_ a: Tensor) throws -> Tensor {
        let (planes, c, hw) = try check(a.shape, op: "lrn")
        var b = a
        let s = scales(a, planes, c, hw)
        for i in b.data.indices { b.data[i] *= Float(Foundation.pow(Double(s[i]), Double(-beta))) }
        return b
    }

    /// With s[c] = k + α Σ_{j ∈ window(c)} a[j]²:
    /// da[i] = dy[i] · s[i]^−β − 2αβ · a[i] · Σ_{c : i ∈ window(c)} dy[c] · a[c] · s[c]^(−β−1).
    /// - Throws: `TensorError` (op `lrn.backward`) when `a` and `dy` differ in shape.
    public func backward(a: Tensor, dy: Tensor) throws -> Tensor {
        let (planes, c, hw) = try check(a.shape, op: "lrn.backward")
        guard dy.shape == a.shape else {
            throw TensorError(op: "lrn.backward", "a \(Tensor.describe(a.shape)) and dy \(Tensor.describe(dy.shape)) differ")
        }
        let s = scales(a, planes, c, hw)
        // t[c] = dy[c] · a[c] · s[c]^(−β−1), the part of the chain shared by every input in c's window.
        var t = [Float](repeating: 0, count: a.count)
        var da = dy
        for i in t.indices {
            let sp = Float(Foundation.pow(Double(s[i]), Double(-beta)))
            t[i] = dy.data[i] * a.data[i] * sp / s[i]
            da.data[i] = dy.data[i] * sp
        }
        // Channel ch lies in the windows of channels ch − ⌊(n−1)/2⌋ … ch + ⌊n/2⌋.
        let sums = windowSums(t, planes, c, hw, before: (size - 1) / 2, after: size / 2)
        for i in da.data.indices { da.data[i] -= 2 * alpha * beta * a.data[i] * sums[i] }
        return da
    }

    /// s[i] = k + α Σ_{j ∈ window} a[j]² for every element.
    private func scales(_ a: Tensor, _ planes: Int, _ c: Int, _ hw: Int) -> [Float] {
        windowSums(a.data.map { $0 * $0 }, planes, c, hw, before: size / 2, after: (size - 1) / 2).map { k + alpha * $0 }
    }

    /// Σ v[p, j, pos] over the channels j = ch − before … ch + after (clipped), for every
    /// element (p, ch, pos) of v: [planes, c, hw].
    private func windowSums(_ v: [Float], _ planes: Int, _ c: Int, _ hw: Int, before: Int, after: Int) -> [Float] {
        var sums = [Float](repeating: 0, count: v.count)
        for p in 0..<planes {
            for ch in 0..<c {
                let lo = max(0, ch - before), hi = min(c - 1, ch + after)
                for pos in 0..<hw {
                    var sum: Float = 0
                    for j in lo...hi { sum += v[(p * c + j) * hw + pos] }
                    sums[(p * c + ch) * hw + pos] = sum
                }
            }
        }
        return sums
    }

    private func check(_ shape: [Int], op: String) throws -> (planes: Int, c: Int, hw: Int) {
        guard shape.count == 4 else {
            throw TensorError(op: op, "input must be rank 4 [N, C, H, W], got \(Tensor.describe(shape))")
        }
        guard size >= 1 else { throw TensorError(op: op, "window size must be at least 1, got \(size)") }
        return (shape[0], shape[1], shape[2] * shape[3])
    }
}
