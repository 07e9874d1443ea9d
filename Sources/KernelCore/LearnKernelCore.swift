/// `op: learn-kernel`: gradient descent recovers a kernel from an input and the map it should
/// produce (`target`). Each iteration runs the convolution forward (valid, stride 1), the mean
/// squared error against the target, dL/dW and one optimiser update (sgd, momentum or adam,
/// as the host's `Optimizer`). One step per iteration: the kernel and its gradient as they
/// stand after it, and the loss in the arithmetic.
///
/// L = (1/N) Σ (Y − T)², so dL/dY = (2/N)(Y − T), N the number of output cells.
public enum LearnKernelCore {
    public static let maxIterations = 100
    public static let optimizers = ["sgd", "momentum", "adam"]

    /// The host optimiser's update on one parameter, in plain loops (`Optimizer.update`:
    /// momentum 0.9; Adam β1 0.9, β2 0.999, ε 1e-8, bias corrections folded into the step size).
    public struct Optimizer {
        public var kind: String
        public var rate: Float
        var step = 0
        var first: [Float] = [], second: [Float] = []
        public init(kind: String, rate: Float) {
            self.kind = kind
            self.rate = rate
        }

        public mutating func update(_ p: inout [Float], _ g: [Float]) {
            if first.isEmpty, kind != "sgd" {
                first = [Float](repeating: 0, count: p.count)
                second = first
            }
            step += 1
            switch kind {
            case "momentum":
                for j in 0..<p.count {
                    first[j] = 0.9 * first[j] + g[j]
                    p[j] -= rate * first[j]
                }
            case "adam":
                let (b1, b2, eps): (Float, Float, Float) = (0.9, 0.999, 1e-8)
                // β^t in Double, rounded once (the host calls powf).
                var (t1, t2) = (1.0, 1.0)
                for _ in 0..<step {
                    t1 *= Double(b1)
                    t2 *= Double(b2)
                }
                let c1 = 1 - Float(t1), c2 = 1 - Float(t2)
                let size = rate / c1, c2Root = c2.squareRoot()
                for j in 0..<p.count {
                    first[j] = b1 * first[j] + (1 - b1) * g[j]
                    second[j] = b2 * second[j] + (1 - b2) * g[j] * g[j]
                    p[j] -= size * first[j] / (second[j].squareRoot() / c2Root + eps)
                }
            default:
                for j in 0..<p.count { p[j] -= rate * g[j] }
            }
        }
    }

    /// What each iteration left: the kernel after the update, its gradient and the loss before it.
    public struct History {
        public var kernels: [[Float]] = [], gradients: [[Float]] = [], losses: [Float] = []
        public init() {}
    }

    /// The iterations in plain loops (the in-page engine's; the host runs the training kernels).
    /// - Throws: `CoreError` at `learning_rate` when the loss or the kernel stops being finite.
    public static func descend(input: CoreArray, target: CoreArray, kernel: CoreArray, rate: Float, iterations: Int,
                               optimizer kind: String) throws(CoreError) -> History {
        let (w, kh, kw) = (input.shape[1], kernel.shape[0], kernel.shape[1])
        let (oh, ow) = (target.shape[0], target.shape[1])
        let n = Float(oh * ow)
        var p = kernel.data
        var opt = Optimizer(kind: kind, rate: rate)
        var history = History()
        for k in 1...iterations {
            var dy = [Float](repeating: 0, count: oh * ow)
            var loss: Float = 0
            for i in 0..<oh {
                for j in 0..<ow {
                    var y: Float = 0
                    for u in 0..<kh { for v in 0..<kw { y += input.data[(i + u) * w + j + v] * p[u * kw + v] } }
                    let d = y - target.data[i * ow + j]
                    loss += d * d
                    dy[i * ow + j] = d
                }
            }
            loss /= n
            for c in 0..<dy.count { dy[c] = 2 * dy[c] / n }
            var dw = [Float](repeating: 0, count: kh * kw)
            for u in 0..<kh {
                for v in 0..<kw {
                    var s: Float = 0
                    for i in 0..<oh { for j in 0..<ow { s += dy[i * ow + j] * input.data[(i + u) * w + j + v] } }
                    dw[u * kw + v] = s
                }
            }
            opt.update(&p, dw)
            guard loss.isFinite, p.allSatisfy({ $0.isFinite }) else {
                throw CoreError("learning_rate", "learning_rate \(StepText.n(rate)) diverges: the loss is not finite after iteration \(k); try a smaller one")
            }
            history.kernels.append(p)
            history.gradients.append(dw)
            history.losses.append(loss)
        }
        return history
    }

    /// The steps and outputs (`result` the final kernel, `loss` the last loss, `losses`) from
    /// the history of the iterations. `learnStep`: `{k}`, `{loss}`, `{rate}`, `{kernel}`;
    /// `learnFormula`: `{n}`.
    public static func run(input: CoreArray, target: CoreArray, kernel: CoreArray, rate: Float, _ history: History,
                           learnStep: String, learnFormula: String) -> CoreRun {
        let (kh, kw) = (kernel.shape[0], kernel.shape[1])
        var cells: [CoreCell] = [], gradientCells: [CoreCell] = []
        for u in 0..<kh {
            for v in 0..<kw {
                cells.append(CoreCell("kernel", [u, v]))
                gradientCells.append(CoreCell("dW", [u, v]))
            }
        }
        var steps: [CoreStep] = []
        for (k, loss) in history.losses.enumerated() {
            var s = CoreStep()
            let text = StepText.fill(learnStep, [("k", "\(k + 1)"), ("loss", StepText.n(loss)), ("rate", StepText.n(rate)),
                                                 ("kernel", matrix(history.kernels[k], columns: kw))])
            s.writes = cells + gradientCells
            s.runningValues = history.kernels[k] + history.gradients[k]
            s.result = loss
            s.arithmetic = text
            s.description = text
            steps.append(s)
        }
        let last = history.kernels.last ?? kernel.data
        let result = CoreTensor("result", "output", [kh, kw], last)
        let tensors = [CoreTensor("input", "input", input.shape, input.data), CoreTensor("target", "input", target.shape, target.data),
                       CoreTensor("kernel", "parameter", [kh, kw], last),
                       CoreTensor("dW", "gradient", [kh, kw], history.gradients.last ?? [Float](repeating: 0, count: kh * kw))]
        let outputs = [result, CoreTensor("loss", "output", [], [history.losses.last ?? 0]),
                       CoreTensor("losses", "output", [history.losses.count], history.losses)]
        return CoreRun(result: result, tensors: tensors, steps: steps,
                       formulas: [StepText.fill(learnFormula, [("n", "\(target.count)")])], outputs: outputs)
    }

    /// `[[1, 0, −1], [0.98, 0.01, −1]]`: a small matrix in one line, as the lessons write one.
    public static func matrix(_ values: [Float], columns: Int) -> String {
        var rows: [String] = []
        var start = 0
        while start < values.count {
            var row: [String] = []
            for i in start..<min(start + columns, values.count) { row.append(StepText.n(values[i])) }
            rows.append("[" + StepText.joined(row, ", ") + "]")
            start += columns
        }
        return "[" + StepText.joined(rows, ", ") + "]"
    }
}
