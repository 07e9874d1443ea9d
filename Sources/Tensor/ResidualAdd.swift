import Foundation

/// The skip connection of a residual block (He et al., 2016): y = F(x) + x, cell by cell.
///
/// Its backward is the reason skips help: dy reaches x unchanged through the identity path,
/// whatever F's layers do to the gradient on the other path.
public enum ResidualAdd {
    /// Shape contract: residual: S, shortcut: S → S (the same shape; a block whose F changes
    /// the shape needs a 1×1 projection on the shortcut first).
    /// - Throws: `TensorError` (op `residual-add`) when the shapes differ.
    public static func forward(_ residual: Tensor, _ shortcut: Tensor) throws -> Tensor {
        guard residual.shape == shortcut.shape else {
            throw TensorError(op: "residual-add", "F(x) \(Tensor.describe(residual.shape)) and x \(Tensor.describe(shortcut.shape)) must have the same shape; project x with a 1x1 convolution first")
        }
        var y = residual
        y.data.withUnsafeMutableBufferPointer { o in
            shortcut.data.withUnsafeBufferPointer { s in
                for i in 0..<o.count { o[i] += s[i] }
            }
        }
        return y
    }

    /// ∂y/∂F(x) = ∂y/∂x = 1: both inputs receive dy itself.
    public static func backward(dy: Tensor) -> (dResidual: Tensor, dShortcut: Tensor) { (dy, dy) }

    /// The oracle: one multi-index at a time, as the lesson writes it.
    public static func naiveForward(_ residual: Tensor, _ shortcut: Tensor) throws -> Tensor {
        guard residual.shape == shortcut.shape else { return try forward(residual, shortcut) }
        var y = Tensor(shape: residual.shape)
        for i in 0..<y.count { y.data[i] = residual.data[i] + shortcut.data[i] }
        return y
    }
}
