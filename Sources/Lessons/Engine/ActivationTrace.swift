import Foundation
import KernelCore
import Tensor

/// `op: relu`, `sigmoid`, `tanh`, `leaky-relu`, `prelu`, `elu`, `gelu`: the function (or, with
/// `derivative: true`, its derivative) applied elementwise, one step per element.
enum ActivationTrace {
    /// The name lessons write for an activation.
    static func opName(_ a: Activation) -> String { LessonOp(activation: a)?.rawValue ?? a.rawValue }

    /// The activations KernelCore also traces (conv2d's and linear's `activation:` run there).
    static let inCore = Activation.allCases.filter { CoreActivation($0) != nil }

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
        guard let coreActivation = CoreActivation(a) else {
            // GELU is the one activation the core lacks (see `CoreActivation.init?`).
            return ([NamedTensor("result", y)], geluTrace(ex, x: x, y: y, derivative: derivative))
        }
        let core = VectorCore.activation(coreActivation, input: CoreArray(x), alpha: alpha, derivative: derivative,
                                         positiveUnchanged: ex.phrases.positiveUnchanged, derivativeAt: ex.phrases.derivativeAt,
                                         values: y.data)
        return ([NamedTensor("result", y)], Trace(ex, core))
    }

    /// GELU's steps, recorded the way KernelCore records the other activations: one step per
    /// element, reading x and writing gelu(x) (or gelu′(x)).
    static func geluTrace(_ ex: Example, x: Tensor, y: Tensor, derivative: Bool) -> Trace {
        let shape = x.rank == 0 ? [1] : x.shape
        let steps = (0..<x.count).map { i -> TraceStep in
            let index = unflatten(i, shape)
            let text = derivative ? geluDerivativeText(x.data[i], y.data[i]) : geluText(x.data[i], y.data[i])
            return TraceStep(reads: [CellRef("input", index)], readValues: [x.data[i]], writes: [CellRef("output", index)],
                             activation: "gelu", result: y.data[i], arithmetic: text, description: "output\(Arith.index(index)): \(text)")
        }
        return Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: [
            TraceTensor(name: "input", role: .input, shape: shape, values: x.data),
            TraceTensor(name: "output", role: .output, shape: shape, values: y.data),
        ], steps: steps)
    }

    /// gelu(x) = x·Φ(x), with Φ(x) written out.
    static func geluText(_ x: Float, _ y: Float) -> String {
        "gelu(\(Arith.n(x))) = \(Arith.n(x)) × Φ(\(Arith.n(x))) = \(Arith.n(x)) × \(Arith.n(Activation.normalCDF(x))) = \(Arith.n(y))"
    }

    /// gelu′(x) = Φ(x) + x·φ(x), with Φ(x) and φ(x) written out.
    static func geluDerivativeText(_ x: Float, _ d: Float) -> String {
        "gelu′(\(Arith.n(x))) = Φ(x) + x·φ(x) = \(Arith.n(Activation.normalCDF(x))) + \(Arith.factor(x)) × "
            + "\(Arith.n(Activation.normalPDF(x))) = \(Arith.n(d))"
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
