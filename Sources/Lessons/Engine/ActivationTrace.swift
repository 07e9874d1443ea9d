import Foundation
import KernelCore
import Tensor

/// `op: relu`, `sigmoid`, `tanh`, `leaky-relu`, `prelu`, `elu`, `gelu`: the function (or, with
/// `derivative: true`, its derivative) applied elementwise, one step per element.
enum ActivationTrace {
    /// The name lessons write for an activation.
    static func opName(_ a: Activation) -> String { LessonOp(activation: a)?.rawValue ?? a.rawValue }

    /// The activations KernelCore also traces (conv2d's and linear's `activation:` run there).
    static let inCore = Activation.allCases.filter { $0.core != nil }

    /// Reads an activation name (`relu`, `leaky-relu`, `leaky_relu`, ...) from `key`, if present,
    /// one of `among`.
    static func parse(_ ex: Example, key: String, among: [Activation] = Activation.allCases) throws -> Activation? {
        guard let name = try ex.fields.optionalString(key) else { return nil }
        let normal = name.lowercased().replacingOccurrences(of: "_", with: "-")
        guard let a = among.first(where: { opName($0) == normal }) else {
            let names = among.map(opName).joined(separator: ", ")
            throw ex.error(key, "\(key): unknown activation \"\(name)\"; expected one of \(names)")
        }
        return a
    }

    /// Runs the example of an activation op (`LessonOp.activation`).
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        guard let a = ex.op.activation else { throw ex.error("op", "\(ex.op) is not an activation") }
        let input = try ex.fields.tensor("input")
        let alpha = try ex.fields.optionalNumber("alpha") ?? a.defaultAlpha
        let derivative = try ex.fields.bool("derivative", default: false)
        let x = input.tensor
        // The training kernels: forward, or backward with an upstream gradient of ones (= f'(x)).
        let y = derivative ? try a.backward(x: x, dy: Tensor(shape: x.shape, repeating: 1), alpha: alpha) : a.forward(x, alpha: alpha)
        guard let coreActivation = a.core else {
            // GELU is the one activation that is not a `CoreActivation` (conv2d and linear do not take it).
            return ([NamedTensor("result", y)], Trace(ex, GeluCore.run(input: CoreArray(x), derivative: derivative, values: y.data)))
        }
        let core = VectorCore.activation(coreActivation, input: CoreArray(x), alpha: alpha, derivative: derivative,
                                         positiveUnchanged: ex.phrases.positiveUnchanged, derivativeAt: ex.phrases.derivativeAt,
                                         values: y.data)
        return ([NamedTensor("result", y)], Trace(ex, core))
    }

    static func unflatten(_ i: Int, _ shape: [Int]) -> [Int] {
        var rest = i
        var index = [Int](repeating: 0, count: shape.count)
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }
}
