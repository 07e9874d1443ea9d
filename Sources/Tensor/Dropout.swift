/// A small, fast, seedable random number generator (Steele, Lea and Flood's SplitMix64),
/// so that every run of a lesson or a training session draws the same numbers.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform `Float` in [0, 1) from the top 24 bits.
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * (1 / Float(1 << 24))
    }
}

/// Inverted dropout: during training each element is zeroed with probability p and the
/// survivors are scaled by 1/(1 − p), so that nothing changes at test time.
public enum Dropout {
    /// Shape contract: x: any shape → (y: same shape, mask: one factor per element, 0 or 1/(1 − p)).
    /// - Throws: `TensorError` (op `dropout`) unless 0 ≤ p < 1.
    public static func forward(_ x: Tensor, p: Float, rng: inout SplitMix64) throws -> (y: Tensor, mask: [Float]) {
        guard p >= 0, p < 1 else { throw TensorError(op: "dropout", "probability must be in [0, 1), got \(p)") }
        let keep = 1 / (1 - p)
        var mask = [Float](repeating: 0, count: x.count)
        for i in mask.indices { mask[i] = rng.nextFloat() < p ? 0 : keep }
        let y = Elementwise.map(x.data, mask) { x, m, y, range in
            for i in range { y[i] = x[i] * m[i] }
        }
        return (Tensor(checked: x.shape, y), mask)
    }

    /// dx = dy ⊙ mask.
    /// - Throws: `TensorError` (op `dropout.backward`) when the mask does not match `dy`.
    public static func backward(dy: Tensor, mask: [Float]) throws -> Tensor {
        guard mask.count == dy.count else {
            throw TensorError(op: "dropout.backward", "mask has \(mask.count) entries but dy \(Tensor.describe(dy.shape)) has \(dy.count)")
        }
        let dx = Elementwise.map(dy.data, mask) { dy, m, dx, range in
            for i in range { dx[i] = dy[i] * m[i] }
        }
        return Tensor(checked: dy.shape, dx)
    }
}
