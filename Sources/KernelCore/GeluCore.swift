/// `op: gelu`: the Gaussian error linear unit, gelu(x) = x·Φ(x) with Φ(x) = (1 + erf(x/√2))/2,
/// and its derivative Φ(x) + x·φ(x); one step per element, with Φ(x) (and φ(x)) written out.
/// Not a `CoreActivation` (conv2d and linear do not take it); residual-add does.
public enum GeluCore {
    /// Φ(x), the standard normal distribution function (GELU's gate), from `CoreMath.erf`, in
    /// Float as the training kernel (`Activation.normalCDF`) computes it: 0 once erf rounds to −1.
    public static func normalCDF(_ x: Float) -> Float { 0.5 * (1 + Float(CoreMath.erf(Double(x * 0.70710678)))) }

    /// φ(x) = e^(−x²/2) / √(2π), the gate's slope.
    public static func normalPDF(_ x: Float) -> Float { 0.39894228 * CoreMath.exp(-0.5 * x * x) }

    public static func value(_ x: Float) -> Float { x * normalCDF(x) }

    public static func derivative(_ x: Float) -> Float { normalCDF(x) + x * normalPDF(x) }

    /// `gelu(1) = 1 × Φ(1) = 1 × 0.8413 = 0.8413`; `y` as computed (by the host's kernel or `value`).
    public static func valueText(_ x: Float, _ y: Float) -> String {
        let xs = StepText.n(x)
        return "gelu(\(xs)) = \(xs) × Φ(\(xs)) = \(xs) × \(StepText.n(normalCDF(x))) = \(StepText.n(y))"
    }

    /// `gelu′(x) = Φ(x) + x·φ(x) = …`; `d` as computed.
    public static func derivativeText(_ x: Float, _ d: Float) -> String {
        "gelu′(\(StepText.n(x))) = Φ(x) + x·φ(x) = \(StepText.n(normalCDF(x))) + \(StepText.factor(x)) × "
            + "\(StepText.n(normalPDF(x))) = \(StepText.n(d))"
    }

    /// One step per element. `values`: the host kernel's outputs; nil computes them here.
    public static func run(input: CoreArray, derivative: Bool, values: [Float]? = nil) -> CoreRun {
        let shape = input.rank == 0 ? [1] : input.shape
        var out: [Float] = []
        var steps: [CoreStep] = []
        for i in 0..<input.count {
            let x = input.data[i]
            let y = values?[i] ?? (derivative ? self.derivative(x) : value(x))
            let index = CoreIndex.unflatten(i, shape)
            var s = CoreStep()
            s.reads = [CoreCell("input", index)]
            s.readValues = [x]
            s.writes = [CoreCell("output", index)]
            s.activation = "gelu"
            s.result = y
            s.arithmetic = derivative ? derivativeText(x, y) : valueText(x, y)
            s.description = "output\(StepText.index(index)): \(s.arithmetic)"
            steps.append(s)
            out.append(y)
        }
        return CoreRun(result: CoreTensor("result", "output", input.shape, out),
                       tensors: [CoreTensor("input", "input", shape, input.data), CoreTensor("output", "output", shape, out)],
                       steps: steps, formulas: [])
    }
}
