/// `op: conv-transpose2d`: the transposed convolution ("deconvolution", upsampling), traced
/// one INPUT cell at a time: the cell's value times the kernel is added into the output window
/// it lands on, so overlapping windows are summed (running totals in each step's arithmetic);
/// a last step per output channel adds the bias.
///
/// Kernel shapes: `KHxKW` (one channel in, one out), `CinxKHxKW` (one output channel), or
/// `CinxCoutxKHxKW` (PyTorch's layout for `ConvTranspose2d` weights).
public enum ConvTransposeCore {
    public struct Options {
        public var stride: (Int, Int)
        public var padding: (Int, Int)
        public var outputPadding: (Int, Int)
        public var dilation: (Int, Int)
        public init(stride: (Int, Int), padding: (Int, Int), outputPadding: (Int, Int), dilation: (Int, Int)) {
            self.stride = stride
            self.padding = padding
            self.outputPadding = outputPadding
            self.dilation = dilation
        }

        /// (OH, OW) = (I − 1)·S − 2P + D·(F − 1) + output_padding + 1 per axis, or nil when the
        /// arithmetic overflows (`ConvTranspose2DOptions.outputSize`).
        public func outputSize(input: (Int, Int), kernel: (Int, Int)) -> (Int, Int)? {
            guard let (h, w) = outputSize64(input: (Int64(input.0), Int64(input.1)), kernel: (Int64(kernel.0), Int64(kernel.1))),
                  let hh = Int(exactly: h), let ww = Int(exactly: w) else { return nil }
            return (hh, ww)
        }

        /// `outputSize` in 64 bits, as the host computes it (WebAssembly's Int has 32).
        public func outputSize64(input: (Int64, Int64), kernel: (Int64, Int64)) -> (Int64, Int64)? {
            func axis(_ i: Int64, _ k: Int64, _ s: Int, _ p: Int, _ d: Int, _ op: Int) -> Int64? {
                let (s, p, d, op) = (Int64(s), Int64(p), Int64(d), Int64(op))
                let (spread, o1) = (i - 1).multipliedReportingOverflow(by: s)
                let (span, o2) = d.multipliedReportingOverflow(by: k - 1)
                let (twoP, o3) = p.multipliedReportingOverflow(by: 2)
                guard !o1, !o2, !o3 else { return nil }
                let (a, o4) = spread.addingReportingOverflow(span)
                let (b, o5) = a.subtractingReportingOverflow(twoP)
                let (c, o6) = b.addingReportingOverflow(op)
                let (out, o7) = c.addingReportingOverflow(1)
                return o4 || o5 || o6 || o7 ? nil : out
            }
            guard let h = axis(input.0, kernel.0, stride.0, padding.0, dilation.0, outputPadding.0),
                  let w = axis(input.1, kernel.1, stride.1, padding.1, dilation.1, outputPadding.1) else { return nil }
            return (h, w)
        }
    }

    /// The author's kernel shape as [Cin, Cout, KH, KW], or the host's message.
    public static func kernelShape(_ k: [Int]) -> (shape: [Int], error: String?) {
        switch k.count {
        case 2: return ([1, 1] + k, nil)
        case 3: return ([k[0], 1, k[1], k[2]], nil)
        case 4: return (k, nil)
        default: return ([], "conv-transpose2d kernel: expected KHxKW, CinxKHxKW or CinxCoutxKHxKW, found shape \(StepText.shape(k))")
        }
    }

    /// The host kernel's checks (`ConvTranspose2D.geometry`, op `convTranspose2d`), in its
    /// order, for an NCHW input `x` and a [Cin, Cout, KH, KW] kernel `w`, with the field each is
    /// about; nil when they pass.
    public static func geometryError(x: [Int], w: [Int], _ o: Options) -> (field: String, message: String)? {
        let op = "convTranspose2d: "
        guard x[1] == w[0] else {
            return ("kernel", op + "input \(StepText.shape(x)) has \(x[1]) channels but weights \(StepText.shape(w)) expect \(w[0])")
        }
        func pad(_ p: (Int, Int)) -> String { p.0 == p.1 ? "\(p.0)" : "\(p.0)x\(p.1)" }
        let (s, d, p) = (o.stride, o.dilation, o.padding)
        guard s.0 >= 1, s.1 >= 1, d.0 >= 1, d.1 >= 1, p.0 >= 0, p.1 >= 0 else {
            let field = s.0 < 1 || s.1 < 1 ? "stride" : d.0 < 1 || d.1 < 1 ? "dilation" : "padding"
            return (field, op + "stride and dilation must be at least 1 and padding not negative, got stride \(s.0)x\(s.1), dilation \(d.0)x\(d.1), padding \(pad(p))")
        }
        guard o.outputPadding.0 >= 0, o.outputPadding.0 < s.0, o.outputPadding.1 >= 0, o.outputPadding.1 < s.1 else {
            return ("output_padding", op + "output padding \(o.outputPadding.0)x\(o.outputPadding.1) must be smaller than the stride \(s.0)x\(s.1)")
        }
        guard let (oh, ow) = o.outputSize64(input: (Int64(x[2]), Int64(x[3])), kernel: (Int64(w[2]), Int64(w[3]))) else {
            return ("stride", op + "input \(StepText.shape(x)) with stride \(s.0)x\(s.1) and dilation \(d.0)x\(d.1) gives an output too large to count")
        }
        guard oh >= 1, ow >= 1, x[2] >= 1, x[3] >= 1 else {
            return ("kernel", op + "input \(x[2])x\(x[3]) with kernel \(w[2])x\(w[3]) and padding \(pad(p)) gives an empty output \(oh)x\(ow)")
        }
        return nil
    }

    /// The author's index of kernel cell (ci, co, i, j).
    static func kernelIndex(_ ci: Int, _ co: Int, _ i: Int, _ j: Int, rank: Int) -> [Int] {
        switch rank {
        case 2: return [i, j]
        case 3: return [ci, i, j]
        default: return [ci, co, i, j]
        }
    }

    /// `OH = (I − 1)·S − 2P + D·(F − 1) + output_padding + 1`, with the numbers filled in.
    public static func formula(_ name: String, input: Int, stride: Int, padding: Int, dilation: Int, kernel: Int,
                               outputPadding: Int, output: Int) -> String {
        "\(name) = (I − 1)·S − 2P + D·(F − 1) + output_padding + 1 = (\(input) − 1)·\(stride) − 2·\(padding) + "
            + "\(dilation)·(\(kernel) − 1) + \(outputPadding) + 1 = \(output)"
    }

    /// The words of the steps, by their `trace.*` names.
    public enum Phrase: String, CaseIterable { case timesKernel, allInCroppedPadding, everyOutputGetsBias, ofChannel }
    public typealias Phrases = CorePhrases<Phrase>

    /// The steps and the output (checked by `geometryError` first). `values` is the host
    /// kernel's output (NCHW, bias added) when it computed one; nil computes it here.
    public static func run(input: CoreArray, kernel: CoreArray, bias: [Float]?, _ o: Options, outSize: (Int, Int),
                           phrases: Phrases, values: [Float]? = nil) -> CoreRun {
        let x = Geometry.nchw(input.shape), w = kernelShape(kernel.shape).shape
        let (n, cin, h, wd) = (x[0], w[0], x[2], x[3])
        let (cout, kh, kw) = (w[1], w[2], w[3])
        let (oh, ow) = outSize
        let outShape = Geometry.authorShape([n, cout, oh, ow], keepBatch: input.rank == 4, keepChannels: kernel.rank == 4)

        // The output cells each input cell lands on, as (kernel row, kernel column, row, column).
        func targets(_ ih: Int, _ iw: Int) -> [(Int, Int, Int, Int)] {
            var t: [(Int, Int, Int, Int)] = []
            for i in 0..<kh {
                for j in 0..<kw {
                    let r = ih * o.stride.0 - o.padding.0 + i * o.dilation.0, q = iw * o.stride.1 - o.padding.1 + j * o.dilation.1
                    if r >= 0, r < oh, q >= 0, q < ow { t.append((i, j, r, q)) }
                }
            }
            return t
        }
        let count = n * cout * oh * ow
        var y = values ?? []
        if values == nil {
            y = [Float](repeating: 0, count: count)
            for b in 0..<n { for ci in 0..<cin { for ih in 0..<h { for iw in 0..<wd {
                let xv = input.data[((b * cin + ci) * h + ih) * wd + iw]
                for co in 0..<cout {
                    for (i, j, r, q) in targets(ih, iw) {
                        y[((b * cout + co) * oh + r) * ow + q] += xv * kernel.data[((ci * cout + co) * kh + i) * kw + j]
                    }
                }
            } } } }
            if let bias {
                for b in 0..<n { for co in 0..<cout { for k in 0..<(oh * ow) { y[(b * cout + co) * oh * ow + k] += bias[co] } } }
            }
        }
        var remaining = [Int](repeating: 0, count: count)
        for b in 0..<n { for _ in 0..<cin { for ih in 0..<h { for iw in 0..<wd {
            for co in 0..<cout { for (_, _, r, q) in targets(ih, iw) { remaining[((b * cout + co) * oh + r) * ow + q] += 1 } }
        } } } }

        func author(_ b: Int, _ co: Int, _ r: Int, _ q: Int) -> [Int] { CoreIndex.author(outShape.count, b, co, r, q) }
        var total = [Float](repeating: 0, count: count)
        var steps: [CoreStep] = []
        for b in 0..<n { for ci in 0..<cin { for ih in 0..<h { for iw in 0..<wd {
            let xv = input.data[((b * cin + ci) * h + ih) * wd + iw]
            let xCell = CoreIndex.author(input.rank, b, ci, ih, iw)
            var s = CoreStep()
            var terms: [String] = []
            for co in 0..<cout {
                for (i, j, r, q) in targets(ih, iw) {
                    let wv = kernel.data[((ci * cout + co) * kh + i) * kw + j]
                    let flat = ((b * cout + co) * oh + r) * ow + q
                    let before = total[flat]
                    total[flat] += xv * wv
                    remaining[flat] -= 1
                    // The last addition shows the kernel's own sum (the order of additions may differ).
                    if remaining[flat] == 0 && bias == nil { total[flat] = y[flat] }
                    let outCell = author(b, co, r, q)
                    s.weights.append(CoreCell("kernel", kernelIndex(ci, co, i, j, rank: kernel.rank)))
                    s.weightValues.append(wv)
                    s.products.append(wv * xv)
                    s.writes.append(CoreCell("output", outCell))
                    s.runningValues.append(total[flat])
                    terms.append("output\(StepText.index(outCell)): \(StepText.n(before)) + \(StepText.factor(xv))×\(StepText.factor(wv)) = \(StepText.n(total[flat]))")
                }
            }
            let head = StepText.fill(phrases[.timesKernel], [("cell", "input\(StepText.index(xCell))"), ("v", StepText.n(xv))])
            let text = terms.isEmpty ? head + ": " + phrases[.allInCroppedPadding] : head + ": " + StepText.joined(terms, "; ")
            s.reads = [CoreCell("input", xCell)]
            s.readValues = [xv]
            s.result = xv
            s.arithmetic = text
            s.description = text
            steps.append(s)
        } } } }
        if let bias {
            for co in 0..<cout {
                var s = CoreStep()
                for b in 0..<n {
                    for r in 0..<oh {
                        for q in 0..<ow {
                            s.writes.append(CoreCell("output", author(b, co, r, q)))
                            s.runningValues.append(y[((b * cout + co) * oh + r) * ow + q])
                        }
                    }
                }
                let channel = cout > 1 ? StepText.fill(phrases[.ofChannel], [("c", "\(co)")]) : ""
                let text = StepText.fill(phrases[.everyOutputGetsBias], [("channel", channel), ("b", StepText.factor(bias[co]))])
                s.bias = bias[co]
                s.result = bias[co]
                s.arithmetic = text
                s.description = text
                steps.append(s)
            }
        }
        let formulas = [
            formula("OH", input: h, stride: o.stride.0, padding: o.padding.0, dilation: o.dilation.0, kernel: kh,
                    outputPadding: o.outputPadding.0, output: oh),
            formula("OW", input: wd, stride: o.stride.1, padding: o.padding.1, dilation: o.dilation.1, kernel: kw,
                    outputPadding: o.outputPadding.1, output: ow),
        ]
        var tensors = [CoreTensor("input", "input", input.shape, input.data), CoreTensor("kernel", "parameter", kernel.shape, kernel.data)]
        if let bias { tensors.append(CoreTensor("bias", "parameter", [bias.count], bias)) }
        let result = CoreTensor("output", "output", outShape, y)
        tensors.append(result)
        return CoreRun(result: result, tensors: tensors, steps: steps, formulas: formulas)
    }
}
