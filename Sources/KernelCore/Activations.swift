/// exp, tanh and erf in Float: the elementary functions the activation formulas take.
///
/// The formulas (`CoreActivation.value`, `derivative`, GELU's in `GeluCore`) are written once,
/// generic over these, so the page and the training kernels evaluate the same expressions and
/// differ only here: `CoreMath` (written out, WebAssembly has no libm: the page, and the
/// traces' values when no kernel output is passed in) and Tensor's `HostMath` (the C library's,
/// through Foundation: the training kernels).
public protocol ElementaryFunctions {
    static func exp(_ x: Float) -> Float
    static func tanh(_ x: Float) -> Float
    static func erf(_ x: Float) -> Float
}

extension CoreMath: ElementaryFunctions {}

/// The activations lessons use, their derivatives and the words of their arithmetic lines.
public enum CoreActivation: CaseIterable {
    case identity, sigmoid, tanh, relu, leakyRelu, prelu, elu

    /// The name lessons write (`leaky-relu`).
    public var opName: String {
        switch self {
        case .identity: return "identity"
        case .sigmoid: return "sigmoid"
        case .tanh: return "tanh"
        case .relu: return "relu"
        case .leakyRelu: return "leaky-relu"
        case .prelu: return "prelu"
        case .elu: return "elu"
        }
    }

    /// α when a lesson gives none.
    public var defaultAlpha: Float {
        switch self {
        case .leakyRelu: return 0.01
        case .prelu: return 0.25
        case .elu: return 1
        case .identity, .sigmoid, .tanh, .relu: return 0
        }
    }

    /// The activation named `name` (`relu`, `leaky_relu`, `Leaky-ReLU` ...).
    public static func named(_ name: String) -> CoreActivation? {
        let normal = normalized(name)
        return allCases.first { $0.opName == normal }
    }

    /// Whether `name` is GELU, which the host has and the core does not.
    public static func isGELU(_ name: String) -> Bool { normalized(name) == "gelu" }

    /// Lowercase, `_` as `-`.
    static func normalized(_ name: String) -> String {
        var normal = ""
        for b in name.utf8 {
            let c = b == UInt8(ascii: "_") ? UInt8(ascii: "-") : (b >= 65 && b <= 90 ? b + 32 : b)
            normal.unicodeScalars.append(Unicode.Scalar(c))
        }
        return normal
    }

    /// The message for an unknown activation under `key`.
    public static func unknownMessage(key: String, name: String) -> String {
        "\(key): unknown activation \"\(name)\"; expected one of \(StepText.joined(allCases.map { $0.opName }, ", "))"
    }

    /// f(x), with `F`'s exp and tanh: `CoreMath` here and in the page, `HostMath` in Tensor's
    /// training kernels (`Activation.value`).
    @inlinable
    public func value<F: ElementaryFunctions>(_ x: Float, alpha a: Float, _: F.Type) -> Float {
        switch self {
        case .identity: return x
        case .sigmoid: return 1 / (1 + F.exp(-x))
        case .tanh: return F.tanh(x)
        case .relu: return x > 0 ? x : 0
        case .leakyRelu, .prelu: return x > 0 ? x : a * x
        case .elu: return x > 0 ? x : a * (F.exp(x) - 1)
        }
    }

    /// f′(x), with `F`'s exp and tanh. At x = 0 the right-hand value for ReLU's family, as
    /// PyTorch: relu′(0) = 0, leakyRelu′(0) = α, elu′(0) = α.
    @inlinable
    public func derivative<F: ElementaryFunctions>(_ x: Float, alpha a: Float, _: F.Type) -> Float {
        switch self {
        case .identity: return 1
        case .sigmoid:
            let s = 1 / (1 + F.exp(-x))
            return s * (1 - s)
        case .tanh:
            let t = F.tanh(x)
            return 1 - t * t
        case .relu: return x > 0 ? 1 : 0
        case .leakyRelu, .prelu: return x > 0 ? 1 : a
        case .elu: return x > 0 ? 1 : a * F.exp(x)
        }
    }

    /// f(x) with the portable `CoreMath`.
    public func value(_ x: Float, alpha a: Float) -> Float { value(x, alpha: a, CoreMath.self) }

    /// f′(x) with the portable `CoreMath`.
    public func derivative(_ x: Float, alpha a: Float) -> Float { derivative(x, alpha: a, CoreMath.self) }

    /// `relu(−2) = max(0, −2) = 0`; `s` is f(x) as computed (by the host's kernel or `value`).
    public func valueText(_ x: Float, _ y: Float, alpha: Float, positiveUnchanged: String) -> String {
        let (xs, ys, al) = (StepText.n(x), StepText.n(y), StepText.n(alpha))
        switch self {
        case .identity: return "\(xs) = \(ys)"
        case .relu: return "relu(\(xs)) = max(0, \(xs)) = \(ys)"
        case .sigmoid: return "σ(\(xs)) = 1 / (1 + e^\(StepText.factor(-x))) = \(ys)"
        case .tanh: return "tanh(\(xs)) = \(ys)"
        case .leakyRelu, .prelu:
            return x > 0 ? "\(opName)(\(xs)) = \(ys) \(positiveUnchanged)" : "\(opName)(\(xs)) = \(al) × \(StepText.factor(x)) = \(ys)"
        case .elu:
            return x > 0 ? "elu(\(xs)) = \(ys) \(positiveUnchanged)" : "elu(\(xs)) = \(al) × (e^\(StepText.factor(x)) − 1) = \(ys)"
        }
    }

    /// `relu′(2) = 1 (x > 0)`; `fx` is f(x) (used by σ′ and tanh′), `d` the derivative as computed.
    public func derivativeText(_ x: Float, _ d: Float, fx: Float, derivativeAt: String) -> String {
        let (xs, ds) = (StepText.n(x), StepText.n(d))
        switch self {
        case .identity: return StepText.fill(derivativeAt, [("x", xs), ("d", ds)])
        case .relu: return "relu′(\(xs)) = \(ds) (\(x > 0 ? "x > 0" : "x ≤ 0"))"
        case .sigmoid: return "σ′(\(xs)) = σ(x)(1 − σ(x)) = \(StepText.n(fx)) × \(StepText.n(1 - fx)) = \(ds)"
        case .tanh: return "tanh′(\(xs)) = 1 − tanh²(x) = 1 − \(StepText.factor(fx))² = \(ds)"
        case .leakyRelu, .prelu:
            return x > 0 ? "\(opName)′(\(xs)) = \(ds) (x > 0)" : "\(opName)′(\(xs)) = α = \(ds) (x ≤ 0)"
        case .elu: return x > 0 ? "elu′(\(xs)) = \(ds) (x > 0)" : "elu′(\(xs)) = α e^\(StepText.factor(x)) = \(ds)"
        }
    }
}
