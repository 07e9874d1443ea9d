import Foundation
import KernelCore
import Tensor

/// `op: relu`, `sigmoid`, `tanh`, `leaky-relu`, `prelu`, `elu`: the function (or, with
/// `derivative: true`, its derivative) applied elementwise, one step per element.
enum ActivationTrace {
    /// The name lessons write for an activation.
    static func opName(_ a: Activation) -> String { LessonOp(activation: a)?.rawValue ?? a.rawValue }

    /// Reads an activation name (`relu`, `leaky-relu`, `leaky_relu`, ...) from `key`, if present.
    static func parse(_ ex: Example, key: String) throws -> Activation? {
        guard let name = try ex.fields.optionalString(key) else { return nil }
        let normal = name.lowercased().replacingOccurrences(of: "_", with: "-")
        guard let a = Activation.allCases.first(where: { opName($0) == normal }) else {
            let names = Activation.allCases.map(opName).joined(separator: ", ")
            throw ex.error(key, "\(key): unknown activation \"\(name)\"; expected one of \(names)")
        }
        return a
    }

    static func run(_ ex: Example, _ a: Activation) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input")
        let alpha = try ex.fields.optionalNumber("alpha") ?? a.defaultAlpha
        let derivative = try ex.fields.bool("derivative", default: false)
        let x = input.tensor
        // The training kernels: forward, or backward with an upstream gradient of ones (= f'(x)).
        let y = derivative ? try a.backward(x: x, dy: Tensor(shape: x.shape, repeating: 1), alpha: alpha) : a.forward(x, alpha: alpha)
        let core = VectorCore.activation(CoreActivation(a), input: CoreArray(x), alpha: alpha, derivative: derivative,
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
