import Tensor

/// Everything a forward pass keeps for its backward pass: each layer's output, the
/// max-pooling winners, dropout masks and batch-normalisation statistics, and the passes of
/// a block's inner layers.
public struct ForwardPass: Sendable {
    /// The batch that went in, [N, C, H, W].
    public let input: Tensor
    /// `outputs[i]` is what layer i produced; the last one holds the logits [N, classes].
    public internal(set) var outputs: [Tensor] = []
    /// New running statistics of the batch normalisations (training only), by index into
    /// `Network.parameters`; `TrainingSession` stores them after the optimizer step.
    public internal(set) var runningStatistics: [Int: Tensor] = [:]
    var argmax: [Int: [Int]] = [:]
    var masks: [Int: [Float]] = [:]
    var batchNorm: [Int: BatchNorm.Cache] = [:]
    /// A residual block's body (one pass) or an inception block's branches (one each).
    var inner: [Int: [ForwardPass]] = [:]

    /// The last layer's output.
    public var logits: Tensor { outputs.last ?? input }

    /// What layer `i` received.
    func layerInput(_ i: Int) -> Tensor { i == 0 ? input : outputs[i - 1] }
}

extension Network {
    /// Runs a batch through every layer.
    ///
    /// - Parameters:
    ///   - x: images [N, C, H, W] matching `spec.input`.
    ///   - training: whether dropout is active (it draws from `rng`) and batch normalisation
    ///     uses the batch's statistics (and reports new running ones in `runningStatistics`).
    /// - Throws: `TensorError` from a kernel when `x` does not fit the model.
    public func forward(_ x: Tensor, training: Bool, rng: inout SplitMix64) throws -> ForwardPass {
        guard x.rank == 4, Array(x.shape.dropFirst()) == spec.input else {
            throw TensorError(op: "\(spec.name).forward", "input \(Tensor.describe(x.shape)) does not match the model's N x \(Tensor.describe(spec.input))")
        }
        var running: [Int: Tensor] = [:]
        var pass = try run(ops, x, training: training, rng: &rng, running: &running)
        pass.runningStatistics = running
        return pass
    }

    /// Each op's forward, beside its backward in `back`.
    private func run(_ ops: [Op], _ x: Tensor, training: Bool, rng: inout SplitMix64,
                     running: inout [Int: Tensor]) throws -> ForwardPass {
        var pass = ForwardPass(input: x)
        pass.outputs.reserveCapacity(ops.count)
        var h = x
        for (i, op) in ops.enumerated() {
            switch op {
            case let .conv(o, w, hasBias):
                h = try Conv2D.forward(h, parameters[w], bias: hasBias ? parameters[w + 1] : nil, o)
            case let .maxpool(o):
                let r = try MaxPool2D.forward(h, o)
                pass.argmax[i] = r.argmax
                h = r.y
            case let .avgpool(o):
                h = try AvgPool2D.forward(h, o)
            case let .activation(a, alpha):
                h = a.forward(h, alpha: alpha)
            case let .prelu(w):
                h = Activation.prelu.forward(h, alpha: parameters[w].data[0])
            case let .lrn(n):
                h = try n.forward(h)
            case let .dropout(p):
                if training && p > 0 {
                    let r = try Dropout.forward(h, p: p, rng: &rng)
                    pass.masks[i] = r.mask
                    h = r.y
                }
            case .flatten:
                h = try h.flattened()
            case let .linear(w):
                h = try Linear.forward(x: h, w: parameters[w], b: parameters[w + 1])
            case let .batchnorm(bn, w):
                let stored = BatchNorm.Statistics(mean: parameters[w + 2].data, variance: parameters[w + 3].data)
                if training {
                    let r = try bn.forwardTraining(h, gamma: parameters[w], beta: parameters[w + 1])
                    pass.batchNorm[i] = r.cache
                    var updated = stored
                    bn.updateRunning(&updated, with: r.cache)
                    running[w + 2] = try Tensor(shape: parameters[w + 2].shape, data: updated.mean)
                    running[w + 3] = try Tensor(shape: parameters[w + 3].shape, data: updated.variance)
                    h = r.y
                } else {
                    h = try bn.forwardInference(h, gamma: parameters[w], beta: parameters[w + 1], running: stored)
                }
            case .globalAvgPool:
                h = try GlobalAvgPool.forward(h)
            case let .residual(body, projection, shortcutOps):
                let inner = try run(body, h, training: training, rng: &rng, running: &running)
                let path = try shortcutOps.map { try run($0, h, training: training, rng: &rng, running: &running) }
                let shortcut = try path?.logits
                    ?? projection.map { try Conv2D.forward(h, parameters[$0.weight], bias: parameters[$0.weight + 1], $0.options) } ?? h
                pass.inner[i] = [inner] + (path.map { [$0] } ?? [])
                h = try ResidualAdd.forward(inner.logits, shortcut)
            case let .inception(branches):
                let inner = try branches.map { try run($0, h, training: training, rng: &rng, running: &running) }
                pass.inner[i] = inner
                h = try Concat.forward(inner.map(\.logits))
            }
            pass.outputs.append(h)
        }
        return pass
    }

    /// Back-propagates `dLogits` through the layers of `pass`.
    /// - Returns: one gradient per entry of `parameters`, same shapes (0 for running statistics).
    /// - Throws: `TensorError` from a kernel (only on inconsistent inputs).
    public func backward(_ pass: ForwardPass, dLogits: Tensor) throws -> [Tensor] {
        // Every trained parameter's gradient is assigned below; nothing needs zero-filling first.
        var grads = [Tensor?](repeating: nil, count: parameters.count)
        _ = try back(ops, pass, dLogits, grads: &grads, needInput: false)
        return grads.enumerated().map { $1 ?? Tensor(shape: parameters[$0].shape) }
    }

    /// The backward of `run`, last op first; returns dL/dx when `needInput` (inside a block).
    private func back(_ ops: [Op], _ pass: ForwardPass, _ dOut: Tensor, grads: inout [Tensor?], needInput: Bool) throws -> Tensor {
        var dy = dOut
        for i in stride(from: ops.count - 1, through: 0, by: -1) {
            let x = pass.layerInput(i)
            let needX = i > 0 || needInput
            switch ops[i] {
            case let .conv(o, w, hasBias):
                if needX {
                    let g = try Conv2D.backward(x: x, w: parameters[w], dy: dy, o)
                    (grads[w], dy) = (g.dw, g.dx)
                    if hasBias { grads[w + 1] = g.db }
                } else {
                    let g = try Conv2D.parameterGradients(x: x, w: parameters[w], dy: dy, o)
                    grads[w] = g.0
                    if hasBias { grads[w + 1] = g.1 }
                }
            case .maxpool:
                dy = try MaxPool2D.backward(dy: dy, argmax: pass.argmax[i]!, inputShape: x.shape)
            case let .avgpool(o):
                dy = try AvgPool2D.backward(dy: dy, inputShape: x.shape, o)
            case let .activation(a, alpha):
                dy = try a.backward(x: x, dy: dy, alpha: alpha)
            case let .prelu(w):
                grads[w] = Tensor(shape: [1], repeating: try Activation.preluAlphaGradient(x: x, dy: dy))
                dy = try Activation.prelu.backward(x: x, dy: dy, alpha: parameters[w].data[0])
            case let .lrn(n):
                dy = try n.backward(a: x, dy: dy)
            case .dropout:
                if let mask = pass.masks[i] { dy = try Dropout.backward(dy: dy, mask: mask) }
            case .flatten:
                dy = try dy.reshaped(x.shape)
            case let .linear(w):
                let g = try Linear.backward(x: x, w: parameters[w], dy: dy)
                (grads[w], grads[w + 1]) = (g.dw, g.db)
                if needX { dy = g.dx }
            case let .batchnorm(bn, w):
                guard let cache = pass.batchNorm[i] else {
                    throw TensorError(op: "batchnorm.backward", "the forward pass ran in evaluation mode; train with training: true")
                }
                let g = try bn.backward(dy: dy, cache: cache, gamma: parameters[w])
                (grads[w], grads[w + 1], dy) = (g.dGamma, g.dBeta, g.dx)
            case .globalAvgPool:
                dy = try GlobalAvgPool.backward(dy: dy, inputShape: x.shape)
            case let .residual(body, projection, shortcutOps):
                // y = F(x) + S(x): dy flows into the body and, unchanged, into the shortcut.
                let dBody = try back(body, pass.inner[i]![0], dy, grads: &grads, needInput: true)
                var dShortcut = dy
                if let shortcutOps {
                    dShortcut = try back(shortcutOps, pass.inner[i]![1], dy, grads: &grads, needInput: true)
                } else if let p = projection {
                    let g = try Conv2D.backward(x: x, w: parameters[p.weight], dy: dy, p.options)
                    (grads[p.weight], grads[p.weight + 1], dShortcut) = (g.dw, g.db, g.dx)
                }
                dy = try ResidualAdd.forward(dBody, dShortcut)
            case let .inception(branches):
                // Each branch gets its channels of dy; x fed every branch, so their dx add up.
                let inner = pass.inner[i]!
                let parts = try Concat.backward(dy: dy, partShapes: inner.map(\.logits.shape))
                var total: Tensor?
                for (b, branch) in branches.enumerated() {
                    let d = try back(branch, inner[b], parts[b], grads: &grads, needInput: true)
                    total = try total.map { try ResidualAdd.forward($0, d) } ?? d
                }
                dy = total!
            }
        }
        return dy
    }

    /// The loss and parameter gradients of one batch (cross-entropy on the logits).
    /// - Returns: the mean loss, the number of correct predictions, the gradients, and the
    ///   batch normalisations' new running statistics (store them after the update).
    public func lossAndGradients(_ x: Tensor, labels: [Int], rng: inout SplitMix64) throws
        -> (loss: Float, correct: Int, gradients: [Tensor], runningStatistics: [Int: Tensor]) {
        let pass = try forward(x, training: true, rng: &rng)
        let (loss, dLogits) = try crossEntropy(logits: pass.logits, labels: labels)
        let correct = try Self.countCorrect(pass.logits, labels)
        return (loss, correct, try backward(pass, dLogits: dLogits), pass.runningStatistics)
    }

    /// Stores new running statistics from a training step.
    public mutating func store(runningStatistics: [Int: Tensor]) {
        for (i, t) in runningStatistics { parameters[i] = t }
    }

    /// How many rows of `logits` have their largest value at the label.
    static func countCorrect(_ logits: Tensor, _ labels: [Int]) throws -> Int {
        let predicted = try argmax(logits, axis: 1).indices
        return zip(predicted, labels).filter { $0 == $1 }.count
    }
}
