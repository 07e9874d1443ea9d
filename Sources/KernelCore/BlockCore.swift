/// The joins and the head of the modern blocks: `residual-add` (y = F(x) + x, then an optional
/// activation), `concat` (an inception block's branches stacked along the channels) and
/// `global-avgpool` (each channel's map becomes its mean). The host passes its kernels'
/// numbers (`values`); nil computes them here.
public enum BlockCore {
    /// `op: residual-add`: x and F(x) of one shape, one step per cell. `activationName` names
    /// the activation in the steps (the host's may be one the core lacks, GELU, and then
    /// `activation` is nil and `values` are given).
    public static func residualAdd(input x: CoreArray, residual fx: CoreArray, activation: CoreActivation?,
                                   activationName: String?, values: [Float]? = nil) -> CoreRun {
        let shape = x.rank == 0 ? [1] : x.shape
        var y: [Float] = []
        var steps: [CoreStep] = []
        for i in 0..<x.count {
            let sum = fx.data[i] + x.data[i]
            let value = values?[i] ?? activation.map { $0.value(sum, alpha: $0.defaultAlpha) } ?? sum
            let index = CoreIndex.unflatten(i, shape)
            var text = "\(StepText.n(fx.data[i])) + \(StepText.factor(x.data[i])) = \(StepText.n(sum))"
            if let a = activationName { text += ", \(a)(\(StepText.n(sum))) = \(StepText.n(value))" }
            var s = CoreStep()
            s.reads = [CoreCell("residual", index), CoreCell("input", index)]
            s.readValues = [fx.data[i], x.data[i]]
            s.writes = [CoreCell("output", index)]
            s.sum = sum
            s.activation = activationName
            s.result = value
            s.arithmetic = text
            s.description = "output\(StepText.index(index)) = F(x) + x: \(text)"
            steps.append(s)
            y.append(value)
        }
        return CoreRun(result: CoreTensor("result", "output", x.shape, y),
                       tensors: [CoreTensor("input", "input", shape, x.data), CoreTensor("residual", "input", shape, fx.data),
                                 CoreTensor("output", "output", shape, y)],
                       steps: steps, formulas: [activationName.map { "y = \($0)(F(x) + x)" } ?? "y = F(x) + x"])
    }

    /// The message for F(x) and x of different shapes (`ResidualAdd.forward`'s), or nil.
    public static func residualShapeError(residual: [Int], input: [Int]) -> String? {
        residual == input ? nil
            : "residual-add: F(x) \(StepText.shape(residual)) and x \(StepText.shape(input)) must have the same shape; project x with a 1x1 convolution first"
    }

    /// A branch of `concat` as CxHxW (an HxW one has one channel), or the host's message.
    public static func branch(_ t: CoreArray) -> (part: CoreArray, error: String?) {
        guard t.rank == 2 || t.rank == 3 else {
            return (t, "concat: each branch is HxW or CxHxW, found shape \(StepText.shape(t.shape))")
        }
        return (CoreArray(t.rank == 2 ? [1] + t.shape : t.shape, t.data), nil)
    }

    /// The message for a branch whose H and W differ from the first's, or nil.
    public static func branchSizeError(_ part: [Int], first: [Int]) -> String? {
        part[1] == first[1] && part[2] == first[2] ? nil
            : "concat: this branch is \(part[1])x\(part[2]) but the first is \(first[1])x\(first[2]); every branch must keep the same height and width"
    }

    /// `op: concat`: parts [C_i, H, W] (checked by `branch` and `branchSizeError`) → [Σ C_i, H, W],
    /// one step per output channel (which branch and channel it copies).
    public static func concat(_ parts: [CoreArray]) -> CoreRun {
        let (h, w) = (parts[0].shape[1], parts[0].shape[2])
        var out: [Float] = []
        var steps: [CoreStep] = []
        for (b, part) in parts.enumerated() {
            let name = "branch\(b + 1)"
            for ch in 0..<part.shape[0] {
                var s = CoreStep()
                let offset = out.count / (h * w)
                for r in 0..<h {
                    for q in 0..<w {
                        let v = part.data[(ch * h + r) * w + q]
                        s.reads.append(CoreCell(name, [ch, r, q]))
                        s.writes.append(CoreCell("output", [offset, r, q]))
                        s.readValues.append(v)
                        out.append(v)
                    }
                }
                s.runningValues = s.readValues
                s.result = s.readValues.last ?? 0
                s.arithmetic = "output[\(offset)] = \(name)[\(ch)]: " + StepText.joined(s.readValues.map { StepText.n($0) }, ", ")
                s.description = s.arithmetic
                steps.append(s)
            }
        }
        let c = out.count / (h * w)
        var tensors = parts.enumerated().map { b, part in CoreTensor("branch\(b + 1)", "input", part.shape, part.data) }
        tensors.append(CoreTensor("output", "output", [c, h, w], out))
        let counts = StepText.joined(parts.map { String($0.shape[0]) }, " + ")
        return CoreRun(result: CoreTensor("result", "output", [c, h, w], out), tensors: tensors, steps: steps,
                       formulas: ["C = \(counts) = \(c) channels of \(h)x\(w)"])
    }

    /// `op: global-avgpool`: input HxW, CxHxW or NxCxHxW (checked) → C or NxC, one step per
    /// channel: the sum of its map over H·W. `values`: the host kernel's means.
    public static func globalAvgPool(input: CoreArray, values: [Float]? = nil) -> CoreRun {
        let x = Geometry.nchw(input.shape)
        let (n, c, h, w) = (x[0], x[1], x[2], x[3])
        let outShape = input.rank == 4 ? [n, c] : [c]
        var y: [Float] = []
        var steps: [CoreStep] = []
        for b in 0..<n {
            for ch in 0..<c {
                var s = CoreStep()
                var sum: Float = 0
                for r in 0..<h {
                    for q in 0..<w {
                        let v = input.data[((b * c + ch) * h + r) * w + q]
                        s.reads.append(CoreCell("input", CoreIndex.author(input.rank, b, ch, r, q)))
                        s.readValues.append(v)
                        sum += v
                    }
                }
                let value = values?[b * c + ch] ?? sum / Float(h * w)
                let out = input.rank == 4 ? [b, ch] : [ch]
                s.writes = [CoreCell("output", out)]
                s.sum = sum
                s.result = value
                s.arithmetic = "(\(StepText.sum(s.readValues))) / \(h * w) = \(StepText.n(value))"
                s.description = "output\(StepText.index(out)) = " + s.arithmetic
                steps.append(s)
                y.append(value)
            }
        }
        return CoreRun(result: CoreTensor("result", "output", outShape, y),
                       tensors: [CoreTensor("input", "input", input.shape, input.data), CoreTensor("output", "output", outShape, y)],
                       steps: steps, formulas: ["y[c] = (1 / (H·W)) Σ_h Σ_w x[c, h, w],  H·W = \(h)·\(w) = \(h * w)"])
    }
}
