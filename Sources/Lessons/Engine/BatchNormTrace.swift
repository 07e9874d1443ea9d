import Foundation
import Tensor

/// `op: batchnorm`: batch normalisation per channel, the way `nn.BatchNorm2d` computes it.
/// In training (the default) each channel's mean and variance come from the example's own
/// batch: one step for μ, one for σ², then one step per element,
/// y = γ·(x − μ)/√(σ² + ε) + β. With `running-mean` and `running-variance` the example shows
/// evaluation instead: the stored statistics replace the batch's, so there are no μ/σ² steps.
///
/// `input` is `CxHxW` (one image), `NxCxHxW` (a batch) or `NxC` (a dense layer's outputs);
/// `gamma` and `beta` are per channel (default 1 and 0); `epsilon` defaults to 1e-5.
enum BatchNormTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input")
        let x = input.tensor
        guard (2...4).contains(x.rank) else {
            throw ex.error("input", "batchnorm: expected NxC, CxHxW or NxCxHxW, found shape \(Tensor.describe(x.shape))")
        }
        let nchw = try x.reshaped(x.rank == 3 ? [1] + x.shape : x.shape)
        let c = nchw.shape[1]
        let gamma = try channelVector(ex, "gamma", channels: c, default: 1)
        let beta = try channelVector(ex, "beta", channels: c, default: 0)
        let eps = try ex.fields.optionalNumber("epsilon") ?? 1e-5
        guard eps >= 0, eps.isFinite else { throw ex.error("epsilon", "batchnorm: epsilon must be a finite number ≥ 0, found \(Arith.n(eps))") }
        try ex.ensureTraceable(x.count, 3, at: "input")
        let bn = BatchNorm(epsilon: eps)
        let runningMean = try ex.fields.optionalTensor("running-mean"), runningVar = try ex.fields.optionalTensor("running-variance")
        guard (runningMean == nil) == (runningVar == nil) else {
            throw ex.error(runningMean == nil ? "running-variance" : "running-mean",
                           "batchnorm: give both running-mean and running-variance (evaluation), or neither (training)")
        }
        let stats: BatchNorm.Statistics, y: Tensor, training = runningMean == nil
        if let runningMean, let runningVar {
            stats = .init(mean: try channelVector(ex, "running-mean", runningMean.tensor, channels: c),
                          variance: try channelVector(ex, "running-variance", runningVar.tensor, channels: c))
            guard stats.variance.allSatisfy({ $0 + eps > 0 }) else {
                throw ex.error("running-variance", "batchnorm: every running variance plus epsilon must be above 0")
            }
            y = try ex.kernel(at: "input") { try bn.forwardInference(nchw, gamma: gamma, beta: beta, running: stats) }
        } else {
            let r = try ex.kernel(at: "input") { try bn.forwardTraining(nchw, gamma: gamma, beta: beta) }
            (stats, y) = (r.cache.batch, r.y)
            if let ch = stats.variance.firstIndex(where: { $0 + eps <= 0 }) {
                throw ex.error("input", "batchnorm: channel \(ch) is constant (variance 0) and epsilon is 0: the division is undefined; use epsilon > 0")
            }
        }
        let result = try y.reshaped(x.shape)
        let plane = nchw.count / (nchw.shape[0] * c)
        let cellsOf = { (ch: Int) -> [Int] in (0..<nchw.shape[0]).flatMap { i in (0..<plane).map { (i * c + ch) * plane + $0 } } }
        var steps: [TraceStep] = []
        for ch in 0..<c {
            let cells = cellsOf(ch)
            let refs = cells.map { CellRef("input", ActivationTrace.unflatten($0, x.shape)) }
            let values = cells.map { x.data[$0] }
            let (mu, variance) = (stats.mean[ch], stats.variance[ch])
            if training {
                let m = Float(values.count)
                let meanText = "μ\(Arith.index([ch])) = (\(Arith.sum(values))) / \(values.count) = \(Arith.n(mu))"
                steps.append(TraceStep(reads: refs, readValues: values, writes: [CellRef("mean", [ch])],
                                       sum: values.reduce(0, +), result: mu, arithmetic: meanText, description: meanText))
                let squares = values.map { "(\(Arith.n($0)) − \(Arith.factor(mu)))²" }.joined(separator: " + ")
                let varText = "σ²\(Arith.index([ch])) = (\(squares)) / \(values.count) = \(Arith.n(variance))"
                steps.append(TraceStep(reads: refs, readValues: values, writes: [CellRef("variance", [ch])],
                                       sum: variance * m, result: variance, arithmetic: varText, description: varText))
            }
            let std = (variance + eps).squareRoot()
            for (flat, ref) in zip(cells, refs) {
                let xhat = (x.data[flat] - mu) / std
                let text = "\(Arith.n(gamma.data[ch]))·(\(Arith.n(x.data[flat])) − \(Arith.factor(mu))) / √(\(Arith.n(variance)) + \(Arith.n(eps))) + \(Arith.factor(beta.data[ch])) = \(Arith.n(gamma.data[ch]))·\(Arith.factor(xhat)) + \(Arith.factor(beta.data[ch])) = \(Arith.n(result.data[flat]))"
                let out = ActivationTrace.unflatten(flat, x.shape)
                steps.append(TraceStep(reads: [ref, CellRef("mean", [ch]), CellRef("variance", [ch])],
                                       readValues: [x.data[flat], mu, variance],
                                       weights: [CellRef("gamma", [ch]), CellRef("beta", [ch])], weightValues: [gamma.data[ch], beta.data[ch]],
                                       writes: [CellRef("output", out)], sum: xhat, bias: beta.data[ch], result: result.data[flat],
                                       arithmetic: text, description: "output\(Arith.index(out)) = \(text)"))
            }
        }
        let statsRole: TraceTensor.Role = training ? .output : .parameter
        let tensors = [
            TraceTensor(name: "input", role: .input, shape: x.shape, values: x.data),
            TraceTensor(name: "mean", role: statsRole, shape: [c], values: stats.mean),
            TraceTensor(name: "variance", role: statsRole, shape: [c], values: stats.variance),
            TraceTensor(name: "gamma", role: .parameter, shape: [c], values: gamma.data),
            TraceTensor(name: "beta", role: .parameter, shape: [c], values: beta.data),
            TraceTensor(name: "output", role: .output, shape: x.shape, values: result.data),
        ]
        let formulas = [
            training ? "μ = mean over N·H·W,  σ² = mean of (x − μ)² (biased, as in training)"
                     : "μ, σ² = running statistics (evaluation)",
            "y = γ·(x − μ) / √(σ² + ε) + β,  ε = \(Arith.n(eps))",
        ]
        let outputs = [NamedTensor("result", result), NamedTensor("mean", try Tensor(shape: [c], data: stats.mean)),
                       NamedTensor("variance", try Tensor(shape: [c], data: stats.variance))]
        return (outputs, Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: tensors, steps: steps, formulas: formulas))
    }

    /// A per-channel field (`gamma: [1, 2]`, or one number for every channel).
    private static func channelVector(_ ex: Example, _ key: String, channels c: Int, default value: Float) throws -> Tensor {
        guard let t = try ex.fields.optionalTensor(key) else { return Tensor(shape: [c], repeating: value) }
        return try Tensor(shape: [c], data: try channelVector(ex, key, t.tensor, channels: c))
    }

    private static func channelVector(_ ex: Example, _ key: String, _ t: Tensor, channels c: Int) throws -> [Float] {
        if t.count == 1 { return [Float](repeating: t.data[0], count: c) }
        guard t.rank == 1, t.count == c else {
            throw ex.error(key, "batchnorm: \(key) needs one number per channel (\(c)), found shape \(Tensor.describe(t.shape))")
        }
        return t.data
    }
}
