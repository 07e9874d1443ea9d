import Foundation
import KernelCore
import Tensor
import Yams

/// `op: cross-entropy`: the loss a classifier is trained on and the gradient that starts
/// backpropagation, computed by the training kernel (`crossEntropy(logits:labels:)`, the
/// softmax and the loss fused, as in PyTorch's `CrossEntropyLoss`, which also takes logits)
/// and traced by `CrossEntropyCore`, the in-page engine's code.
///
/// `input` is one row of logits (`C`) or a batch (`NxC`); `target` is the correct class (a
/// whole number) or one per row. Steps, for each row: each probability p_i = e^(x_i − m)/Σ,
/// then the loss −ln p_target, then each gradient (p_i − [i = target]) / N. The result is the
/// mean loss; `probabilities` and `grad` are named outputs (`expect: {grad: [...]}`).
enum CrossEntropyTrace {
    static func run(_ ex: Example) throws -> (outputs: [NamedTensor], trace: Trace) {
        let input = try ex.fields.tensor("input")
        let x = input.tensor
        if let e = CrossEntropyCore.shapeError(x.shape) { throw ex.error("input", e) }
        let classes = x.shape[x.rank - 1]
        let rows = x.rank == 2 ? x.shape[0] : 1
        try ex.ensureTraceable(rows, classes, 3, at: "input")
        let targets = try targetList(ex, rows: rows, classes: classes)
        let logits = try ex.kernel(at: "input") { try x.reshaped([rows, classes]) }
        let (loss, grad) = try ex.kernel(at: "target") { try crossEntropy(logits: logits, labels: targets) }
        let p = try ex.kernel(at: "input") { try softmax(logits, axis: -1) }
        // The numbers are the training kernels'; the steps are KernelCore's (the in-page engine's own).
        let core = CrossEntropyCore.run(
            input: CoreArray(x), targets: targets,
            phrases: CrossEntropyCore.Phrases(ex.language),
            values: CrossEntropyCore.Values(probabilities: p.data, grad: grad.data, loss: loss))
        let result = try Tensor(shape: [1], data: [loss])
        return ([NamedTensor("result", result), NamedTensor("loss", result),
                 NamedTensor("probabilities", try p.reshaped(x.shape)), NamedTensor("grad", try grad.reshaped(x.shape))],
                Trace(ex, core))
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
