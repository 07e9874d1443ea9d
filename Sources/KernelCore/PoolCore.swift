/// `op: maxpool` and `op: avgpool`: one step per window, the max marked or the mean written out.
public enum PoolCore {
    /// Window size, stride and padding, each `(rows, columns)`.
    public struct Options {
        public var size: (Int, Int)
        public var stride: (Int, Int)
        public var padding: (Int, Int)
        public init(size: (Int, Int), stride: (Int, Int), padding: (Int, Int)) {
            self.size = size
            self.stride = stride
            self.padding = padding
        }
    }

    /// Checks the options against an NCHW shape in the host's order; returns (OH, OW) or the
    /// message (`op`: `maxpool2d` or `avgpool2d`, the host kernel's name) and the field it is
    /// about (`input`, `size`, `stride` or `padding`).
    public static func outputSize(op: String, _ shape: [Int], _ o: Options) -> (size: (Int, Int), error: String?, field: String) {
        guard shape.count == 4 else { return ((0, 0), "\(op): input must be rank 4 [N, C, H, W], got \(StepText.shape(shape))", "input") }
        guard o.size.0 >= 1, o.size.1 >= 1 else { return ((0, 0), "\(op): window \(o.size.0)x\(o.size.1) is empty", "size") }
        guard o.stride.0 >= 1, o.stride.1 >= 1 else {
            return ((0, 0), "\(op): stride must be at least 1, got \(o.stride.0)x\(o.stride.1)", "stride")
        }
        guard o.padding.0 >= 0, o.padding.1 >= 0 else {
            return ((0, 0), "\(op): padding must not be negative, got \(o.padding.0)x\(o.padding.1)", "padding")
        }
        guard 2 * o.padding.0 <= o.size.0, 2 * o.padding.1 <= o.size.1 else {
            return ((0, 0), "\(op): padding \(o.padding.0)x\(o.padding.1) must be at most half the window \(o.size.0)x\(o.size.1)", "padding")
        }
        guard shape.allSatisfy({ $0 >= 1 }) else { return ((0, 0), "\(op): input \(StepText.shape(shape)) is empty", "input") }
        let (h, w) = (shape[2], shape[3])
        guard o.size.0 <= h + 2 * o.padding.0, o.size.1 <= w + 2 * o.padding.1 else {
            let pad = o.padding.0 == o.padding.1 ? "\(o.padding.0)" : "\(o.padding.0)x\(o.padding.1)"
            return ((0, 0), "\(op): window \(o.size.0)x\(o.size.1) does not fit input \(h)x\(w) with padding \(pad)", "size")
        }
        return (((h + 2 * o.padding.0 - o.size.0) / o.stride.0 + 1, (w + 2 * o.padding.1 - o.size.1) / o.stride.1 + 1), nil, "")
    }

    /// The steps and the output over an input of author rank 2…4. `values`: the host kernel's
    /// output (NCHW order); nil computes it here (max, or the mean over the whole window,
    /// padding included, as the host's average pooling does).
    public static func run(input: CoreArray, isMax: Bool, _ o: Options, outSize: (Int, Int), values: [Float]? = nil) -> CoreRun {
        let x = Geometry.nchw(input.shape)
        let (n, c, h, w) = (x[0], x[1], x[2], x[3])
        let (oh, ow) = outSize
        let outShape = Array([n, c, oh, ow].suffix(input.rank))
        var out: [Float] = []
        var steps: [CoreStep] = []
        for img in 0..<n {
            for ch in 0..<c {
                for i in 0..<oh {
                    for j in 0..<ow {
                        var s = CoreStep()
                        var real: [(index: [Int], value: Float)] = []
                        for di in 0..<o.size.0 {
                            for dj in 0..<o.size.1 {
                                let r = i * o.stride.0 - o.padding.0 + di, q = j * o.stride.1 - o.padding.1 + dj
                                let inside = r >= 0 && r < h && q >= 0 && q < w
                                let v = inside ? input.data[((img * c + ch) * h + r) * w + q] : 0
                                let index = CoreIndex.author(input.rank, img, ch, r, q)
                                s.reads.append(CoreCell("input", index))
                                s.readValues.append(v)
                                if inside { real.append((index, v)) }
                            }
                        }
                        let cell = CoreIndex.author(input.rank, img, ch, i, j)
                        let flat = out.count
                        s.writes = [CoreCell("output", cell)]
                        if isMax {
                            var best = real.first
                            for r in real where r.value > best!.value { best = r }
                            let value = values?[flat] ?? best?.value ?? 0
                            let text = "max(\(StepText.joined(real.map { StepText.n($0.value) }, ", "))) = \(StepText.n(value))"
                            s.emphasis = best.map { [CoreCell("input", $0.index)] } ?? []
                            s.result = value
                            s.arithmetic = text
                            s.description = "output\(StepText.index(cell)) = \(text)"
                        } else {
                            var total: Float = 0
                            for v in s.readValues { total += v }
                            let value = values?[flat] ?? total / Float(s.readValues.count)
                            let text = "(\(StepText.sum(s.readValues))) / \(s.readValues.count) = \(StepText.n(value))"
                            s.sum = total
                            s.result = value
                            s.arithmetic = text
                            s.description = "output\(StepText.index(cell)) = \(text)"
                        }
                        out.append(s.result)
                        steps.append(s)
                    }
                }
            }
        }
        let result = CoreTensor("output", "output", outShape, out)
        return CoreRun(result: result,
                       tensors: [CoreTensor("input", "input", input.shape, input.data, padding: [o.padding.0, o.padding.1]), result],
                       steps: steps,
                       formulas: [
                           Geometry.formula("OH", input: h, kernel: o.size.0, padding: o.padding.0, stride: o.stride.0, dilation: 1, output: oh),
                           Geometry.formula("OW", input: w, kernel: o.size.1, padding: o.padding.1, stride: o.stride.1, dilation: 1, output: ow),
                       ])
    }
}
