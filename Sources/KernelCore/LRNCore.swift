/// `op: lrn`: AlexNet's local response normalisation, b = a / (k + α Σ a²)^β, the sum over the
/// `size` neighbouring channels at the same position (channels c − size/2 … c + (size−1)/2, as
/// the training kernel `LocalResponseNorm` takes them). One step per element.
public enum LRNCore {
    public struct Options {
        public var size: Int, alpha: Float, beta: Float, k: Float
        public init(size: Int, alpha: Float, beta: Float, k: Float) {
            self.size = size
            self.alpha = alpha
            self.beta = beta
            self.k = k
        }
    }

    /// The kernel's b for input [N, C, H, W] (given as CxHxW or NxCxHxW), row-major:
    /// s = k + α Σ a² in Float, then a · s^(−β) with s^(−β) = e^(−β ln s) in Double.
    public static func forward(_ x: CoreArray, _ o: Options) -> [Float] {
        let d = Geometry.nchw(x.shape)
        let (planes, c, hw) = (d[0], d[1], d[2] * d[3])
        var y = x.data
        for p in 0..<planes {
            for ch in 0..<c {
                let lo = max(0, ch - o.size / 2), hi = min(c - 1, ch + (o.size - 1) / 2)
                for pos in 0..<hw {
                    var sq: Float = 0
                    for j in lo...hi {
                        let v = x.data[(p * c + j) * hw + pos]
                        sq += v * v
                    }
                    let s = o.k + o.alpha * sq
                    let i = (p * c + ch) * hw + pos
                    y[i] *= Float(CoreMath.exp(-Double(o.beta) * CoreMath.log(Double(s))))
                }
            }
        }
        return y
    }

    /// The steps; `values`: the host kernel's b (nil computes it with `forward`).
    public static func run(input x: CoreArray, _ o: Options, values: [Float]? = nil) -> CoreRun {
        let d = Geometry.nchw(x.shape)
        let (n, c, h, w) = (d[0], d[1], d[2], d[3])
        let y = values ?? forward(x, o)
        var steps: [CoreStep] = []
        for b in 0..<n {
            for ch in 0..<c {
                for r in 0..<h {
                    for q in 0..<w {
                        let lo = max(0, ch - o.size / 2), hi = min(c - 1, ch + (o.size - 1) / 2)
                        var s = CoreStep()
                        var squares: Float = 0
                        for j in lo...hi {
                            let v = x.data[((b * c + j) * h + r) * w + q]
                            s.reads.append(CoreCell("input", CoreIndex.author(x.rank, b, j, r, q)))
                            s.readValues.append(v)
                        }
                        for v in s.readValues { squares += v * v }
                        let i = ((b * c + ch) * h + r) * w + q
                        let cell = CoreIndex.author(x.rank, b, ch, r, q)
                        s.emphasis = [CoreCell("input", cell)]
                        s.writes = [CoreCell("output", cell)]
                        s.sum = squares
                        s.result = y[i]
                        let terms = StepText.joined(s.readValues.map { "\(StepText.factor($0))²" }, " + ")
                        s.arithmetic = "\(StepText.n(x.data[i])) / (\(StepText.n(o.k)) + \(StepText.n(o.alpha))·(\(terms)))^\(StepText.n(o.beta)) = \(StepText.n(y[i]))"
                        s.description = "output\(StepText.index(cell)) = " + s.arithmetic
                        steps.append(s)
                    }
                }
            }
        }
        return CoreRun(result: CoreTensor("result", "output", x.shape, y),
                       tensors: [CoreTensor("input", "input", x.shape, x.data), CoreTensor("output", "output", x.shape, y)],
                       steps: steps,
                       formulas: ["b = a / (k + α Σ a²)^β, n = \(o.size), k = \(StepText.n(o.k)), α = \(StepText.n(o.alpha)), β = \(StepText.n(o.beta))"])
    }
}
