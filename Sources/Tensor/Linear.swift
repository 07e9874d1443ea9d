/// The fully connected (affine) layer: y = x · wᵀ + b, as one GEMM.
public enum Linear {
    /// Shape contract: x: [N, In], w: [Out, In], b: [Out] → [N, Out].
    /// - Throws: `TensorError` (op `linear`) for wrong ranks or mismatched sizes.
    public static func forward(x: Tensor, w: Tensor, b: Tensor) throws -> Tensor {
        let (n, inputs, outputs) = try check(op: "linear", x: x, w: w)
        guard b.shape == [outputs] else {
            throw TensorError(op: "linear", "bias \(Tensor.describe(b.shape)) must have one value per output (\(outputs))")
        }
        // Each chunk starts its rows at the bias (no zero-fill first), then adds x · wᵀ.
        let y = [Float](unsafeUninitializedCapacity: n * outputs) { yp, written in
            x.data.withUnsafeBufferPointer { xp in
                w.data.withUnsafeBufferPointer { wp in
                    b.data.withUnsafeBufferPointer { bp in
                        let (x, w, b, y) = (SharedPointer(reading: xp.baseAddress!), SharedPointer(reading: wp.baseAddress!),
                                            SharedPointer(reading: bp.baseAddress!), SharedPointer(yp.baseAddress!))
                        // Rows of the batch across cores; each row is the same GEMM row either way.
                        let chunks = Parallelism.chunks(for: n, work: n * inputs * outputs)
                        Parallelism.run(chunks: chunks, count: n) { _, rows in
                            for r in rows { (y.p + r * outputs).initialize(from: b.p, count: outputs) }
                            BLAS.sgemm(transB: true, m: rows.count, n: outputs, k: inputs,
                                       a: x.p + rows.lowerBound * inputs, lda: inputs, b: w.p, ldb: inputs,
                                       beta: 1, c: y.p + rows.lowerBound * outputs, ldc: outputs)
                        }
                    }
                }
            }
            written = n * outputs
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
                        dw.withUnsafeMutableBufferPointer { dwp in
                            db.withUnsafeMutableBufferPointer { dbp in
                                let (x, w, dy) = (SharedPointer(reading: xp.baseAddress!), SharedPointer(reading: wp.baseAddress!),
                                                  SharedPointer(reading: dyp.baseAddress!))
                                let (dx, dw, db) = (SharedPointer(dxp.baseAddress!), SharedPointer(dwp.baseAddress!), SharedPointer(dbp.baseAddress!))
                                // dx by rows of the batch, dw and db by outputs: no partial sums, so
                                // every thread count gives the same bits.
                                let chunks = Parallelism.chunks(for: min(n, outputs), work: n * inputs * outputs)
                                Parallelism.run(chunks: chunks, count: n) { _, rows in
                                    BLAS.sgemm(m: rows.count, n: inputs, k: outputs, a: dy.p + rows.lowerBound * outputs, lda: outputs,
                                               b: w.p, ldb: inputs, c: dx.p + rows.lowerBound * inputs, ldc: inputs)
                                }
                                Parallelism.run(chunks: chunks, count: outputs) { _, units in
                                    BLAS.sgemm(transA: true, m: units.count, n: inputs, k: n, a: dy.p + units.lowerBound, lda: outputs,
                                               b: x.p, ldb: inputs, c: dw.p + units.lowerBound * inputs, ldc: inputs)
                                    for r in 0..<n {
                                        for c in units { db.p[c] += dy.p[r * outputs + c] }
                                    }
                                }
                            }
                        }
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
