import Foundation

/// Batch normalisation per channel (Ioffe & Szegedy, 2015), as `nn.BatchNorm2d` computes it:
///
///     μ_c = mean of x[·, c, ·, ·],  σ²_c = biased variance,  x̂ = (x − μ_c) / √(σ²_c + ε),
///     y = γ_c · x̂ + β_c.
///
/// In training the batch's own μ and σ² are used, and the running statistics move towards
/// them (`momentum` 0.1, the running variance takes the *unbiased* batch variance, as PyTorch
/// does). In evaluation the running statistics are used instead, so one image's output does not
/// depend on the rest of its batch. Shapes: x is `[N, C, H, W]` or `[N, C]` (a dense layer's
/// output, `BatchNorm1d`); γ, β, the means and variances are `[C]`.
public struct BatchNorm: Equatable, Sendable, Codable {
    /// Added to the variance before the square root, so a constant channel does not divide by 0.
    public var epsilon: Float
    /// How far one training batch moves the running statistics: r ← (1 − m)·r + m·batch.
    public var momentum: Float

    public init(epsilon: Float = 1e-5, momentum: Float = 0.1) {
        self.epsilon = epsilon
        self.momentum = momentum
    }

    /// Per-channel statistics: a batch's, or the running ones kept for evaluation.
    public struct Statistics: Equatable, Sendable, Codable {
        public var mean: [Float]
        public var variance: [Float]

        /// Zero means and unit variances, PyTorch's initial running statistics.
        public init(channels: Int) {
            mean = [Float](repeating: 0, count: channels)
            variance = [Float](repeating: 1, count: channels)
        }

        public init(mean: [Float], variance: [Float]) {
            self.mean = mean
            self.variance = variance
        }
    }

    /// What a training forward pass keeps for its backward pass.
    public struct Cache: Sendable {
        /// x̂, the normalised input, same shape as x.
        public var normalized: Tensor
        /// The batch's mean and biased variance per channel.
        public var batch: Statistics
        /// 1 / √(σ² + ε) per channel.
        public var inverseStd: [Float]
        /// N·H·W: how many values each channel's statistics were taken over.
        public var count: Int
    }

    /// The gradients of a batch normalisation.
    public struct Gradients: Sendable {
        public var dx: Tensor
        public var dGamma: Tensor
        public var dBeta: Tensor
    }

    // MARK: Fast path

    /// Training forward pass: normalises with the batch's statistics.
    ///
    /// Shape contract: x: [N, C, H, W] or [N, C], gamma: [C], beta: [C] → same shape as x.
    /// - Throws: `TensorError` (op `batchnorm`) for a wrong rank, mismatched γ/β, or a channel
    ///   with fewer than 2 values (its variance would be meaningless).
    public func forwardTraining(_ x: Tensor, gamma: Tensor, beta: Tensor) throws -> (y: Tensor, cache: Cache) {
        let (n, c, plane) = try check(x.shape, gamma: gamma, beta: beta, op: "batchnorm")
        let count = n * plane
        guard count >= 2 else {
            throw TensorError(op: "batchnorm", "training needs at least 2 values per channel, got \(count) (input \(Tensor.describe(x.shape)))")
        }
        var mean = [Float](repeating: 0, count: c), variance = [Float](repeating: 0, count: c)
        x.data.withUnsafeBufferPointer { xs in
            for ch in 0..<c {
                // Two passes in Double: the mean first, then the squared deviations (no cancellation).
                var sum = 0.0
                for i in 0..<n { let base = (i * c + ch) * plane; for p in 0..<plane { sum += Double(xs[base + p]) } }
                let mu = sum / Double(count)
                var sq = 0.0
                for i in 0..<n { let base = (i * c + ch) * plane; for p in 0..<plane { let d = Double(xs[base + p]) - mu; sq += d * d } }
                mean[ch] = Float(mu)
                variance[ch] = Float(sq / Double(count))
            }
        }
        let stats = Statistics(mean: mean, variance: variance)
        let inv = variance.map { 1 / ($0 + epsilon).squareRoot() }
        let xhat = scaleShift(x, n: n, c: c, plane: plane, scale: inv, shift: zip(mean, inv).map { -$0 * $1 })
        let y = scaleShift(xhat, n: n, c: c, plane: plane, scale: gamma.data, shift: beta.data)
        return (y, Cache(normalized: xhat, batch: stats, inverseStd: inv, count: count))
    }

    /// Evaluation forward pass: normalises with `running` statistics.
    /// - Throws: `TensorError` (op `batchnorm`) for mismatched shapes.
    public func forwardInference(_ x: Tensor, gamma: Tensor, beta: Tensor, running: Statistics) throws -> Tensor {
        let (n, c, plane) = try check(x.shape, gamma: gamma, beta: beta, op: "batchnorm")
        guard running.mean.count == c, running.variance.count == c else {
            throw TensorError(op: "batchnorm", "running statistics hold \(running.mean.count) means and \(running.variance.count) variances for \(c) channels")
        }
        let inv = running.variance.map { 1 / ($0 + epsilon).squareRoot() }
        // γ(x − μ)/σ + β folded into one pass: scale γ/σ, shift β − γμ/σ.
        let scale = zip(gamma.data, inv).map { $0 * $1 }
        let shift = (0..<c).map { beta.data[$0] - scale[$0] * running.mean[$0] }
        return scaleShift(x, n: n, c: c, plane: plane, scale: scale, shift: shift)
    }

    /// Moves `running` towards a training batch's statistics, as PyTorch does: the variance
    /// term uses the unbiased batch variance σ²·M/(M − 1).
    public func updateRunning(_ running: inout Statistics, with cache: Cache) {
        let m = momentum, unbias = Float(cache.count) / Float(cache.count - 1)
        for ch in running.mean.indices {
            running.mean[ch] = (1 - m) * running.mean[ch] + m * cache.batch.mean[ch]
            running.variance[ch] = (1 - m) * running.variance[ch] + m * cache.batch.variance[ch] * unbias
        }
    }

    /// Backward pass of `forwardTraining`. With M values per channel:
    /// dβ = Σ dy, dγ = Σ dy·x̂, dx = γ/(M·σ) · (M·dy − Σ dy − x̂·Σ dy·x̂).
    /// - Throws: `TensorError` (op `batchnorm.backward`) when dy's shape is not x's.
    public func backward(dy: Tensor, cache: Cache, gamma: Tensor) throws -> Gradients {
        let xhat = cache.normalized
        guard dy.shape == xhat.shape else {
            throw TensorError(op: "batchnorm.backward", "dy \(Tensor.describe(dy.shape)) and x \(Tensor.describe(xhat.shape)) differ")
        }
        let (n, c, plane) = try check(xhat.shape, gamma: gamma, beta: gamma, op: "batchnorm.backward")
        var dGamma = [Float](repeating: 0, count: c), dBeta = [Float](repeating: 0, count: c)
        for ch in 0..<c {
            var sdy = 0.0, sdyx = 0.0
            for i in 0..<n {
                let base = (i * c + ch) * plane
                for p in 0..<plane { let g = Double(dy.data[base + p]); sdy += g; sdyx += g * Double(xhat.data[base + p]) }
            }
            dBeta[ch] = Float(sdy)
            dGamma[ch] = Float(sdyx)
        }
        var dx = dy
        let m = Float(cache.count)
        for ch in 0..<c {
            let scale = gamma.data[ch] * cache.inverseStd[ch] / m
            for i in 0..<n {
                let base = (i * c + ch) * plane
                for p in 0..<plane {
                    dx.data[base + p] = scale * (m * dy.data[base + p] - dBeta[ch] - xhat.data[base + p] * dGamma[ch])
                }
            }
        }
        return Gradients(dx: dx, dGamma: Tensor(checked: [c], dGamma), dBeta: Tensor(checked: [c], dBeta))
    }

    // MARK: Naive reference

    /// The lesson's formula with one loop per symbol, in Double: the oracle for the fast path.
    public func naiveForwardTraining(_ x: Tensor, gamma: Tensor, beta: Tensor) throws -> Tensor {
        let (n, c, plane) = try check(x.shape, gamma: gamma, beta: beta, op: "batchnorm")
        var y = x
        for ch in 0..<c {
            var values: [Double] = []
            for i in 0..<n { for p in 0..<plane { values.append(Double(x.data[(i * c + ch) * plane + p])) } }
            let mu = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(values.count)
            for i in 0..<n {
                for p in 0..<plane {
                    let k = (i * c + ch) * plane + p
                    let xhat = (Double(x.data[k]) - mu) / (variance + Double(epsilon)).squareRoot()
                    y.data[k] = Float(Double(gamma.data[ch]) * xhat + Double(beta.data[ch]))
                }
            }
        }
        return y
    }

    /// The chain rule written out term by term (through μ and σ² as in the paper), in Double.
    public func naiveBackward(x: Tensor, dy: Tensor, gamma: Tensor) throws -> Gradients {
        let (n, c, plane) = try check(x.shape, gamma: gamma, beta: gamma, op: "batchnorm.backward")
        var dx = x, dGamma = [Float](repeating: 0, count: c), dBeta = [Float](repeating: 0, count: c)
        for ch in 0..<c {
            var idx: [Int] = []
            for i in 0..<n { for p in 0..<plane { idx.append((i * c + ch) * plane + p) } }
            let m = Double(idx.count), eps = Double(epsilon), g = Double(gamma.data[ch])
            let mu = idx.map { Double(x.data[$0]) }.reduce(0, +) / m
            let v = idx.map { (Double(x.data[$0]) - mu) * (Double(x.data[$0]) - mu) }.reduce(0, +) / m
            let std = (v + eps).squareRoot()
            // dL/dx̂, dL/dσ², dL/dμ, then dL/dx (the paper's four lines).
            let dxhat = idx.map { Double(dy.data[$0]) * g }
            var dvar = 0.0, dmu = 0.0
            for (t, k) in idx.enumerated() { dvar += dxhat[t] * (Double(x.data[k]) - mu) * -0.5 * pow(v + eps, -1.5) }
            for (t, k) in idx.enumerated() { dmu += -dxhat[t] / std + dvar * -2 * (Double(x.data[k]) - mu) / m }
            var sg = 0.0, sb = 0.0
            for (t, k) in idx.enumerated() {
                dx.data[k] = Float(dxhat[t] / std + dvar * 2 * (Double(x.data[k]) - mu) / m + dmu / m)
                sg += Double(dy.data[k]) * (Double(x.data[k]) - mu) / std
                sb += Double(dy.data[k])
            }
            dGamma[ch] = Float(sg)
            dBeta[ch] = Float(sb)
        }
        return Gradients(dx: dx, dGamma: Tensor(checked: [c], dGamma), dBeta: Tensor(checked: [c], dBeta))
    }

    // MARK: Helpers

    /// o = scale[c]·x + shift[c] for every value of channel c: normalisation (scale 1/σ,
    /// shift −μ/σ) and the affine step (γ, β) are both this.
    private func scaleShift(_ x: Tensor, n: Int, c: Int, plane: Int, scale: [Float], shift: [Float]) -> Tensor {
        var out = x
        out.data.withUnsafeMutableBufferPointer { o in
            for i in 0..<n {
                for ch in 0..<c {
                    let base = (i * c + ch) * plane, a = scale[ch], b = shift[ch]
                    for p in 0..<plane { o[base + p] = a * o[base + p] + b }
                }
            }
        }
        return out
    }

    private func check(_ shape: [Int], gamma: Tensor, beta: Tensor, op: String) throws -> (n: Int, c: Int, plane: Int) {
        guard shape.count == 4 || shape.count == 2 else {
            throw TensorError(op: op, "input must be [N, C, H, W] or [N, C], got \(Tensor.describe(shape))")
        }
        let c = shape[1]
        guard gamma.shape == [c], beta.shape == [c] else {
            throw TensorError(op: op, "gamma \(Tensor.describe(gamma.shape)) and beta \(Tensor.describe(beta.shape)) must both be [\(c)] for \(c) channels")
        }
        return (shape[0], c, shape.count == 4 ? shape[2] * shape[3] : 1)
    }
}
