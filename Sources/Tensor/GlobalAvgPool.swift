import Foundation

/// Global average pooling: each channel's whole feature map becomes its mean (Lin et al.'s
/// "Network in Network"; GoogLeNet and ResNet end with it instead of large dense layers).
public enum GlobalAvgPool {
    /// Shape contract: x: [N, C, H, W] → [N, C, 1, 1] (as `nn.AdaptiveAvgPool2d(1)`).
    /// - Throws: `TensorError` (op `global-avgpool`) for a wrong rank or an empty plane.
    public static func forward(_ x: Tensor) throws -> Tensor {
        let (n, c, plane) = try check(x.shape, op: "global-avgpool")
        var y = [Float](repeating: 0, count: n * c)
        x.data.withUnsafeBufferPointer { xs in
            for k in 0..<(n * c) {
                var s: Float = 0
                for p in 0..<plane { s += xs[k * plane + p] }
                y[k] = s / Float(plane)
            }
        }
        return Tensor(checked: [n, c, 1, 1], y)
    }

    /// Every input cell of a plane receives dy / (H·W).
    /// - Throws: `TensorError` (op `global-avgpool.backward`) when dy is not [N, C, 1, 1].
    public static func backward(dy: Tensor, inputShape: [Int]) throws -> Tensor {
        let (n, c, plane) = try check(inputShape, op: "global-avgpool.backward")
        guard dy.count == n * c, dy.shape == [n, c, 1, 1] || dy.shape == [n, c] else {
            throw TensorError(op: "global-avgpool.backward", "dy \(Tensor.describe(dy.shape)) for input \(Tensor.describe(inputShape)); expected \(n)x\(c)x1x1")
        }
        var dx = [Float](repeating: 0, count: n * c * plane)
        for k in 0..<(n * c) {
            let g = dy.data[k] / Float(plane)
            for p in 0..<plane { dx[k * plane + p] = g }
        }
        return Tensor(checked: inputShape, dx)
    }

    /// The oracle: the mean of each plane, summed in Double with explicit h, w loops.
    public static func naiveForward(_ x: Tensor) throws -> Tensor {
        let (n, c, _) = try check(x.shape, op: "global-avgpool")
        var y = Tensor(shape: [n, c, 1, 1])
        for i in 0..<n {
            for ch in 0..<c {
                var s = 0.0
                for h in 0..<x.shape[2] { for w in 0..<x.shape[3] { s += Double(x[i, ch, h, w]) } }
                y[i, ch, 0, 0] = Float(s / Double(x.shape[2] * x.shape[3]))
            }
        }
        return y
    }

    private static func check(_ shape: [Int], op: String) throws -> (n: Int, c: Int, plane: Int) {
        guard shape.count == 4 else {
            throw TensorError(op: op, "input must be [N, C, H, W], got \(Tensor.describe(shape))")
        }
        guard shape[2] > 0, shape[3] > 0 else {
            throw TensorError(op: op, "input \(Tensor.describe(shape)) has an empty feature map")
        }
        return (shape[0], shape[1], shape[2] * shape[3])
    }
}
