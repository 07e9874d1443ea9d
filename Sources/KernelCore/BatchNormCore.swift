/// `op: batchnorm`: batch normalisation per channel, as `nn.BatchNorm2d` (or `1d` for NxC)
/// computes it. In training each channel's mean and (biased) variance come from the batch: one
/// step for μ, one for σ², then one per element, y = γ·(x − μ)/√(σ² + ε) + β. In evaluation
/// the running statistics replace the batch's and only the element steps remain.
public enum BatchNormCore {
    /// The input's shape problem in the host's words, or nil for NxC, CxHxW or NxCxHxW.
    public static func shapeError(_ shape: [Int]) -> String? {
        (2...4).contains(shape.count) ? nil : "batchnorm: expected NxC, CxHxW or NxCxHxW, found shape \(StepText.shape(shape))"
    }

    /// (N, C, H·W) of an input `shapeError` accepts (CxHxW is one image).
    public static func layout(_ shape: [Int]) -> (n: Int, c: Int, plane: Int) {
        switch shape.count {
        case 2: return (shape[0], shape[1], 1)
        case 3: return (1, shape[0], shape[1] * shape[2])
        default: return (shape[0], shape[1], shape[2] * shape[3])
        }
    }

    /// A per-channel field: one number for every channel, or one per channel; or the message.
    public static func channelVector(_ key: String, _ t: CoreArray, channels c: Int) -> (values: [Float], error: String?) {
        if t.count == 1 { return ([Float](repeating: t.data[0], count: c), nil) }
        guard t.rank == 1, t.count == c else {
            return ([], "batchnorm: \(key) needs one number per channel (\(c)), found shape \(StepText.shape(t.shape))")
        }
        return (t.data, nil)
    }

    /// The batch's statistics as the training kernel computes them: two passes in Double (the
    /// mean, then the squared deviations), rounded to Float; or the kernel's message when a
    /// channel has fewer than 2 values.
    public static func statistics(_ x: CoreArray) -> (mean: [Float], variance: [Float], error: String?) {
        let (n, c, plane) = layout(x.shape)
        let count = n * plane
        guard count >= 2 else {
            let shape4 = x.rank == 3 ? [1] + x.shape : x.shape
            return ([], [], "batchnorm: training needs at least 2 values per channel, got \(count) (input \(StepText.shape(shape4)))")
        }
        var mean = [Float](repeating: 0, count: c), variance = mean
        for ch in 0..<c {
            var sum = 0.0
            for i in 0..<n { for p in 0..<plane { sum += Double(x.data[(i * c + ch) * plane + p]) } }
            let mu = sum / Double(count)
            var sq = 0.0
            for i in 0..<n {
                for p in 0..<plane {
                    let d = Double(x.data[(i * c + ch) * plane + p]) - mu
                    sq += d * d
                }
            }
            mean[ch] = Float(mu)
            variance[ch] = Float(sq / Double(count))
        }
        return (mean, variance, nil)
    }

    /// y as the kernel computes it: in training x̂ = x·(1/σ) − μ/σ, then γ·x̂ + β; in evaluation
    /// one pass, x·(γ/σ) + (β − (γ/σ)·μ).
    public static func normalize(_ x: CoreArray, gamma: [Float], beta: [Float], mean: [Float], variance: [Float], epsilon: Float,
                                 training: Bool) -> [Float] {
        let (n, c, plane) = layout(x.shape)
        var y = x.data
        for ch in 0..<c {
            let inv = 1 / (variance[ch] + epsilon).squareRoot()
            let scale = gamma[ch] * inv, shift = beta[ch] - scale * mean[ch]
            for i in 0..<n {
                for p in 0..<plane {
                    let k = (i * c + ch) * plane + p
                    if training {
                        let xhat = inv * y[k] + (-mean[ch] * inv)
                        y[k] = gamma[ch] * xhat + beta[ch]
                    } else {
                        y[k] = scale * y[k] + shift
                    }
                }
            }
        }
        return y
    }

    /// The steps and the outputs (`result`, `mean`, `variance`). `values`: the host kernel's y;
    /// nil computes it here (`normalize`).
    public static func run(input x: CoreArray, gamma: [Float], beta: [Float], epsilon eps: Float, mean: [Float], variance: [Float],
                           training: Bool, values: [Float]? = nil) -> CoreRun {
        let (n, c, plane) = layout(x.shape)
        let y = values ?? normalize(x, gamma: gamma, beta: beta, mean: mean, variance: variance, epsilon: eps, training: training)
        var steps: [CoreStep] = []
        for ch in 0..<c {
            var cells: [Int] = []
            for i in 0..<n { for p in 0..<plane { cells.append((i * c + ch) * plane + p) } }
            let refs = cells.map { CoreCell("input", CoreIndex.unflatten($0, x.shape)) }
            let xs = cells.map { x.data[$0] }
            let (mu, v) = (mean[ch], variance[ch])
            if training {
                var sum: Float = 0
                for value in xs { sum += value }
                var s = CoreStep()
                s.reads = refs
                s.readValues = xs
                s.writes = [CoreCell("mean", [ch])]
                s.sum = sum
                s.result = mu
                s.arithmetic = "μ\(StepText.index([ch])) = (\(StepText.sum(xs))) / \(xs.count) = \(StepText.n(mu))"
                s.description = s.arithmetic
                steps.append(s)
                let squares = StepText.joined(xs.map { "(\(StepText.n($0)) − \(StepText.factor(mu)))²" }, " + ")
                s.writes = [CoreCell("variance", [ch])]
                s.sum = v * Float(xs.count)
                s.result = v
                s.arithmetic = "σ²\(StepText.index([ch])) = (\(squares)) / \(xs.count) = \(StepText.n(v))"
                s.description = s.arithmetic
                steps.append(s)
            }
            let std = (v + eps).squareRoot()
            for (flat, ref) in zip(cells, refs) {
                let xhat = (x.data[flat] - mu) / std
                let (g, b) = (gamma[ch], beta[ch])
                let out = CoreIndex.unflatten(flat, x.shape)
                var s = CoreStep()
                s.reads = [ref, CoreCell("mean", [ch]), CoreCell("variance", [ch])]
                s.readValues = [x.data[flat], mu, v]
                s.weights = [CoreCell("gamma", [ch]), CoreCell("beta", [ch])]
                s.weightValues = [g, b]
                s.writes = [CoreCell("output", out)]
                s.sum = xhat
                s.bias = b
                s.result = y[flat]
                s.arithmetic = "\(StepText.n(g))·(\(StepText.n(x.data[flat])) − \(StepText.factor(mu))) / √(\(StepText.n(v)) + \(StepText.n(eps))) + \(StepText.factor(b)) = \(StepText.n(g))·\(StepText.factor(xhat)) + \(StepText.factor(b)) = \(StepText.n(y[flat]))"
                s.description = "output\(StepText.index(out)) = " + s.arithmetic
                steps.append(s)
            }
        }
        let statsRole = training ? "output" : "parameter"
        let result = CoreTensor("result", "output", x.shape, y)
        var run = CoreRun(result: result,
                          tensors: [CoreTensor("input", "input", x.shape, x.data), CoreTensor("mean", statsRole, [c], mean),
                                    CoreTensor("variance", statsRole, [c], variance), CoreTensor("gamma", "parameter", [c], gamma),
                                    CoreTensor("beta", "parameter", [c], beta), CoreTensor("output", "output", x.shape, y)],
                          steps: steps,
                          formulas: [training ? "μ = mean over N·H·W,  σ² = mean of (x − μ)² (biased, as in training)"
                                              : "μ, σ² = running statistics (evaluation)",
                                     "y = γ·(x − μ) / √(σ² + ε) + β,  ε = \(StepText.n(eps))"])
        run.outputs = [result, CoreTensor("mean", "output", [c], mean), CoreTensor("variance", "output", [c], variance)]
        return run
    }
}
