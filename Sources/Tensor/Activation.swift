import Foundation

/// The elementwise activation functions of the lessons, each with its derivative.
///
/// `alpha` is the slope (leaky ReLU, PReLU) or the saturation level (ELU) for negative
/// inputs; the other functions ignore it. At x = 0 the derivatives take the right-hand
/// value for ELU's neighbours as PyTorch does: relu′(0) = 0, leakyRelu′(0) = α, elu′(0) = α.
/// GELU is PyTorch's exact form, x·Φ(x) with Φ the standard normal distribution function.
public enum Activation: String, CaseIterable, Sendable, Codable {
    case identity, sigmoid, tanh, relu, leakyRelu, prelu, elu, gelu

    /// The α used when none is given: 0.01 (leaky ReLU), 0.25 (PReLU's initial value), 1 (ELU).
    public var defaultAlpha: Float {
        switch self {
        case .leakyRelu: 0.01
        case .prelu: 0.25
        case .elu: 1
        default: 0
        }
    }

    /// f(x).
    @inlinable
    public func value(_ x: Float, alpha: Float? = nil) -> Float {
        let a = alpha ?? defaultAlpha
        switch self {
        case .identity: return x
        case .sigmoid: return 1 / (1 + Foundation.exp(-x))
        case .tanh: return Foundation.tanh(x)
        case .relu: return x > 0 ? x : 0
        case .leakyRelu, .prelu: return x > 0 ? x : a * x
        case .elu: return x > 0 ? x : a * (Foundation.exp(x) - 1)
        case .gelu: return x * Self.normalCDF(x)
        }
    }

    /// f′(x), the derivative with respect to the input.
    @inlinable
    public func derivative(_ x: Float, alpha: Float? = nil) -> Float {
        let a = alpha ?? defaultAlpha
        switch self {
        case .identity: return 1
        case .sigmoid:
            let s = 1 / (1 + Foundation.exp(-x))
            return s * (1 - s)
        case .tanh:
            let t = Foundation.tanh(x)
            return 1 - t * t
        case .relu: return x > 0 ? 1 : 0
        case .leakyRelu, .prelu: return x > 0 ? 1 : a
        case .elu: return x > 0 ? 1 : a * Foundation.exp(x)
        case .gelu: return Self.normalCDF(x) + x * Self.normalPDF(x)
        }
    }

    /// Φ(x) = (1 + erf(x / √2)) / 2, the standard normal distribution function (GELU's gate).
    @inlinable
    public static func normalCDF(_ x: Float) -> Float { 0.5 * (1 + Foundation.erf(x * 0.70710678)) }

    /// φ(x) = e^(−x²/2) / √(2π), the standard normal density (the gate's slope).
    @inlinable
    public static func normalPDF(_ x: Float) -> Float { 0.39894228 * Foundation.exp(-0.5 * x * x) }

    /// f applied to every element; the shape is unchanged.
    public func forward(_ t: Tensor, alpha: Float? = nil) -> Tensor {
        let a = alpha ?? defaultAlpha, f = self
        let y = Elementwise.map(t.data) { x, y, range in
            switch f {
            case .identity: for i in range { y[i] = x[i] }
            case .relu: for i in range { let v = x[i]; y[i] = v > 0 ? v : 0 }
            default: for i in range { y[i] = f.value(x[i], alpha: a) }
            }
        }
        return Tensor(checked: t.shape, y)
    }

    /// dL/dx = dL/dy · f′(x), elementwise.
    /// - Throws: `TensorError` (op `<name>.backward`) when `x` and `dy` differ in shape.
    public func backward(x: Tensor, dy: Tensor, alpha: Float? = nil) throws -> Tensor {
        guard x.shape == dy.shape else {
            throw TensorError(op: "\(rawValue).backward", "x \(Tensor.describe(x.shape)) and dy \(Tensor.describe(dy.shape)) differ")
        }
        let a = alpha ?? defaultAlpha, f = self
        let dx = Elementwise.map(x.data, dy.data) { x, dy, dx, range in
            switch f {
            case .identity: for i in range { dx[i] = dy[i] }
            // Both loads before the select: a load inside the condition's arm is one LLVM may
            // not move up, so the loop became a branch per element (half of them mispredicted).
            case .relu: for i in range { let (v, d) = (x[i], dy[i]); dx[i] = v > 0 ? d : 0 }
            default: for i in range { dx[i] = dy[i] * f.derivative(x[i], alpha: a) }
            }
        }
        return Tensor(checked: dy.shape, dx)
    }

    /// PReLU's gradient with respect to its shared α: dL/dα = Σ_{x < 0} dL/dy · x.
    /// - Throws: `TensorError` (op `prelu.backward`) when `x` and `dy` differ in shape.
    public static func preluAlphaGradient(x: Tensor, dy: Tensor) throws -> Float {
        guard x.shape == dy.shape else {
            throw TensorError(op: "prelu.backward", "x \(Tensor.describe(x.shape)) and dy \(Tensor.describe(dy.shape)) differ")
        }
        var g: Float = 0
        for i in x.data.indices where x.data[i] <= 0 { g += dy.data[i] * x.data[i] }
        return g
    }
}
