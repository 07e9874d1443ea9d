/// Output sizes and the messages for shapes that do not fit, shared by the host's Tensor
/// module and the WebAssembly engine so both reject the same input with the same words.
public enum Geometry {
    /// ⌊(I + 2P − D(F − 1) − 1) / S⌋ + 1, or the message saying which argument is out of range.
    /// The message has no op prefix (the caller adds `conv2d: `).
    public static func outputSize(input: Int, kernel: Int, padding: Int, stride: Int, dilation: Int) -> (size: Int, error: String?) {
        let c = checkedOutputSize(input: input, kernel: kernel, padding: padding, stride: stride, dilation: dilation)
        return (c.size, c.error)
    }

    /// `outputSize`, also naming the argument at fault (`input`, `kernel`, `stride`, `padding` or
    /// `dilation`: the example field an error points at) and whether the error is a kernel that
    /// does not fit (the only one a lesson rewords with both axes; its argument is `kernel`).
    public static func checkedOutputSize(input: Int, kernel: Int, padding: Int, stride: Int,
                                         dilation: Int) -> (size: Int, error: String?, argument: String, doesNotFit: Bool) {
        guard input >= 1 else { return (0, "input size must be at least 1, got \(input)", "input", false) }
        guard kernel >= 1 else { return (0, "kernel size must be at least 1, got \(kernel)", "kernel", false) }
        guard stride >= 1 else { return (0, "stride must be at least 1, got \(stride)", "stride", false) }
        guard padding >= 0 else { return (0, "padding must not be negative, got \(padding)", "padding", false) }
        guard dilation >= 1 else { return (0, "dilation must be at least 1, got \(dilation)", "dilation", false) }
        let span = dilation * (kernel - 1) + 1
        guard span <= input + 2 * padding else {
            let what = dilation == 1 ? "kernel \(kernel)" : "kernel \(kernel) (dilation \(dilation), spanning \(span))"
            return (0, "\(what) does not fit input \(input) with padding \(padding)", "kernel", true)
        }
        return ((input + 2 * padding - span) / stride + 1, nil, "", false)
    }

    /// The padding that keeps a stride-1 output the size of its input, or the message.
    public static func samePadding(kernel: Int, dilation: Int) -> (size: Int, error: String?) {
        guard kernel >= 1, dilation >= 1 else {
            return (0, "kernel and dilation must be at least 1, got kernel \(kernel), dilation \(dilation)")
        }
        let span = dilation * (kernel - 1) + 1
        guard span % 2 == 1 else { return (0, "effective kernel \(span) is even; no symmetric padding keeps the size") }
        return ((span - 1) / 2, nil)
    }

    /// The formula with numbers, e.g. `OH = ⌊(3 − 2 + 2·0) / 1⌋ + 1 = 2`.
    public static func formula(_ name: String, input: Int, kernel: Int, padding: Int, stride: Int, dilation: Int, output: Int) -> String {
        let f = dilation == 1 ? "\(kernel)" : "(\(dilation)·(\(kernel) − 1) + 1)"
        return "\(name) = ⌊(\(input) − \(f) + 2·\(padding)) / \(stride)⌋ + 1 = \(output)"
    }

    /// A lesson's message when a convolution kernel does not fit its input (both axes named).
    public static func kernelDoesNotFit(kh: Int, kw: Int, h: Int, w: Int, padH: Int, padW: Int) -> String {
        let pad = padH == padW ? "\(padH)" : "\(padH)x\(padW)"
        return "kernel \(kh)x\(kw) does not fit input \(h)x\(w) with padding \(pad); use more padding or a smaller kernel"
    }

    /// The message for an image tensor of the wrong rank (`what`: `conv2d input`).
    public static func imageRank(_ shape: [Int]) -> String {
        "expected a tensor of rank 2 (HxW), 3 (CxHxW) or 4 (NxCxHxW), found shape \(StepText.shape(shape))"
    }

    /// Author shape of a rank-4 result: drops N unless the input had it, F unless the kernel had it.
    public static func authorShape(_ shape4: [Int], keepBatch: Bool, keepChannels: Bool) -> [Int] {
        var s: [Int] = []
        if keepBatch { s.append(shape4[0]) }
        if keepChannels || keepBatch { s.append(shape4[1]) }
        return s + Array(shape4[2...])
    }

    /// A rank-2…4 shape as NCHW (leading ones).
    public static func nchw(_ shape: [Int]) -> [Int] {
        [Int](repeating: 1, count: max(0, 4 - shape.count)) + shape
    }
}

extension Geometry {
    /// `op: output-size`'s one step: the formula with its numbers, and a note when the division
    /// is not whole (the last rows are never covered).
    public static func outputSizeStep(i: Int, f: Int, p: Int, s: Int, d: Int, o: Int,
                                      notWhole: String, inputs: String, dilationPart: String) -> CoreStep {
        let numerator = i - (d * (f - 1) + 1) + 2 * p
        var text = formula("O", input: i, kernel: f, padding: p, stride: s, dilation: d, output: o)
        if numerator % s != 0 {
            text += "  " + StepText.fill(notWhole, [("n", "\(numerator)"), ("s", "\(s)"), ("rest", "\(numerator % s)")])
        }
        let dilation = d == 1 ? "" : StepText.fill(dilationPart, [("d", "\(d)")])
        var step = CoreStep()
        step.writes = [CoreCell("output", [0])]
        step.result = Float(o)
        step.arithmetic = text
        step.description = StepText.fill(inputs, [("i", "\(i)"), ("f", "\(f)"), ("p", "\(p)"), ("s", "\(s)"), ("dilation", dilation)]) + ": \(text)"
        return step
    }
}
