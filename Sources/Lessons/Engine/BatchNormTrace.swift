import Foundation
import KernelCore
import Tensor

/// `op: batchnorm`: batch normalisation per channel, the way `nn.BatchNorm2d` computes it.
/// In training (the default) each channel's mean and variance come from the example's own
/// batch: one step for μ, one for σ², then one step per element,
/// y = γ·(x − μ)/√(σ² + ε) + β. With `running-mean` and `running-variance` the example shows
/// evaluation instead: the stored statistics replace the batch's, so there are no μ/σ² steps.
/// The numbers are the kernel's (`BatchNorm`), the steps `BatchNormCore`'s.
///
/// `input` is `CxHxW` (one image), `NxCxHxW` (a batch) or `NxC` (a dense layer's outputs);
/// `gamma` and `beta` are per channel (default 1 and 0); `epsilon` defaults to 1e-5.
enum BatchNormTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input")
        let x = input.tensor
        if let e = BatchNormCore.shapeError(x.shape) { throw ex.error("input", e) }
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
        // The numbers are the training kernel's; the steps are KernelCore's (the in-page engine's own).
        let core = BatchNormCore.run(input: CoreArray(x), gamma: gamma.data, beta: beta.data, epsilon: eps, mean: stats.mean,
                                     variance: stats.variance, training: training, values: y.data)
        let outputs = [NamedTensor("result", result), NamedTensor("mean", try Tensor(shape: [c], data: stats.mean)),
                       NamedTensor("variance", try Tensor(shape: [c], data: stats.variance))]
        return (outputs, Trace(ex, core))
    }

    /// A per-channel field (`gamma: [1, 2]`, or one number for every channel).
    private static func channelVector(_ ex: Example, _ key: String, channels c: Int, default value: Float) throws -> Tensor {
        guard let t = try ex.fields.optionalTensor(key) else { return Tensor(shape: [c], repeating: value) }
        return try Tensor(shape: [c], data: try channelVector(ex, key, t.tensor, channels: c))
    }

    private static func channelVector(_ ex: Example, _ key: String, _ t: Tensor, channels c: Int) throws -> [Float] {
        let v = BatchNormCore.channelVector(key, CoreArray(t), channels: c)
        if let e = v.error { throw ex.error(key, e) }
        return v.values
    }
}
