import Foundation
import KernelCore
import NN
import Tensor

/// `op: learn-kernel`: gradient descent recovers a kernel from an input and the map it should
/// produce (`target`), with the training kernels and optimiser. Each iteration runs the
/// convolution forward (`Conv2D.forward`), the mean squared error against the target, the
/// convolution's backward pass for dL/dW (`Conv2D.parameterGradients`) and one `Optimizer`
/// update. One step per iteration: the kernel and its gradient as they stand after it, and the
/// loss in the arithmetic.
///
/// L = (1/N) Σ (Y − T)², so dL/dY = (2/N)(Y − T), N the number of output cells.
enum LearnKernelTrace {
    static let maxIterations = LearnKernelCore.maxIterations

    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input"), target = try ex.fields.tensor("target"), start = try ex.fields.tensor("kernel")
        for (key, lit) in [("input", input), ("target", target), ("kernel", start)] where lit.tensor.rank != 2 {
            throw ex.error(key, "\(key): expected a matrix (rows of numbers), found shape \(Tensor.describe(lit.tensor.shape))")
        }
        let iterations = try ex.fields.optionalInt("iterations") ?? 20
        guard (1...maxIterations).contains(iterations) else {
            throw ex.error("iterations", "iterations: expected 1 to \(maxIterations), found \(iterations)")
        }
        let rate = try ex.fields.optionalNumber("learning_rate") ?? 0.1
        guard rate > 0, rate <= 10 else { throw ex.error("learning_rate", "learning_rate: expected a number above 0 and at most 10, found \(Arith.n(rate))") }
        let kindName = try ex.fields.optionalString("optimizer") ?? "sgd"
        guard let kind = OptimizerKind(rawValue: kindName) else {
            throw ex.error("optimizer", "optimizer: expected one of \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(kindName)\"")
        }
        let (h, w) = (input.tensor.shape[0], input.tensor.shape[1]), (kh, kw) = (start.tensor.shape[0], start.tensor.shape[1])
        guard kh <= h, kw <= w else {
            throw ex.error("kernel", "kernel \(kh)x\(kw) does not fit input \(h)x\(w)")
        }
        let (oh, ow) = (h - kh + 1, w - kw + 1)
        guard target.tensor.shape == [oh, ow] else {
            throw ex.error("target", "target: expected the shape of the output, \(oh)x\(ow), found \(Tensor.describe(target.tensor.shape))")
        }
        try ex.ensureTraceable(iterations, 2 * kh * kw, at: "iterations")
        let x = try input.tensor.reshaped([1, 1, h, w]), t = try target.tensor.reshaped([1, 1, oh, ow])
        var parameters = [try start.tensor.reshaped([1, 1, kh, kw])]
        var optimizer = Optimizer(kind: kind, learningRate: rate)
        let n = Float(oh * ow)
        var history = LearnKernelCore.History()
        for k in 1...iterations {
            let y = try ex.kernel(at: "kernel") { try Conv2D.forward(x, parameters[0]) }
            let diff = zip(y.data, t.data).map { $0 - $1 }
            let loss = diff.reduce(0) { $0 + $1 * $1 } / n
            let dy = try Tensor(shape: y.shape, data: diff.map { 2 * $0 / n })
            let dw = try ex.kernel(at: "kernel") { try Conv2D.parameterGradients(x: x, w: parameters[0], dy: dy).dw }
            optimizer.update(&parameters, [dw])
            guard parameters[0].data.allSatisfy(\.isFinite), loss.isFinite else {
                throw ex.error("learning_rate", "learning_rate \(Arith.n(rate)) diverges: the loss is not finite after iteration \(k); try a smaller one")
            }
            history.kernels.append(parameters[0].data)
            history.gradients.append(dw.data)
            history.losses.append(loss)
        }
        // The numbers are the training kernels' and optimiser's; the steps are KernelCore's
        // (the in-page engine's, which runs `LearnKernelCore.descend` instead).
        let core = LearnKernelCore.run(input: CoreArray(input.tensor), target: CoreArray(target.tensor), kernel: CoreArray(start.tensor),
                                       rate: rate, history, learnStep: ex.phrases.learnStep, learnFormula: ex.phrases.learnFormula)
        let kernel = try parameters[0].reshaped([kh, kw])
        let outputs = [
            NamedTensor("result", kernel),
            NamedTensor("loss", Tensor(scalar: history.losses.last ?? 0)),
            NamedTensor("losses", try Tensor(shape: [history.losses.count], data: history.losses)),
        ]
        return (outputs, Trace(ex, core))
    }
}
