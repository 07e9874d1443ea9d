import Foundation
import Tensor
import Yams

/// `op: cross-entropy`: the loss a classifier is trained on and the gradient that starts
/// backpropagation, computed by the training kernel (`crossEntropy(logits:labels:)`, the
/// softmax and the loss fused, as in PyTorch's `CrossEntropyLoss`, which also takes logits).
///
/// `input` is one row of logits (`C`) or a batch (`NxC`); `target` is the correct class (a
/// whole number) or one per row. Steps, for each row: each probability p_i = e^(x_i − m)/Σ,
/// then the loss −ln p_target, then each gradient (p_i − [i = target]) / N. The result is the
/// mean loss; `probabilities` and `grad` are named outputs (`expect: {grad: [...]}`).
enum CrossEntropyTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input")
        let x = input.tensor
        guard x.rank == 1 || x.rank == 2, let classes = x.shape.last, classes >= 2 else {
            throw ex.error("input", "cross-entropy: `input` must be one row of scores (C, at least 2 classes) or a batch NxC, got \(Tensor.describe(x.shape))")
        }
        let rows = x.rank == 2 ? x.shape[0] : 1
        try ex.ensureTraceable(rows, classes, 3, at: "input")
        let targets = try targetList(ex, rows: rows, classes: classes)
        let logits = try ex.kernel(at: "input") { try x.reshaped([rows, classes]) }
        let (loss, grad) = try ex.kernel(at: "target") { try crossEntropy(logits: logits, labels: targets) }
        let p = try ex.kernel(at: "input") { try softmax(logits, axis: -1) }

        var steps: [TraceStep] = []
        let cell = { (r: Int, i: Int) in x.rank == 2 ? [r, i] : [i] }
        for r in 0..<rows {
            let xs = Array(logits.data[(r * classes)..<((r + 1) * classes)])
            let m = xs.max()!
            let reads = (0..<classes).map { CellRef("input", cell(r, $0)) }
            let exps = xs.map { Foundation.exp($0 - m) }
            let total = exps.reduce(0, +)
            for i in 0..<classes {
                let pi = p.data[r * classes + i]
                let text = "p\(Arith.index(cell(r, i))) = e^(\(Arith.n(xs[i])) − \(Arith.n(m))) / Σ = \(Arith.n(exps[i])) / \(Arith.n(total)) = \(Arith.n(pi))"
                steps.append(TraceStep(reads: reads, readValues: xs, emphasis: [CellRef("input", cell(r, i))],
                                       writes: [CellRef("probabilities", cell(r, i))], sum: total, result: pi,
                                       arithmetic: text, description: ex.phrases.crossEntropyProbability + ": " + text))
            }
            let t = targets[r]
            let pt = p.data[r * classes + t]
            let rowLoss = -Foundation.log(Double(pt))
            let text = "−ln p\(Arith.index(cell(r, t))) = −ln \(Arith.n(pt)) = \(Arith.n(Float(rowLoss)))"
            steps.append(TraceStep(reads: [CellRef("probabilities", cell(r, t))], readValues: [pt],
                                   emphasis: [CellRef("probabilities", cell(r, t))], writes: [CellRef("loss", [r])],
                                   result: Float(rowLoss), arithmetic: text,
                                   description: TracePhrases.fill(ex.phrases.crossEntropyLoss, ["class": "\(t)"]) + ": " + text))
            for i in 0..<classes {
                let pi = p.data[r * classes + i]
                let g = grad.data[r * classes + i]
                let one = i == t ? " − 1" : " − 0"
                let text = rows > 1
                    ? "∂L/∂x\(Arith.index(cell(r, i))) = (\(Arith.n(pi))\(one)) / \(rows) = \(Arith.n(g))"
                    : "∂L/∂x\(Arith.index(cell(r, i))) = \(Arith.n(pi))\(one) = \(Arith.n(g))"
                steps.append(TraceStep(reads: [CellRef("probabilities", cell(r, i))], readValues: [pi],
                                       emphasis: [CellRef("probabilities", cell(r, i))], writes: [CellRef("grad", cell(r, i))],
                                       result: g, arithmetic: text, description: ex.phrases.crossEntropyGradient + ": " + text))
            }
        }
        let rowLosses = (0..<rows).map { r in Float(-Foundation.log(Double(p.data[r * classes + targets[r]]))) }
        let shape = x.shape
        let tensors = [
            TraceTensor(name: "input", role: .input, shape: shape, values: x.data),
            TraceTensor(name: "probabilities", role: .output, shape: shape, values: p.data),
            TraceTensor(name: "loss", role: .output, shape: [rows], values: rowLosses),
            TraceTensor(name: "grad", role: .gradient, shape: shape, values: grad.data),
        ]
        let result = try Tensor(shape: [1], data: [loss])
        let formula = rows > 1
            ? "L = −(1/N) Σ_n ln p[n, t_n],  p = softmax(x),  ∂L/∂x = (p − onehot(t)) / N,  N = \(rows)"
            : "L = −ln p_t,  p = softmax(x),  ∂L/∂x = p − onehot(t)"
        return ([NamedTensor("result", result), NamedTensor("loss", result),
                 NamedTensor("probabilities", try p.reshaped(shape)), NamedTensor("grad", try grad.reshaped(shape))],
                Trace(exampleID: ex.id, op: ex.op.rawValue, tensors: tensors, steps: steps, formulas: [formula]))
    }

    /// `target`: one class for a row of scores, or a list with one class per row of a batch.
    static func targetList(_ ex: Example, rows: Int, classes: Int) throws -> [Int] {
        let node = try ex.fields.required("target")
        let items = node.sequence ?? [node]
        let values = try items.map { item -> Int in
            guard let v = item.wholeNumber, (0..<classes).contains(v) else {
                throw LessonError(ex.fields.location(item), example: ex.id,
                                  "`target`: expected a class number from 0 to \(classes - 1), found \(item.scalar?.string ?? "a list")")
            }
            return v
        }
        guard values.count == rows else {
            throw ex.error("target", "`target`: the input has \(rows) row\(rows == 1 ? "" : "s") of scores, so give \(rows) class number\(rows == 1 ? "" : "s"), found \(values.count)")
        }
        return values
    }
}
