/// `op: cross-entropy`: softmax and the negative log-likelihood fused (PyTorch's
/// `CrossEntropyLoss`, which takes scores). For each row of `input` (C scores, or NxC): one
/// step per probability p_i = e^(x_i − m)/Σ, one for the loss −ln p_target, one per gradient
/// (p_i − [i = target]) / N. The result is the mean loss; `loss`, `probabilities` and `grad`
/// are named outputs.
public enum CrossEntropyCore {
    /// The words of the steps, by their `trace.*` names (`loss` holds `{class}`).
    public enum Phrase: String, CaseIterable {
        case probability = "crossEntropyProbability", loss = "crossEntropyLoss", gradient = "crossEntropyGradient"
    }
    public typealias Phrases = CorePhrases<Phrase>

    /// The host kernel's numbers (`crossEntropy(logits:labels:)` and `softmax`), NxC row-major.
    public struct Values {
        public var probabilities: [Float], grad: [Float], loss: Float
        public init(probabilities: [Float], grad: [Float], loss: Float) {
            self.probabilities = probabilities
            self.grad = grad
            self.loss = loss
        }
    }

    /// The input's shape problem in the host's words, or nil for C (C ≥ 2) or NxC.
    public static func shapeError(_ shape: [Int]) -> String? {
        guard shape.count == 1 || shape.count == 2, let classes = shape.last, classes >= 2 else {
            return "cross-entropy: `input` must be one row of scores (C, at least 2 classes) or a batch NxC, got \(StepText.shape(shape))"
        }
        return nil
    }

    /// The fused kernel in plain loops, as `crossEntropy(logits:labels:)` computes it: per row
    /// e^(x − m), their sum s, loss −(x_t − m − ln s) summed in Double, grad (e/s − [i = t]) / N.
    public static func compute(_ x: [Float], rows: Int, classes: Int, targets: [Int]) -> Values {
        var p = [Float](repeating: 0, count: x.count), grad = p
        var loss = 0.0
        let inv = 1 / Float(rows)
        for r in 0..<rows {
            let base = r * classes
            var m = x[base]
            for i in 1..<classes where x[base + i] > m { m = x[base + i] }
            var s: Float = 0
            for i in 0..<classes {
                p[base + i] = CoreMath.exp(x[base + i] - m)
                s += p[base + i]
            }
            loss -= Double(x[base + targets[r]] - m - CoreMath.log(s))
            for i in 0..<classes {
                p[base + i] /= s
                grad[base + i] = p[base + i] * inv
            }
            grad[base + targets[r]] -= inv
        }
        return Values(probabilities: p, grad: grad, loss: Float(loss / Double(rows)))
    }

    /// x: [C] or [N, C] (checked by `shapeError`), targets: one class per row → the mean loss
    /// and the trace. `values`: the host kernel's numbers; nil computes them here.
    public static func run(input: CoreArray, targets: [Int], phrases: Phrases, values: Values? = nil) -> CoreRun {
        let shape = input.shape
        let classes = shape[shape.count - 1], rows = input.rank == 2 ? shape[0] : 1
        let v = values ?? compute(input.data, rows: rows, classes: classes, targets: targets)
        let cell = { (r: Int, i: Int) in input.rank == 2 ? [r, i] : [i] }
        var steps: [CoreStep] = []
        var rowLosses: [Float] = []
        for r in 0..<rows {
            let xs = Array(input.data[(r * classes)..<((r + 1) * classes)])
            var m = xs[0]
            for x in xs where x > m { m = x }
            let reads = (0..<classes).map { CoreCell("input", cell(r, $0)) }
            let exps = xs.map { CoreMath.exp($0 - m) }
            var total: Float = 0
            for e in exps { total += e }
            for i in 0..<classes {
                let pi = v.probabilities[r * classes + i]
                var s = CoreStep()
                s.reads = reads
                s.readValues = xs
                s.emphasis = [CoreCell("input", cell(r, i))]
                s.writes = [CoreCell("probabilities", cell(r, i))]
                s.sum = total
                s.result = pi
                s.arithmetic = "p\(StepText.index(cell(r, i))) = e^(\(StepText.n(xs[i])) − \(StepText.n(m))) / Σ = \(StepText.n(exps[i])) / \(StepText.n(total)) = \(StepText.n(pi))"
                s.description = phrases[.probability] + ": " + s.arithmetic
                steps.append(s)
            }
            let t = targets[r]
            let pt = v.probabilities[r * classes + t]
            let rowLoss = Float(-CoreMath.log(Double(pt)))
            rowLosses.append(rowLoss)
            var s = CoreStep()
            s.reads = [CoreCell("probabilities", cell(r, t))]
            s.readValues = [pt]
            s.emphasis = s.reads
            s.writes = [CoreCell("loss", [r])]
            s.result = rowLoss
            s.arithmetic = "−ln p\(StepText.index(cell(r, t))) = −ln \(StepText.n(pt)) = \(StepText.n(rowLoss))"
            s.description = StepText.fill(phrases[.loss], [("class", "\(t)")]) + ": " + s.arithmetic
            steps.append(s)
            for i in 0..<classes {
                let pi = v.probabilities[r * classes + i]
                let g = v.grad[r * classes + i]
                let one = i == t ? " − 1" : " − 0"
                var s = CoreStep()
                s.reads = [CoreCell("probabilities", cell(r, i))]
                s.readValues = [pi]
                s.emphasis = s.reads
                s.writes = [CoreCell("grad", cell(r, i))]
                s.result = g
                s.arithmetic = rows > 1
                    ? "∂L/∂x\(StepText.index(cell(r, i))) = (\(StepText.n(pi))\(one)) / \(rows) = \(StepText.n(g))"
                    : "∂L/∂x\(StepText.index(cell(r, i))) = \(StepText.n(pi))\(one) = \(StepText.n(g))"
                s.description = phrases[.gradient] + ": " + s.arithmetic
                steps.append(s)
            }
        }
        let loss = CoreTensor("loss", "output", [1], [v.loss])
        let formula = rows > 1
            ? "L = −(1/N) Σ_n ln p[n, t_n],  p = softmax(x),  ∂L/∂x = (p − onehot(t)) / N,  N = \(rows)"
            : "L = −ln p_t,  p = softmax(x),  ∂L/∂x = p − onehot(t)"
        var run = CoreRun(result: CoreTensor("result", "output", [1], [v.loss]),
                          tensors: [CoreTensor("input", "input", shape, input.data),
                                    CoreTensor("probabilities", "output", shape, v.probabilities),
                                    CoreTensor("loss", "output", [rows], rowLosses),
                                    CoreTensor("grad", "gradient", shape, v.grad)],
                          steps: steps, formulas: [formula])
        run.outputs = [CoreTensor("result", "output", [1], [v.loss]), loss,
                       CoreTensor("probabilities", "output", shape, v.probabilities), CoreTensor("grad", "gradient", shape, v.grad)]
        return run
    }
}
