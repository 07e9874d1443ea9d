import Tensor

/// Everything a forward pass keeps for its backward pass: each layer's output and that
/// layer's backward, made by its forward with what it needs (its input, the max-pooling
/// winners, the dropout mask, the batch's statistics, the passes of a block's inner layers).
public struct ForwardPass: Sendable {
    /// The batch that went in, [N, C, H, W].
    public let input: Tensor
    /// `outputs[i]` is what layer i produced; the last one holds the logits [N, classes].
    public internal(set) var outputs: [Tensor] = []
    /// New running statistics of the batch normalisations (training only), by index into
    /// `Network.parameters`; `TrainingSession` stores them after the optimizer step.
    public internal(set) var runningStatistics: [Int: Tensor] = [:]
    /// `backwards[i]` is layer i's backward.
    var backwards: [Backward] = []

    /// The last layer's output.
    public var logits: Tensor { outputs.last ?? input }

    /// A layer's backward: dL/dy in, dL/dx out (only when `needX`; a first layer's is never
    /// used), and its parameters' gradients written into `grads` by index into `Network.parameters`.
    typealias Backward = @Sendable (_ dy: Tensor, _ needX: Bool, _ grads: inout [Tensor?]) throws -> Tensor

    /// Back-propagates `dOut` through the layers, last first; returns dL/dx when `needInput`.
    func backward(_ dOut: Tensor, grads: inout [Tensor?], needInput: Bool) throws -> Tensor {
        var dy = dOut
        for i in backwards.indices.reversed() { dy = try backwards[i](dy, i > 0 || needInput, &grads) }
        return dy
    }
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

    /// Each op's forward and, right after it, its backward (kept in the pass), as micrograd does.
    private func run(_ ops: [Op], _ input: Tensor, training: Bool, rng: inout SplitMix64,
                     running: inout [Int: Tensor]) throws -> ForwardPass {
        var pass = ForwardPass(input: input)
        pass.outputs.reserveCapacity(ops.count)
        pass.backwards.reserveCapacity(ops.count)
        var h = input
        for op in ops {
            let x = h
            let back: ForwardPass.Backward
            switch op {
            case let .conv(o, w, hasBias):
                let (weight, bias) = (parameters[w], hasBias ? parameters[w + 1] : nil)
                h = try Conv2D.forward(x, weight, bias: bias, o)
                back = { dy, needX, grads in
                    guard needX else {
                        let g = try Conv2D.parameterGradients(x: x, w: weight, dy: dy, o)
                        grads[w] = g.0
                        if hasBias { grads[w + 1] = g.1 }
                        return dy
                    }
                    let g = try Conv2D.backward(x: x, w: weight, dy: dy, o)
                    grads[w] = g.dw
                    if hasBias { grads[w + 1] = g.db }
                    return g.dx
                }
            case let .maxpool(o):
                let r = try MaxPool2D.forward(x, o)
                h = r.y
                back = { dy, _, _ in try MaxPool2D.backward(dy: dy, argmax: r.argmax, inputShape: x.shape) }
            case let .avgpool(o):
                h = try AvgPool2D.forward(x, o)
                back = { dy, _, _ in try AvgPool2D.backward(dy: dy, inputShape: x.shape, o) }
            case let .activation(a, alpha):
                h = a.forward(x, alpha: alpha)
                back = { dy, _, _ in try a.backward(x: x, dy: dy, alpha: alpha) }
            case let .prelu(w):
                let alpha = parameters[w].data[0]
                h = Activation.prelu.forward(x, alpha: alpha)
                back = { dy, _, grads in
                    grads[w] = Tensor(shape: [1], repeating: try Activation.preluAlphaGradient(x: x, dy: dy))
                    return try Activation.prelu.backward(x: x, dy: dy, alpha: alpha)
                }
            case let .lrn(n):
                h = try n.forward(x)
                back = { dy, _, _ in try n.backward(a: x, dy: dy) }
            case let .dropout(p):
                if training && p > 0 {
                    let r = try Dropout.forward(x, p: p, rng: &rng)
                    h = r.y
                    back = { dy, _, _ in try Dropout.backward(dy: dy, mask: r.mask) }
                } else {
                    back = { dy, _, _ in dy }
                }
            case .flatten:
                h = try x.flattened()
                back = { dy, _, _ in try dy.reshaped(x.shape) }
            case let .linear(w):
                let weight = parameters[w]
                h = try Linear.forward(x: x, w: weight, b: parameters[w + 1])
                back = { dy, needX, grads in
                    let g = try Linear.backward(x: x, w: weight, dy: dy)
                    (grads[w], grads[w + 1]) = (g.dw, g.db)
                    return needX ? g.dx : dy
                }
            case let .batchnorm(bn, w):
                let (gamma, beta) = (parameters[w], parameters[w + 1])
                let stored = BatchNorm.Statistics(mean: parameters[w + 2].data, variance: parameters[w + 3].data)
                if training {
                    let r = try bn.forwardTraining(x, gamma: gamma, beta: beta)
                    var updated = stored
                    bn.updateRunning(&updated, with: r.cache)
                    running[w + 2] = try Tensor(shape: parameters[w + 2].shape, data: updated.mean)
                    running[w + 3] = try Tensor(shape: parameters[w + 3].shape, data: updated.variance)
                    h = r.y
                    back = { dy, _, grads in
                        let g = try bn.backward(dy: dy, cache: r.cache, gamma: gamma)
                        (grads[w], grads[w + 1]) = (g.dGamma, g.dBeta)
                        return g.dx
                    }
                } else {
                    h = try bn.forwardInference(x, gamma: gamma, beta: beta, running: stored)
                    back = { _, _, _ in
                        throw TensorError(op: "batchnorm.backward", "the forward pass ran in evaluation mode; train with training: true")
                    }
                }
            case .globalAvgPool:
                h = try GlobalAvgPool.forward(x)
                back = { dy, _, _ in try GlobalAvgPool.backward(dy: dy, inputShape: x.shape) }
            case let .residual(body, projection, shortcutOps):
                let inner = try run(body, x, training: training, rng: &rng, running: &running)
                let path = try shortcutOps.map { try run($0, x, training: training, rng: &rng, running: &running) }
                let projected = projection.map { (weight: parameters[$0.weight], bias: parameters[$0.weight + 1], projection: $0) }
                let shortcut = try path?.logits ?? projected.map { try Conv2D.forward(x, $0.weight, bias: $0.bias, $0.projection.options) } ?? x
                h = try ResidualAdd.forward(inner.logits, shortcut)
                back = { dy, _, grads in
                    // y = F(x) + S(x): dy flows into the body and, unchanged, into the shortcut.
                    let dBody = try inner.backward(dy, grads: &grads, needInput: true)
                    var dShortcut = dy
                    if let path {
                        dShortcut = try path.backward(dy, grads: &grads, needInput: true)
                    } else if let p = projected {
                        let g = try Conv2D.backward(x: x, w: p.weight, dy: dy, p.projection.options)
                        (grads[p.projection.weight], grads[p.projection.weight + 1], dShortcut) = (g.dw, g.db, g.dx)
                    }
                    return try ResidualAdd.forward(dBody, dShortcut)
                }
            case let .inception(branches):
                let inner = try branches.map { try run($0, x, training: training, rng: &rng, running: &running) }
                h = try Concat.forward(inner.map(\.logits))
                back = { dy, _, grads in
                    // Each branch gets its channels of dy; x fed every branch, so their dx add up.
                    let parts = try Concat.backward(dy: dy, partShapes: inner.map(\.logits.shape))
                    var total: Tensor?
                    for (part, branch) in zip(parts, inner) {
                        let d = try branch.backward(part, grads: &grads, needInput: true)
                        total = try total.map { try ResidualAdd.forward($0, d) } ?? d
                    }
                    return total!
                }
            }
            pass.outputs.append(h)
            pass.backwards.append(back)
        }
        return pass
    }

    /// Back-propagates `dLogits` through the layers of `pass`.
    /// - Returns: one gradient per entry of `parameters`, same shapes (0 for running statistics).
    /// - Throws: `TensorError` from a kernel (only on inconsistent inputs).
    public func backward(_ pass: ForwardPass, dLogits: Tensor) throws -> [Tensor] {
        // Every trained parameter's gradient is assigned by a layer's backward; nothing needs zero-filling first.
        var grads = [Tensor?](repeating: nil, count: parameters.count)
        _ = try pass.backward(dLogits, grads: &grads, needInput: false)
        return grads.enumerated().map { $1 ?? Tensor(shape: parameters[$0].shape) }
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
