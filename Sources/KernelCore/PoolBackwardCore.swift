/// `op: maxpool-backward` / `avgpool-backward` (or `pool-backward` with `pool: max|avg`): how
/// the upstream gradient dY is routed back through pooling, one step per window: all of it to
/// the window's (first) largest cell, or shared equally by the window's cells (padding counts
/// in the share, as in the forward mean, but receives nothing).
public enum PoolBackwardCore {
    /// The words of the steps, by their `trace.*` names: `maxRoutes` holds `{cell}`, `{g}`,
    /// `{max}`, `{at}`; `averageShares` `{cell}`, `{g}`, `{n}`, `{share}`.
    public enum Phrase: String, CaseIterable { case maxRoutes, averageShares }
    public typealias Phrases = CorePhrases<Phrase>

    /// The message when `grad` is not the pooled output's shape (nil when it is).
    public static func gradShapeError(grad: [Int], input: [Int], outSize: (Int, Int)) -> String? {
        let x = Geometry.nchw(input)
        let expected = Array([x[0], x[1], outSize.0, outSize.1].suffix(input.count))
        guard grad != expected else { return nil }
        return "grad: expected the shape of the pooled output, \(StepText.shape(expected)), found \(StepText.shape(grad))"
    }

    /// The steps and dX (the run's `outputs`). `values`: the host kernel's dX (NCHW order) when
    /// it computed one; nil routes the gradient here.
    public static func run(input: CoreArray, grad: CoreArray, isMax: Bool, _ o: PoolCore.Options, outSize: (Int, Int),
                           phrases: Phrases, values: [Float]? = nil) -> CoreRun {
        let x = Geometry.nchw(input.shape)
        let (n, c, h, w) = (x[0], x[1], x[2], x[3])
        let (oh, ow) = outSize
        var dx = [Float](repeating: 0, count: input.count)
        var steps: [CoreStep] = []
        var k = 0
        for img in 0..<n { for ch in 0..<c { for i in 0..<oh { for j in 0..<ow {
            var real: [(index: [Int], flat: Int, value: Float)] = []
            for di in 0..<o.size.0 {
                for dj in 0..<o.size.1 {
                    let r = i * o.stride.0 - o.padding.0 + di, q = j * o.stride.1 - o.padding.1 + dj
                    guard r >= 0, r < h, q >= 0, q < w else { continue }
                    let flat = ((img * c + ch) * h + r) * w + q
                    real.append((CoreIndex.author(input.rank, img, ch, r, q), flat, input.data[flat]))
                }
            }
            let g = grad.data[k]
            k += 1
            let dyCell = "dY" + StepText.index(CoreIndex.author(input.rank, img, ch, i, j))
            var s = CoreStep()
            s.reads = [CoreCell("dY", CoreIndex.author(input.rank, img, ch, i, j))]
            s.readValues = [g]
            let text: String
            if isMax {
                var best = real[0]
                for r in real where r.value > best.value { best = r }
                dx[best.flat] += g
                text = StepText.fill(phrases[.maxRoutes], [("cell", dyCell), ("g", StepText.n(g)), ("max", StepText.n(best.value)),
                                                          ("at", StepText.index(best.index))])
                s.emphasis = [CoreCell("input", best.index)]
                s.writes = [CoreCell("dX", best.index)]
                s.result = g
            } else {
                let cells = o.size.0 * o.size.1
                let share = g / Float(cells)
                for r in real { dx[r.flat] += share }
                text = StepText.fill(phrases[.averageShares], [("cell", dyCell), ("g", StepText.n(g)), ("n", "\(cells)"),
                                                              ("share", StepText.n(share))])
                s.writes = real.map { CoreCell("dX", $0.index) }
                s.result = share
            }
            s.arithmetic = text
            s.description = text
            steps.append(s)
        } } } }
        let result = CoreTensor("dX", "output", input.shape, values ?? dx)
        let tensors = [CoreTensor("input", "input", input.shape, input.data, padding: [o.padding.0, o.padding.1]),
                       CoreTensor("dY", "gradient", grad.shape, grad.data), result]
        return CoreRun(result: result, tensors: tensors, steps: steps, formulas: [], outputs: [result])
    }
}
