/// `op: conv2d`: one step per output cell, each a row of the im2col matrix (the window the
/// kernel sees, its products with the kernel, their sum, the bias, the activation).
public enum Conv2DCore {
    /// The settings of one convolution.
    public struct Options {
        public var stride: (Int, Int)
        public var padding: (Int, Int)
        public var dilation: (Int, Int)
        public var activation: CoreActivation?
        public var alpha: Float
        public init(stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int), activation: CoreActivation?, alpha: Float) {
            self.stride = stride
            self.padding = padding
            self.dilation = dilation
            self.activation = activation
            self.alpha = alpha
        }
    }

    /// Checks the shapes the way the host does, in the same order, and returns (OH, OW).
    /// - Throws: `CoreError` with the host's message at the field at fault: `key` for the kernel
    ///   (`im2col`'s `size`), else `stride`, `padding`, `dilation` or `input`.
    /// `op`: whose "does not fit" message it is.
    public static func outputSize(input: [Int], kernel: [Int], _ o: Options, op: String = "conv2d",
                                  key: String = "kernel") throws(CoreError) -> (Int, Int) {
        let x = Geometry.nchw(input), w = Geometry.nchw(kernel)
        let (h, wd, kh, kw) = (x[2], x[3], w[2], w[3])
        let oh = Geometry.checkedOutputSize(input: h, kernel: kh, padding: o.padding.0, stride: o.stride.0, dilation: o.dilation.0)
        let ow = oh.error == nil
            ? Geometry.checkedOutputSize(input: wd, kernel: kw, padding: o.padding.1, stride: o.stride.1, dilation: o.dilation.1) : oh
        let bad = oh.error == nil ? ow : oh
        if let e = bad.error {
            if bad.doesNotFit {
                throw CoreError(key, op + ": " + Geometry.kernelDoesNotFit(kh: kh, kw: kw, h: h, w: wd, padH: o.padding.0, padW: o.padding.1))
            }
            // The field at fault (`key` for the kernel); `conv2d:` as the host's `convOutputSize` words it for every op.
            throw CoreError(bad.argument == "kernel" ? key : bad.argument, "conv2d: " + e)
        }
        return (oh.size, ow.size)
    }

    /// The message when the kernel's channels differ from the input's (nil when they match).
    public static func channelMismatch(input: [Int], kernel: [Int]) -> String? {
        let x = Geometry.nchw(input), w = Geometry.nchw(kernel)
        guard x[1] != w[1] else { return nil }
        return "conv2d: input \(StepText.shape(x)) has \(x[1]) channels but weights \(StepText.shape(w)) expect \(w[1])"
    }

    /// The steps and the output. `preActivation` and `values` are the host kernel's numbers
    /// (NCHW order, author order) when it computed them; nil computes them here (WebAssembly).
    public static func run(input: CoreArray, kernel: CoreArray, bias: [Float]?, _ o: Options, outSize: (Int, Int),
                           windowAt: String, window: String,
                           preActivation: [Float]? = nil, values: [Float]? = nil) -> CoreRun {
        let x = Geometry.nchw(input.shape), w = Geometry.nchw(kernel.shape)
        let (n, c, h, wd) = (x[0], x[1], x[2], x[3])
        let (filters, kh, kw) = (w[0], w[2], w[3])
        let (oh, ow) = outSize
        let outShape = Geometry.authorShape([n, filters, oh, ow], keepBatch: input.rank == 4, keepChannels: kernel.rank == 4)
        let k = c * kh * kw
        var steps: [CoreStep] = []
        var pre = [Float](repeating: 0, count: n * filters * oh * ow)
        var out = pre
        steps.reserveCapacity(pre.count)
        for img in 0..<n {
            for f in 0..<filters {
                for r in 0..<(oh * ow) {
                    let (i0, j0) = (r / ow, r % ow)
                    var s = CoreStep()
                    var partial = [Float](repeating: 0, count: c)
                    for col in 0..<k {
                        let ch = col / (kh * kw), ki = (col / kw) % kh, kj = col % kw
                        let row = i0 * o.stride.0 - o.padding.0 + ki * o.dilation.0
                        let column = j0 * o.stride.1 - o.padding.1 + kj * o.dilation.1
                        let inside = row >= 0 && row < h && column >= 0 && column < wd
                        let xv = inside ? input.data[((img * c + ch) * h + row) * wd + column] : 0
                        let wv = kernel.data[f * k + col]
                        s.reads.append(CoreCell("input", CoreIndex.author(input.rank, img, ch, row, column)))
                        s.weights.append(CoreCell("kernel", CoreIndex.author(kernel.rank, f, ch, ki, kj)))
                        s.readValues.append(xv)
                        s.weightValues.append(wv)
                        partial[ch] += xv * wv
                    }
                    var sum: Float = 0
                    for i in 0..<k {
                        s.products.append(s.readValues[i] * s.weightValues[i])
                        sum += s.products[i]
                    }
                    let flat = ((img * filters + f) * oh + i0) * ow + j0
                    let b = bias.map { $0[f] }
                    let p = preActivation?[flat] ?? (b.map { sum + $0 } ?? sum)
                    let v = values?[flat] ?? (o.activation.map { $0.value(p, alpha: o.alpha) } ?? p)
                    pre[flat] = p
                    out[flat] = v
                    var text = "\(StepText.products(s.readValues, s.weightValues)) = \(StepText.n(sum))"
                    if let b { text += ", \(StepText.n(sum)) + \(StepText.factor(b)) = \(StepText.n(p))" }
                    if let a = o.activation { text += ", \(a.opName)(\(StepText.n(p))) = \(StepText.n(v))" }
                    let at = s.reads.first.map {
                        StepText.fill(windowAt, [("r", "\($0.index[$0.index.count - 2])"), ("c", "\($0.index[$0.index.count - 1])")])
                    } ?? window
                    let cell = CoreIndex.author(outShape.count, img, f, i0, j0)
                    s.partialSums = c > 1 ? partial : []
                    s.writes = [CoreCell("output", cell)]
                    s.sum = sum
                    s.bias = b
                    s.activation = o.activation?.opName
                    s.result = v
                    s.arithmetic = text
                    s.description = "output\(StepText.index(cell)) = \(StepText.n(v)): \(at), \(text)"
                    steps.append(s)
                }
            }
        }
        var tensors = [
            CoreTensor("input", "input", input.shape, input.data, padding: [o.padding.0, o.padding.1]),
            CoreTensor("kernel", "parameter", kernel.shape, kernel.data),
        ]
        if let bias { tensors.append(CoreTensor("bias", "parameter", [bias.count], bias)) }
        let result = CoreTensor("output", "output", outShape, out)
        tensors.append(result)
        let formulas = [
            Geometry.formula("OH", input: h, kernel: kh, padding: o.padding.0, stride: o.stride.0, dilation: o.dilation.0, output: oh),
            Geometry.formula("OW", input: wd, kernel: kw, padding: o.padding.1, stride: o.stride.1, dilation: o.dilation.1, output: ow),
        ]
        return CoreRun(result: result, tensors: tensors, steps: steps, formulas: formulas)
    }
}
