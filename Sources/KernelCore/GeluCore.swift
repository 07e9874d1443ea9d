/// `op: gelu`: the Gaussian error linear unit, gelu(x) = x·Φ(x) with Φ(x) = (1 + erf(x/√2))/2,
/// and its derivative Φ(x) + x·φ(x); one step per element, with Φ(x) (and φ(x)) written out.
/// Not a `CoreActivation` (conv2d and linear do not take it); residual-add does.
public enum GeluCore {
    /// Φ(x) = (1 + erf(x/√2))/2, the standard normal distribution function (GELU's gate), in
    /// Float with `F`'s erf (`CoreMath.erf` rounds its Double result once): 0 once erf rounds to −1.
    @inlinable
    public static func normalCDF<F: ElementaryFunctions>(_ x: Float, _: F.Type) -> Float { 0.5 * (1 + F.erf(x * 0.70710678)) }

    /// φ(x) = e^(−x²/2) / √(2π), the gate's slope.
    @inlinable
    public static func normalPDF<F: ElementaryFunctions>(_ x: Float, _: F.Type) -> Float { 0.39894228 * F.exp(-0.5 * x * x) }

    /// gelu(x) = x·Φ(x), with `F`'s functions (`CoreMath` here, `HostMath` in Tensor's `Activation`).
    @inlinable
    public static func value<F: ElementaryFunctions>(_ x: Float, _: F.Type) -> Float { x * normalCDF(x, F.self) }

    /// gelu′(x) = Φ(x) + x·φ(x).
    @inlinable
    public static func derivative<F: ElementaryFunctions>(_ x: Float, _: F.Type) -> Float {
        normalCDF(x, F.self) + x * normalPDF(x, F.self)
    }

    /// Φ(x) with the portable `CoreMath`.
    public static func normalCDF(_ x: Float) -> Float { normalCDF(x, CoreMath.self) }

    /// φ(x) with the portable `CoreMath`.
    public static func normalPDF(_ x: Float) -> Float { normalPDF(x, CoreMath.self) }

    public static func value(_ x: Float) -> Float { value(x, CoreMath.self) }

    public static func derivative(_ x: Float) -> Float { derivative(x, CoreMath.self) }

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
