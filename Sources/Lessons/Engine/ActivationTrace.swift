import Foundation
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
        let shape = x.rank == 0 ? [1] : x.shape
        let steps = (0..<x.count).map { i -> TraceStep in
            let index = unflatten(i, shape)
            let text = derivative ? derivativeText(a, x.data[i], y.data[i], alpha, ex.phrases)
                : valueText(a, x.data[i], y.data[i], alpha, ex.phrases)
            return TraceStep(reads: [CellRef("input", index)], readValues: [x.data[i]], writes: [CellRef("output", index)],
                             activation: opName(a), result: y.data[i], arithmetic: text,
                             description: "output\(Arith.index(index)): \(text)")
        }
        let tensors = [
            TraceTensor(name: "input", role: .input, shape: shape, values: x.data),
            TraceTensor(name: "output", role: .output, shape: shape, values: y.data),
        ]
        return ([NamedTensor("result", y)], Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: tensors, steps: steps))
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

    static func valueText(_ a: Activation, _ x: Float, _ y: Float, _ alpha: Float, _ p: TracePhrases) -> String {
        let (xs, ys, al) = (Arith.n(x), Arith.n(y), Arith.n(alpha))
        switch a {
        case .identity: return "\(xs) = \(ys)"
        case .relu: return "relu(\(xs)) = max(0, \(xs)) = \(ys)"
        case .sigmoid: return "σ(\(xs)) = 1 / (1 + e^\(Arith.factor(-x))) = \(ys)"
        case .tanh: return "tanh(\(xs)) = \(ys)"
        case .leakyRelu, .prelu:
            return x > 0 ? "\(opName(a))(\(xs)) = \(ys) \(p.positiveUnchanged)" : "\(opName(a))(\(xs)) = \(al) × \(Arith.factor(x)) = \(ys)"
        case .elu:
            return x > 0 ? "elu(\(xs)) = \(ys) \(p.positiveUnchanged)" : "elu(\(xs)) = \(al) × (e^\(Arith.factor(x)) − 1) = \(ys)"
        }
    }

    static func derivativeText(_ a: Activation, _ x: Float, _ d: Float, _ alpha: Float, _ p: TracePhrases) -> String {
        let (xs, ds) = (Arith.n(x), Arith.n(d))
        switch a {
        case .identity: return TracePhrases.fill(p.derivativeAt, ["x": xs, "d": ds])
        case .relu: return "relu′(\(xs)) = \(ds) (\(x > 0 ? "x > 0" : "x ≤ 0"))"
        case .sigmoid:
            let s = a.value(x, alpha: alpha)
            return "σ′(\(xs)) = σ(x)(1 − σ(x)) = \(Arith.n(s)) × \(Arith.n(1 - s)) = \(ds)"
        case .tanh:
            let t = a.value(x, alpha: alpha)
            return "tanh′(\(xs)) = 1 − tanh²(x) = 1 − \(Arith.factor(t))² = \(ds)"
        case .leakyRelu, .prelu:
            return x > 0 ? "\(opName(a))′(\(xs)) = \(ds) (x > 0)" : "\(opName(a))′(\(xs)) = α = \(ds) (x ≤ 0)"
        case .elu:
            return x > 0 ? "elu′(\(xs)) = \(ds) (x > 0)" : "elu′(\(xs)) = α e^\(Arith.factor(x)) = \(ds)"
        }
    }
}
