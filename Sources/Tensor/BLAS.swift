import CBLAS

/// A thin Swift face for the one BLAS routine the kernels use, `cblas_sgemm`.
///
/// The convolution kernels split a batch across cores themselves, so OpenBLAS is set to
/// one thread the first time any kernel runs: on the skinny GEMMs of small CNNs two BLAS
/// threads are several times slower than one (see TOOLCHAIN.md). Setting `threads` later
/// overrides that choice.
public enum BLAS {
    /// Runs once, before the first GEMM, so that an explicit `threads` setting stays put.
    private static let singleThreaded: Void = { openblas_set_num_threads(1) }()

    /// Makes sure the one-time BLAS configuration has run.
    @inline(__always)
    static func configure() { _ = singleThreaded }

    /// The number of threads OpenBLAS itself uses inside one GEMM (1 by default here).
    public static var threads: Int {
        get { configure(); return Int(openblas_get_num_threads()) }
        set { configure(); openblas_set_num_threads(Int32(max(1, newValue))) }
    }

    /// `C = alpha · op(A) · op(B) + beta · C` on row-major matrices.
    ///
    /// Shape contract: op(A) is `m×k`, op(B) is `k×n`, C is `m×n`; `lda`, `ldb`, `ldc` are
    /// the row lengths of A, B and C as stored (before any transpose).
    @inline(__always)
    public static func sgemm(
        transA: Bool = false, transB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        configure()
        cblas_sgemm(
            CblasRowMajor,
            transA ? CblasTrans : CblasNoTrans,
            transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc))
    }
}
