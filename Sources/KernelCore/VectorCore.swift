/// The elementwise and along-an-axis ops: activations, softmax, argmax, and `linear`.
public enum VectorCore {
    /// `op: relu` … `elu`: f(x) (or f′(x) with `derivative`) per element. `values`: the
    /// host kernel's outputs; nil computes them here.
    public static func activation(_ a: CoreActivation, input: CoreArray, alpha: Float, derivative: Bool,
                                  positiveUnchanged: String, derivativeAt: String, values: [Float]? = nil) -> CoreRun {
        let shape = input.rank == 0 ? [1] : input.shape
        var out: [Float] = []
        var steps: [CoreStep] = []
        for i in 0..<input.count {
            let x = input.data[i]
            let y = values?[i] ?? (derivative ? a.derivative(x, alpha: alpha) : a.value(x, alpha: alpha))
            let index = CoreIndex.unflatten(i, shape)
            let text = derivative ? a.derivativeText(x, y, fx: a.value(x, alpha: alpha), derivativeAt: derivativeAt)
                : a.valueText(x, y, alpha: alpha, positiveUnchanged: positiveUnchanged)
            var s = CoreStep()
            s.reads = [CoreCell("input", index)]
            s.readValues = [x]
            s.writes = [CoreCell("output", index)]
            s.activation = a.opName
            s.result = y
            s.arithmetic = text
            s.description = "output\(StepText.index(index)): \(text)"
            steps.append(s)
            out.append(y)
        }
        let result = CoreTensor("output", "output", shape, out)
        return CoreRun(result: CoreTensor("result", "output", input.shape, out),
                       tensors: [CoreTensor("input", "input", shape, input.data), result], steps: steps, formulas: [])
    }

    /// `axis` counted from the end when negative, or the host's message.
    public static func normalizedAxis(_ axis: Int, shape: [Int], op: String) -> (axis: Int, error: String?) {
        let a = axis < 0 ? axis + shape.count : axis
        guard a >= 0, a < shape.count else { return (0, "\(op): axis \(axis) is out of range for shape \(StepText.shape(shape))") }
        return (a, nil)
    }

    /// The flat positions of every line along `axis`, in the order of their first element.
    static func lanes(_ shape: [Int], _ axis: Int) -> [[Int]] {
        let strides = CoreIndex.strides(shape)
        var count = 1
        for s in shape { count *= s }
        var result: [[Int]] = []
        for start in 0..<count where CoreIndex.unflatten(start, shape)[axis] == 0 {
            result.append((0..<shape[axis]).map { start + $0 * strides[axis] })
        }
        return result
    }

    /// `op: softmax` along a checked axis: one step per term, with the max subtracted first.
    public static func softmax(input: CoreArray, axis: Int, softmaxMax: String, values: [Float]? = nil) -> CoreRun {
        let shape = input.shape
        var out = [Float](repeating: 0, count: input.count)
        var steps: [CoreStep] = []
        for lane in lanes(shape, axis) {
            let xs = lane.map { input.data[$0] }
            var m = xs[0]
            for x in xs where x > m { m = x }
            let exps = xs.map { CoreMath.exp($0 - m) }
            var total: Float = 0
            for e in exps { total += e }
            let refs = lane.map { CoreCell("input", CoreIndex.unflatten($0, shape)) }
            for (k, flat) in lane.enumerated() {
                let y = values?[flat] ?? exps[k] / total
                out[flat] = y
                let index = CoreIndex.unflatten(flat, shape)
                let text = "e^(\(StepText.n(xs[k])) − \(StepText.factor(m))) / Σ = \(StepText.n(exps[k])) / \(StepText.n(total)) = \(StepText.n(y))"
                var s = CoreStep()
                s.reads = refs
                s.readValues = xs
                s.emphasis = [CoreCell("input", index)]
                s.writes = [CoreCell("output", index)]
                s.sum = total
                s.result = y
                s.arithmetic = text
                s.description = "softmax output\(StepText.index(index)): \(StepText.fill(softmaxMax, [("m", StepText.n(m))])), \(text)"
                steps.append(s)
            }
        }
        let result = CoreTensor("output", "output", shape, out)
        return CoreRun(result: CoreTensor("result", "output", shape, out),
                       tensors: [CoreTensor("input", "input", shape, input.data), result], steps: steps,
                       formulas: ["p_i = e^(x_i − m) / Σ_j e^(x_j − m),  m = max_j x_j"])
    }

    /// `op: argmax` along a checked axis: one step per output element (the first largest wins).
    public static func argmax(input: CoreArray, axis: Int, largest: String, alongAxis: String, argmaxFormula: String) -> CoreRun {
        let shape = input.shape
        var outShape = shape
        outShape.remove(at: axis)
        let drawShape = outShape.isEmpty ? [1] : outShape
        var out: [Float] = []
        var steps: [CoreStep] = []
        for lane in lanes(shape, axis) {
            let xs = lane.map { input.data[$0] }
            var winner = 0
            for k in 1..<xs.count where xs[k] > xs[winner] { winner = k }
            let refs = lane.map { CoreCell("input", CoreIndex.unflatten($0, shape)) }
            let cell = CoreIndex.unflatten(out.count, drawShape)
            let text = "argmax(\(StepText.joined(xs.map { StepText.n($0) }, ", "))) = \(winner)  \(StepText.fill(largest, [("v", StepText.n(xs[winner]))]))"
            var s = CoreStep()
            s.reads = refs
            s.readValues = xs
            s.emphasis = [refs[winner]]
            s.writes = [CoreCell("output", cell)]
            s.result = Float(winner)
            s.arithmetic = text
            s.description = "output\(StepText.index(cell)): \(StepText.fill(alongAxis, [("axis", "\(axis)")])), \(text)"
            steps.append(s)
            out.append(Float(winner))
        }
        return CoreRun(result: CoreTensor("result", "output", outShape, out),
                       tensors: [CoreTensor("input", "input", shape, input.data), CoreTensor("output", "output", drawShape, out)],
                       steps: steps,
                       formulas: [StepText.fill(argmaxFormula, [("axis", "\(axis)"), ("shape", StepText.shape(shape)), ("result", StepText.shape(outShape))])])
    }

    /// `op: linear`: y = W·x + b per output (input a vector or a batch NxIn), then the activation.
    /// `preActivation`/`values`: the host kernel's numbers; nil computes them here.
    public static func linear(input: CoreArray, weight: CoreArray, bias: [Float], activation: CoreActivation?, alpha: Float,
                              linearParameters: String, preActivation: [Float]? = nil, values: [Float]? = nil) -> CoreRun {
        let batched = input.rank == 2
        let (out, inCount) = (weight.shape[0], weight.shape[1])
        let rows = batched ? input.shape[0] : 1
        var y: [Float] = []
        var steps: [CoreStep] = []
        for n in 0..<rows {
            for o in 0..<out {
                var s = CoreStep()
                var sum: Float = 0
                for i in 0..<inCount {
                    let (xv, wv) = (input.data[n * inCount + i], weight.data[o * inCount + i])
                    s.reads.append(CoreCell("input", batched ? [n, i] : [i]))
                    s.weights.append(CoreCell("weight", [o, i]))
                    s.readValues.append(xv)
                    s.weightValues.append(wv)
                    s.products.append(xv * wv)
                    sum += xv * wv
                }
                let flat = n * out + o
                let pre = preActivation?[flat] ?? sum + bias[o]
                let value = values?[flat] ?? (activation.map { $0.value(pre, alpha: alpha) } ?? pre)
                let cell = batched ? [n, o] : [o]
                var text = "\(StepText.products(s.weightValues, s.readValues)) = \(StepText.n(sum)), + \(StepText.factor(bias[o])) = \(StepText.n(pre))"
                if let a = activation { text += ", \(a.opName)(\(StepText.n(pre))) = \(StepText.n(value))" }
                s.writes = [CoreCell("output", cell)]
                s.sum = sum
                s.bias = bias[o]
                s.activation = activation?.opName
                s.result = value
                s.arithmetic = text
                s.description = "output\(StepText.index(cell)): \(text)"
                steps.append(s)
                y.append(value)
            }
        }
        let result = CoreTensor("output", "output", batched ? [rows, out] : [out], y)
        return CoreRun(result: CoreTensor("result", "output", result.shape, y),
                       tensors: [CoreTensor("input", "input", input.shape, input.data), CoreTensor("weight", "parameter", weight.shape, weight.data),
                                 CoreTensor("bias", "parameter", [out], bias), result],
                       steps: steps,
                       formulas: [StepText.fill(linearParameters, [("out", "\(out)"), ("in", "\(inCount)"), ("total", "\(out * inCount + out)")])])
    }
}
