import Foundation

/// Channel concatenation, the join of an inception block's parallel branches (Szegedy et al., 2015).
public enum Concat {
    /// Shape contract: parts [N, C_i, H, W] (or [N, C_i]) → [N, Σ C_i, H, W]; all parts must agree
    /// on every axis but the channels.
    /// - Throws: `TensorError` (op `concat`) for no parts, a wrong rank or a mismatched axis.
    public static func forward(_ parts: [Tensor]) throws -> Tensor {
        let (n, plane, channels) = try check(parts.map(\.shape))
        let total = channels.reduce(0, +)
        var shape = parts[0].shape
        shape[1] = total
        var out = [Float](repeating: 0, count: n * total * plane)
        var offset = 0
        for (part, c) in zip(parts, channels) {
            for i in 0..<n {
                let src = i * c * plane, dst = (i * total + offset) * plane
                out.withUnsafeMutableBufferPointer { o in
                    part.data.withUnsafeBufferPointer { p in
                        for k in 0..<(c * plane) { o[dst + k] = p[src + k] }
                    }
                }
            }
            offset += c
        }
        return Tensor(checked: shape, out)
    }

    /// Splits dy back into the parts' shapes: each branch gets its own channels' gradient.
    /// - Throws: `TensorError` (op `concat.backward`) when dy's channels are not Σ C_i.
    public static func backward(dy: Tensor, partShapes: [[Int]]) throws -> [Tensor] {
        let (n, plane, channels) = try check(partShapes)
        let total = channels.reduce(0, +)
        var expected = partShapes[0]
        expected[1] = total
        guard dy.shape == expected else {
            throw TensorError(op: "concat.backward", "dy \(Tensor.describe(dy.shape)) does not match the joined shape \(Tensor.describe(expected))")
        }
        var offset = 0
        return zip(partShapes, channels).map { shape, c in
            var part = [Float](repeating: 0, count: n * c * plane)
            for i in 0..<n {
                for k in 0..<(c * plane) { part[i * c * plane + k] = dy.data[(i * total + offset) * plane + k] }
            }
            offset += c
            return Tensor(checked: shape, part)
        }
    }

    /// The oracle: y[n, offset_i + c, h, w] = part_i[n, c, h, w], one cell at a time.
    public static func naiveForward(_ parts: [Tensor]) throws -> Tensor {
        _ = try check(parts.map(\.shape))
        var shape = parts[0].shape
        shape[1] = parts.map { $0.shape[1] }.reduce(0, +)
        var y = Tensor(shape: shape)
        let rest = shape.count == 4 ? (shape[2], shape[3]) : (1, 1)
        var offset = 0
        for part in parts {
            for n in 0..<shape[0] {
                for c in 0..<part.shape[1] {
                    for h in 0..<rest.0 {
                        for w in 0..<rest.1 {
                            let src = ((n * part.shape[1] + c) * rest.0 + h) * rest.1 + w
                            let dst = ((n * shape[1] + offset + c) * rest.0 + h) * rest.1 + w
                            y.data[dst] = part.data[src]
                        }
                    }
                }
            }
            offset += part.shape[1]
        }
        return y
    }

    private static func check(_ shapes: [[Int]]) throws -> (n: Int, plane: Int, channels: [Int]) {
        guard let first = shapes.first else { throw TensorError(op: "concat", "needs at least one part") }
        guard first.count == 4 || first.count == 2 else {
            throw TensorError(op: "concat", "parts must be [N, C, H, W] or [N, C], got \(Tensor.describe(first))")
        }
        for (i, s) in shapes.enumerated() {
            var a = s, b = first
            if a.count == b.count { a[1] = 0; b[1] = 0 }
            guard a == b else {
                throw TensorError(op: "concat", "part \(i + 1) is \(Tensor.describe(s)) but part 1 is \(Tensor.describe(first)): all axes but the channels must match")
            }
        }
        return (first[0], first.count == 4 ? first[2] * first[3] : 1, shapes.map { $0[1] })
    }
}
