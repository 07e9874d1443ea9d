/// The fully connected (affine) layer: y = x · wᵀ + b, as one GEMM.
public enum Linear {
    /// Shape contract: x: [N, In], w: [Out, In], b: [Out] → [N, Out].
    /// - Throws: `TensorError` (op `linear`) for wrong ranks or mismatched sizes.
    public static func forward(x: Tensor, w: Tensor, b: Tensor) throws -> Tensor {
        let (n, inputs, outputs) = try check(op: "linear", x: x, w: w)
        guard b.shape == [outputs] else {
            throw TensorError(op: "linear", "bias \(Tensor.describe(b.shape)) must have one value per output (\(outputs))")
        }
        var y = [Float](repeating: 0, count: n * outputs)
        for r in 0..<n {
            for c in 0..<outputs { y[r * outputs + c] = b.data[c] }
        }
        x.data.withUnsafeBufferPointer { xp in
            w.data.withUnsafeBufferPointer { wp in
                y.withUnsafeMutableBufferPointer { yp in
                    BLAS.sgemm(transB: true, m: n, n: outputs, k: inputs,
                               a: xp.baseAddress!, lda: inputs, b: wp.baseAddress!, ldb: inputs,
                               beta: 1, c: yp.baseAddress!, ldc: outputs)
                }
            }
        }
        return Tensor(checked: [n, outputs], y)
    }

    /// dx = dy · w, dw = dyᵀ · x, db = Σ_n dy.
    /// Shape contract: x: [N, In], w: [Out, In], dy: [N, Out].
    /// - Throws: `TensorError` (op `linear.backward`) for wrong ranks or mismatched sizes.
    public static func backward(x: Tensor, w: Tensor, dy: Tensor) throws -> (dx: Tensor, dw: Tensor, db: Tensor) {
        let (n, inputs, outputs) = try check(op: "linear.backward", x: x, w: w)
        guard dy.shape == [n, outputs] else {
            throw TensorError(op: "linear.backward", "dy \(Tensor.describe(dy.shape)) must be \(Tensor.describe([n, outputs]))")
        }
        var dx = [Float](repeating: 0, count: n * inputs)
        var dw = [Float](repeating: 0, count: outputs * inputs)
        var db = [Float](repeating: 0, count: outputs)
        x.data.withUnsafeBufferPointer { xp in
            w.data.withUnsafeBufferPointer { wp in
                dy.data.withUnsafeBufferPointer { dyp in
                    dx.withUnsafeMutableBufferPointer { dxp in
                        BLAS.sgemm(m: n, n: inputs, k: outputs, a: dyp.baseAddress!, lda: outputs,
                                   b: wp.baseAddress!, ldb: inputs, c: dxp.baseAddress!, ldc: inputs)
                    }
                    dw.withUnsafeMutableBufferPointer { dwp in
                        BLAS.sgemm(transA: true, m: outputs, n: inputs, k: n, a: dyp.baseAddress!, lda: outputs,
                                   b: xp.baseAddress!, ldb: inputs, c: dwp.baseAddress!, ldc: inputs)
                    }
                    for r in 0..<n {
                        for c in 0..<outputs { db[c] += dyp[r * outputs + c] }
                    }
                }
            }
        }
        return (Tensor(checked: [n, inputs], dx), Tensor(checked: [outputs, inputs], dw), Tensor(checked: [outputs], db))
    }

    /// The oracle: y[n, o] = b[o] + Σ_i x[n, i] · w[o, i], as loops.
    /// - Throws: the same `TensorError`s as `forward`.
    public static func naiveForward(x: Tensor, w: Tensor, b: Tensor) throws -> Tensor {
        let (n, inputs, outputs) = try check(op: "linear", x: x, w: w)
        guard b.shape == [outputs] else {
            throw TensorError(op: "linear", "bias \(Tensor.describe(b.shape)) must have one value per output (\(outputs))")
        }
        var y = Tensor(shape: [n, outputs])
        for r in 0..<n {
            for o in 0..<outputs {
                var acc = b[o]
                for i in 0..<inputs { acc += x[r, i] * w[o, i] }
                y[r, o] = acc
            }
        }
        return y
    }

    /// The oracle for `backward`, as loops.
    /// - Throws: the same `TensorError`s as `backward`.
    public static func naiveBackward(x: Tensor, w: Tensor, dy: Tensor) throws -> (dx: Tensor, dw: Tensor, db: Tensor) {
        let (n, inputs, outputs) = try check(op: "linear.backward", x: x, w: w)
        guard dy.shape == [n, outputs] else {
            throw TensorError(op: "linear.backward", "dy \(Tensor.describe(dy.shape)) must be \(Tensor.describe([n, outputs]))")
        }
        var dx = Tensor(shape: [n, inputs]), dw = Tensor(shape: [outputs, inputs]), db = Tensor(shape: [outputs])
        for r in 0..<n {
            for o in 0..<outputs {
                let d = dy[r, o]
                db[o] += d
                for i in 0..<inputs {
                    dx[r, i] += d * w[o, i]
                    dw[o, i] += d * x[r, i]
                }
            }
        }
        return (dx, dw, db)
    }

    private static func check(op: String, x: Tensor, w: Tensor) throws -> (n: Int, inputs: Int, outputs: Int) {
        guard x.rank == 2 else {
            throw TensorError(op: op, "input must be rank 2 [N, In], got \(Tensor.describe(x.shape)); flatten it first")
        }
        guard w.rank == 2 else {
            throw TensorError(op: op, "weights must be rank 2 [Out, In], got \(Tensor.describe(w.shape))")
        }
        guard x.shape[1] == w.shape[1] else {
            throw TensorError(op: op, "input \(Tensor.describe(x.shape)) has \(x.shape[1]) features but weights \(Tensor.describe(w.shape)) expect \(w.shape[1])")
        }
        guard x.shape[0] >= 1, w.shape[0] >= 1, x.shape[1] >= 1 else {
            throw TensorError(op: op, "input \(Tensor.describe(x.shape)) or weights \(Tensor.describe(w.shape)) is empty")
        }
        return (x.shape[0], x.shape[1], w.shape[0])
    }
}

extension Tensor {
    /// [N, d1, d2, …] viewed as [N, d1·d2·…], the input of a fully connected layer.
    /// Its backward is `reshaped(_:)` back to the original shape.
    /// - Throws: `TensorError` (op `flatten`) for a rank-0 tensor.
    public func flattened() throws -> Tensor {
        guard rank >= 1 else { throw TensorError(op: "flatten", "cannot flatten a scalar") }
        return Tensor(checked: [shape[0], shape.dropFirst().reduce(1, *)], data)
    }
}
