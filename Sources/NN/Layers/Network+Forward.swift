import Tensor

/// Everything a forward pass keeps for its backward pass: each layer's output, and the
/// max-pooling winners and dropout masks.
public struct ForwardPass: Sendable {
    /// The batch that went in, [N, C, H, W].
    public let input: Tensor
    /// `outputs[i]` is what layer i produced; the last one holds the logits [N, classes].
    public internal(set) var outputs: [Tensor] = []
    var argmax: [Int: [Int]] = [:]
    var masks: [Int: [Float]] = [:]

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
    ///   - training: whether dropout is active (it draws from `rng`).
    /// - Throws: `TensorError` from a kernel when `x` does not fit the model.
    public func forward(_ x: Tensor, training: Bool, rng: inout SplitMix64) throws -> ForwardPass {
        guard x.rank == 4, Array(x.shape.dropFirst()) == spec.input else {
            throw TensorError(op: "\(spec.name).forward", "input \(Tensor.describe(x.shape)) does not match the model's N x \(Tensor.describe(spec.input))")
        }
        var pass = ForwardPass(input: x)
        pass.outputs.reserveCapacity(ops.count)
        var h = x
        for (i, op) in ops.enumerated() {
            switch op {
            case let .conv(o, w):
                h = try Conv2D.forward(h, parameters[w], bias: parameters[w + 1], o)
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
            }
            pass.outputs.append(h)
        }
        return pass
    }

    /// Back-propagates `dLogits` through the layers of `pass`.
    /// - Returns: one gradient per entry of `parameters`, same shapes.
    /// - Throws: `TensorError` from a kernel (only on inconsistent inputs).
    public func backward(_ pass: ForwardPass, dLogits: Tensor) throws -> [Tensor] {
        // Every parameter's gradient is assigned below; nothing needs zero-filling first.
        var grads = [Tensor?](repeating: nil, count: parameters.count)
        var dy = dLogits
        for i in stride(from: ops.count - 1, through: 0, by: -1) {
            let x = pass.layerInput(i)
            let needInput = i > 0
            switch ops[i] {
            case let .conv(o, w):
                if needInput {
                    let g = try Conv2D.backward(x: x, w: parameters[w], dy: dy, o)
                    (grads[w], grads[w + 1], dy) = (g.dw, g.db, g.dx)
                } else {
                    (grads[w], grads[w + 1]) = try Conv2D.parameterGradients(x: x, w: parameters[w], dy: dy, o)
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
                if needInput { dy = g.dx }
            }
        }
        return grads.enumerated().map { $1 ?? Tensor(shape: parameters[$0].shape) }
    }

    /// The loss and parameter gradients of one batch (cross-entropy on the logits).
    /// - Returns: the mean loss, the number of correct predictions, and the gradients.
    public func lossAndGradients(_ x: Tensor, labels: [Int], rng: inout SplitMix64) throws
        -> (loss: Float, correct: Int, gradients: [Tensor]) {
        let pass = try forward(x, training: true, rng: &rng)
        let (loss, dLogits) = try crossEntropy(logits: pass.logits, labels: labels)
        let correct = try Self.countCorrect(pass.logits, labels)
        return (loss, correct, try backward(pass, dLogits: dLogits))
    }

    /// How many rows of `logits` have their largest value at the label.
    static func countCorrect(_ logits: Tensor, _ labels: [Int]) throws -> Int {
        let predicted = try argmax(logits, axis: 1).indices
        return zip(predicted, labels).filter { $0 == $1 }.count
    }
}
