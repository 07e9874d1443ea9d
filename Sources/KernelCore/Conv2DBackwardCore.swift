/// `op: conv2d-backward`: given the upstream gradient dY (dL/dY), the gradients dX, dW and db,
/// traced one cell at a time in "gather" form:
/// dX[c,h,w] = Σ dY[f,i,j]·W[f,c,h−iS+P,w−jS+P] over the windows that covered (h,w);
/// dW[f,c,u,v] = Σ dY[f,i,j]·X[c,iS−P+u,jS−P+v]; db[f] = Σ dY[f,i,j].
public enum Conv2DBackwardCore {
    /// The words of the steps, by their `trace.*` names; `dXGathers` and `dWSums` hold `{cell}`.
    public enum Phrase: String, CaseIterable { case dXGathers, dWSums, biasGradient, noWindowCovers }
    public typealias Phrases = CorePhrases<Phrase>

    /// The gradients as the host kernel computed them (NCHW / FCKHKW / F order).
    public struct Gradients {
        public var dx, dw, db: [Float]
        public init(dx: [Float], dw: [Float], db: [Float]) {
            self.dx = dx
            self.dw = dw
            self.db = db
        }
    }

    /// The dY shape the author writes: the forward output's, with the axes the author wrote.
    public static func gradShape(input: [Int], kernel: [Int], outSize: (Int, Int)) -> [Int] {
        Geometry.authorShape([Geometry.nchw(input)[0], Geometry.nchw(kernel)[0], outSize.0, outSize.1],
                             keepBatch: input.count == 4, keepChannels: kernel.count == 4)
    }

    /// The steps and dX, dW, db (the run's `outputs`, dX first). `grad` has `gradShape`;
    /// `gradients` are the host kernel's numbers when it computed them; nil sums them here.
    public static func run(input: CoreArray, kernel: CoreArray, grad: CoreArray, stride: (Int, Int), padding: (Int, Int),
                           dilation: (Int, Int), outSize: (Int, Int), phrases: Phrases, gradients: Gradients? = nil) -> CoreRun {
        let x = Geometry.nchw(input.shape), w = Geometry.nchw(kernel.shape)
        let (n, c, h, wd) = (x[0], x[1], x[2], x[3])
        let (f, kh, kw) = (w[0], w[2], w[3])
        let (oh, ow) = outSize
        func dyAt(_ b: Int, _ ff: Int, _ i: Int, _ j: Int) -> Float { grad.data[((b * f + ff) * oh + i) * ow + j] }
        func wAt(_ ff: Int, _ ch: Int, _ u: Int, _ v: Int) -> Float { kernel.data[((ff * c + ch) * kh + u) * kw + v] }
        func xAt(_ b: Int, _ ch: Int, _ r: Int, _ q: Int) -> Float { input.data[((b * c + ch) * h + r) * wd + q] }
        func dyCell(_ b: Int, _ ff: Int, _ i: Int, _ j: Int) -> CoreCell { CoreCell("dY", CoreIndex.author(grad.rank, b, ff, i, j)) }
        var dx = [Float](repeating: 0, count: n * c * h * wd), dw = [Float](repeating: 0, count: f * c * kh * kw)
        var db = [Float](repeating: 0, count: f)
        var steps: [CoreStep] = []

        // dX, one input cell at a time.
        for b in 0..<n { for ch in 0..<c { for r in 0..<h { for q in 0..<wd {
            var s = CoreStep()
            for ff in 0..<f { for i in 0..<oh { for j in 0..<ow {
                let u = r - i * stride.0 + padding.0, v = q - j * stride.1 + padding.1
                guard u >= 0, v >= 0, u % dilation.0 == 0, v % dilation.1 == 0, u / dilation.0 < kh, v / dilation.1 < kw else { continue }
                s.reads.append(dyCell(b, ff, i, j))
                s.readValues.append(dyAt(b, ff, i, j))
                s.weights.append(CoreCell("kernel", CoreIndex.author(kernel.rank, ff, ch, u / dilation.0, v / dilation.1)))
                s.weightValues.append(wAt(ff, ch, u / dilation.0, v / dilation.1))
            } } }
            let flat = ((b * c + ch) * h + r) * wd + q
            s.products = multiplied(s.readValues, s.weightValues)
            dx[flat] = gradients?.dx[flat] ?? total(s.products)
            let cell = CoreIndex.author(input.rank, b, ch, r, q)
            let text = s.reads.isEmpty ? phrases[.noWindowCovers] : StepText.products(s.readValues, s.weightValues) + " = " + StepText.n(dx[flat])
            finish(&s, write: CoreCell("dX", cell), value: dx[flat], arithmetic: "dX" + StepText.index(cell) + " = " + text,
                   description: StepText.fill(phrases[.dXGathers], [("cell", "dX" + StepText.index(cell))]) + ": " + text)
            steps.append(s)
        } } } }
        // dW, one kernel cell at a time.
        for ff in 0..<f { for ch in 0..<c { for u in 0..<kh { for v in 0..<kw {
            var s = CoreStep()
            for b in 0..<n { for i in 0..<oh { for j in 0..<ow {
                let r = i * stride.0 - padding.0 + u * dilation.0, q = j * stride.1 - padding.1 + v * dilation.1
                s.reads.append(CoreCell("input", CoreIndex.author(input.rank, b, ch, r, q)))
                s.readValues.append(r >= 0 && r < h && q >= 0 && q < wd ? xAt(b, ch, r, q) : 0)
                s.weights.append(dyCell(b, ff, i, j))
                s.weightValues.append(dyAt(b, ff, i, j))
            } } }
            let flat = ((ff * c + ch) * kh + u) * kw + v
            s.products = multiplied(s.readValues, s.weightValues)
            dw[flat] = gradients?.dw[flat] ?? total(s.products)
            let cell = CoreIndex.author(kernel.rank, ff, ch, u, v)
            let text = StepText.products(s.weightValues, s.readValues) + " = " + StepText.n(dw[flat])
            finish(&s, write: CoreCell("dW", cell), value: dw[flat], arithmetic: "dW" + StepText.index(cell) + " = " + text,
                   description: StepText.fill(phrases[.dWSums], [("cell", "dW" + StepText.index(cell))]) + ": " + text)
            steps.append(s)
        } } } }
        // db, one filter at a time.
        for ff in 0..<f {
            var s = CoreStep()
            for b in 0..<n { for i in 0..<oh { for j in 0..<ow {
                s.reads.append(dyCell(b, ff, i, j))
                s.readValues.append(dyAt(b, ff, i, j))
            } } }
            db[ff] = gradients?.db[ff] ?? total(s.readValues)
            let text = "db[\(ff)] = " + StepText.sum(s.readValues) + " = " + StepText.n(db[ff])
            finish(&s, write: CoreCell("db", [ff]), value: db[ff], arithmetic: text, description: phrases[.biasGradient] + ": " + text)
            steps.append(s)
        }
        let outputs = [CoreTensor("dX", "output", input.shape, dx), CoreTensor("dW", "output", kernel.shape, dw),
                       CoreTensor("db", "output", [f], db)]
        let tensors = [CoreTensor("input", "input", input.shape, input.data, padding: [padding.0, padding.1]),
                       CoreTensor("kernel", "parameter", kernel.shape, kernel.data),
                       CoreTensor("dY", "gradient", grad.shape, grad.data)] + outputs
        return CoreRun(result: outputs[0], tensors: tensors, steps: steps, formulas: [], outputs: outputs)
    }

    static func multiplied(_ a: [Float], _ b: [Float]) -> [Float] {
        var p: [Float] = []
        p.reserveCapacity(a.count)
        for k in 0..<a.count { p.append(a[k] * b[k]) }
        return p
    }

    static func total(_ xs: [Float]) -> Float {
        var t: Float = 0
        for v in xs { t += v }
        return t
    }

    static func finish(_ s: inout CoreStep, write: CoreCell, value: Float, arithmetic: String, description: String) {
        s.writes = [write]
        s.sum = value
        s.result = value
        s.arithmetic = arithmetic
        s.description = description
    }
}
