import Foundation
import Tensor

/// `op: linear` (a fully connected layer): y = W·x + b, one step per output, optionally
/// followed by an activation.
enum LinearTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input")
        let weight = try ex.fields.tensor("weight")
        let batched = input.tensor.rank == 2
        guard input.tensor.rank == 1 || batched else {
            throw ex.error("input", "linear: expected a vector or a batch of vectors (NxIn), found shape \(Tensor.describe(input.tensor.shape))")
        }
        guard weight.tensor.rank == 2 else {
            throw ex.error("weight", "linear: expected a weight matrix OutxIn, found shape \(Tensor.describe(weight.tensor.shape))")
        }
        let out = weight.tensor.shape[0], inCount = weight.tensor.shape[1]
        try ex.ensureTraceable(out, input.tensor.count, at: "weight")
        let x = try input.tensor.reshaped(batched ? input.tensor.shape : [1, input.tensor.count])
        let b = try Conv2DTrace.biasVector(ex, filters: out) ?? Tensor(shape: [out])
        let activation = try ActivationTrace.parse(ex, key: "activation")
        let alpha = try ex.fields.optionalNumber("alpha") ?? activation?.defaultAlpha ?? 0
        let pre = try ex.kernel(at: "weight") { try Linear.forward(x: x, w: weight.tensor, b: b) }
        let y = activation.map { $0.forward(pre, alpha: alpha) } ?? pre
        let result = try y.reshaped(batched ? y.shape : [out])
        var steps: [TraceStep] = []
        for n in 0..<x.shape[0] {
            for o in 0..<out {
                let xs = Array(x.data[(n * inCount)..<((n + 1) * inCount)])
                let ws = Array(weight.tensor.data[(o * inCount)..<((o + 1) * inCount)])
                let products = zip(xs, ws).map { $0 * $1 }
                let cell = batched ? [n, o] : [o]
                let value = y.data[n * out + o], preValue = pre.data[n * out + o]
                var text = "\(Arith.products(ws, xs)) = \(Arith.n(products.reduce(0, +))), + \(Arith.factor(b.data[o])) = \(Arith.n(preValue))"
                if let a = activation { text += ", \(ActivationTrace.opName(a))(\(Arith.n(preValue))) = \(Arith.n(value))" }
                steps.append(TraceStep(reads: (0..<inCount).map { CellRef("input", batched ? [n, $0] : [$0]) }, readValues: xs,
                                       weights: (0..<inCount).map { CellRef("weight", [o, $0]) }, weightValues: ws, products: products,
                                       writes: [CellRef("output", cell)], sum: products.reduce(0, +), bias: b.data[o],
                                       activation: activation.map(ActivationTrace.opName), result: value, arithmetic: text,
                                       description: "output\(Arith.index(cell)): \(text)"))
            }
        }
        let tensors = [
            TraceTensor(name: "input", role: .input, shape: input.tensor.shape, values: input.tensor.data),
            TraceTensor(name: "weight", role: .parameter, shape: weight.tensor.shape, values: weight.tensor.data),
            TraceTensor(name: "bias", role: .parameter, shape: [out], values: b.data),
            TraceTensor(name: "output", role: .output, shape: result.shape, values: result.data),
        ]
        return ([NamedTensor("result", result)], Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: tensors, steps: steps,
                                                       formulas: [TracePhrases.fill(ex.phrases.linearParameters, ["out": "\(out)", "in": "\(inCount)", "total": "\(out * inCount + out)"])]))
    }
}
