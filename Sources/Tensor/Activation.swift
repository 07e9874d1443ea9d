import Foundation
import KernelCore

/// The C library's exp, tanh and erf in Float (glibc's `expf`, `tanhf`, `erff`, through
/// Foundation): the elementary functions of the training kernels' activations. KernelCore writes
/// the formulas once, generic over `ElementaryFunctions`; the page runs them with `CoreMath`.
public enum HostMath: ElementaryFunctions {
    @inlinable public static func exp(_ x: Float) -> Float { Foundation.exp(x) }
    @inlinable public static func tanh(_ x: Float) -> Float { Foundation.tanh(x) }
    @inlinable public static func erf(_ x: Float) -> Float { Foundation.erf(x) }
}

/// The elementwise activation functions of the lessons, each with its derivative.
///
/// `alpha` is the slope (leaky ReLU, PReLU) or the saturation level (ELU) for negative
/// inputs; the other functions ignore it. At x = 0 the derivatives take the right-hand
/// value for ELU's neighbours as PyTorch does: relu′(0) = 0, leakyRelu′(0) = α, elu′(0) = α.
/// GELU is PyTorch's exact form, x·Φ(x) with Φ the standard normal distribution function.
///
/// The formulas are KernelCore's (`CoreActivation`, `GeluCore`), evaluated with `HostMath`.
public enum Activation: String, CaseIterable, Sendable, Codable {
    case identity, sigmoid, tanh, relu, leakyRelu, prelu, elu, gelu

    /// The same activation in the kernel core, or nil for GELU. The core's `CoreActivation` has
    /// no GELU because the core's conv2d and linear do not take it as their activation (its own
    /// op and residual-add compute it with `GeluCore`); here it is one more layer kind.
    @inlinable
    public var core: CoreActivation? {
        switch self {
        case .identity: .identity
        case .sigmoid: .sigmoid
        case .tanh: .tanh
        case .relu: .relu
        case .leakyRelu: .leakyRelu
        case .prelu: .prelu
        case .elu: .elu
        case .gelu: nil
        }
    }

    /// The α used when none is given: 0.01 (leaky ReLU), 0.25 (PReLU's initial value), 1 (ELU).
    public var defaultAlpha: Float { core?.defaultAlpha ?? 0 }

    /// f(x).
    @inlinable
    public func value(_ x: Float, alpha: Float? = nil) -> Float {
        guard let core else { return GeluCore.value(x, HostMath.self) }
        return core.value(x, alpha: alpha ?? core.defaultAlpha, HostMath.self)
    }

    /// f′(x), the derivative with respect to the input.
    @inlinable
    public func derivative(_ x: Float, alpha: Float? = nil) -> Float {
        guard let core else { return GeluCore.derivative(x, HostMath.self) }
        return core.derivative(x, alpha: alpha ?? core.defaultAlpha, HostMath.self)
    }

    /// f applied to every element; the shape is unchanged.
    public func forward(_ t: Tensor, alpha: Float? = nil) -> Tensor {
        let a = alpha ?? defaultAlpha, f = self
        let y = Elementwise.map(t.data) { x, y, range in
            switch f {
            case .identity: for i in range { y[i] = x[i] }
            case .relu: for i in range { let v = x[i]; y[i] = v > 0 ? v : 0 }
            case .sigmoid, .tanh, .leakyRelu, .prelu, .elu, .gelu: for i in range { y[i] = f.value(x[i], alpha: a) }
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
            case .sigmoid, .tanh, .leakyRelu, .prelu, .elu, .gelu: for i in range { dx[i] = dy[i] * f.derivative(x[i], alpha: a) }
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
