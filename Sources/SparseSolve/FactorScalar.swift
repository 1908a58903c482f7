import CSuiteSparse

/// The precision a supernodal factor is computed and stored in: `Double` (the default
/// factor), or `Float` (the single-precision factor of `[solver] precision = "mixed"`,
/// which a double-precision conjugate-gradient iteration refines).
///
/// Each requirement is one dense kernel of `SupernodalKernel`, in column-major order; the
/// conformances call OpenBLAS's `d…` and `s…` routines (`dpotrf`/`spotrf`,
/// `cblas_dtrsm`/`cblas_strsm`, `cblas_dsyrk`/`cblas_ssyrk`, `cblas_dgemm`/`cblas_sgemm`).
protocol FactorScalar: BinaryFloatingPoint, Sendable {
  /// The lower Cholesky factor of the `n x n` block at `a` in place; LAPACK's `info`.
  static func potrfLower(_ n: Int32, _ a: UnsafeMutablePointer<Self>, _ lda: Int32) -> Int32
  /// `B ← B L⁻ᵀ` (right side, lower, transposed, non-unit): `m x n` block `b`, `n x n` `l`.
  static func trsmRightLowerTrans(
    _ m: Int32, _ n: Int32, _ l: UnsafeMutablePointer<Self>, _ lda: Int32, _ b: UnsafeMutablePointer<Self>,
    _ ldb: Int32)
  /// `B ← L⁻¹ B` (`transposed`: `L⁻ᵀ B`), left side, lower, non-unit.
  static func trsmLeftLower(
    transposed: Bool, _ m: Int32, _ n: Int32, _ l: UnsafeMutablePointer<Self>, _ lda: Int32,
    _ b: UnsafeMutablePointer<Self>, _ ldb: Int32)
  /// `C ← A Aᵀ` (lower part), `A` `n x k`.
  static func syrkLower(
    _ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Self>, _ lda: Int32, _ c: UnsafeMutablePointer<Self>,
    _ ldc: Int32)
  /// `C ← alpha op(A) op(B) + beta C`.
  static func gemm(
    transA: Bool, transB: Bool, _ m: Int32, _ n: Int32, _ k: Int32, _ alpha: Self, _ a: UnsafeMutablePointer<Self>,
    _ lda: Int32, _ b: UnsafeMutablePointer<Self>, _ ldb: Int32, _ beta: Self, _ c: UnsafeMutablePointer<Self>,
    _ ldc: Int32)
}

extension Double: FactorScalar {
  static func potrfLower(_ n: Int32, _ a: UnsafeMutablePointer<Double>, _ lda: Int32) -> Int32 {
    var uplo = CChar(UInt8(ascii: "L")), order = n, ld = lda, info: Int32 = 0
    dpotrf_(&uplo, &order, a, &ld, &info)
    return info
  }

  static func trsmRightLowerTrans(
    _ m: Int32, _ n: Int32, _ l: UnsafeMutablePointer<Double>, _ lda: Int32, _ b: UnsafeMutablePointer<Double>,
    _ ldb: Int32
  ) {
    cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, m, n, 1, l, lda, b, ldb)
  }

  static func trsmLeftLower(
    transposed: Bool, _ m: Int32, _ n: Int32, _ l: UnsafeMutablePointer<Double>, _ lda: Int32,
    _ b: UnsafeMutablePointer<Double>, _ ldb: Int32
  ) {
    cblas_dtrsm(CblasColMajor, CblasLeft, CblasLower, transposed ? CblasTrans : CblasNoTrans, CblasNonUnit, m, n, 1,
                l, lda, b, ldb)
  }

  static func syrkLower(
    _ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Double>, _ lda: Int32, _ c: UnsafeMutablePointer<Double>,
    _ ldc: Int32
  ) {
    cblas_dsyrk(CblasColMajor, CblasLower, CblasNoTrans, n, k, 1, a, lda, 0, c, ldc)
  }

  static func gemm(
    transA: Bool, transB: Bool, _ m: Int32, _ n: Int32, _ k: Int32, _ alpha: Double, _ a: UnsafeMutablePointer<Double>,
    _ lda: Int32, _ b: UnsafeMutablePointer<Double>, _ ldb: Int32, _ beta: Double, _ c: UnsafeMutablePointer<Double>,
    _ ldc: Int32
  ) {
    cblas_dgemm(CblasColMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, m, n, k, alpha,
                a, lda, b, ldb, beta, c, ldc)
  }
}

extension Float: FactorScalar {
  static func potrfLower(_ n: Int32, _ a: UnsafeMutablePointer<Float>, _ lda: Int32) -> Int32 {
    var uplo = CChar(UInt8(ascii: "L")), order = n, ld = lda, info: Int32 = 0
    spotrf_(&uplo, &order, a, &ld, &info)
    return info
  }

  static func trsmRightLowerTrans(
    _ m: Int32, _ n: Int32, _ l: UnsafeMutablePointer<Float>, _ lda: Int32, _ b: UnsafeMutablePointer<Float>,
    _ ldb: Int32
  ) {
    cblas_strsm(CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, m, n, 1, l, lda, b, ldb)
  }

  static func trsmLeftLower(
    transposed: Bool, _ m: Int32, _ n: Int32, _ l: UnsafeMutablePointer<Float>, _ lda: Int32,
    _ b: UnsafeMutablePointer<Float>, _ ldb: Int32
  ) {
    cblas_strsm(CblasColMajor, CblasLeft, CblasLower, transposed ? CblasTrans : CblasNoTrans, CblasNonUnit, m, n, 1,
                l, lda, b, ldb)
  }

  static func syrkLower(
    _ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Float>, _ lda: Int32, _ c: UnsafeMutablePointer<Float>,
    _ ldc: Int32
  ) {
    cblas_ssyrk(CblasColMajor, CblasLower, CblasNoTrans, n, k, 1, a, lda, 0, c, ldc)
  }

  static func gemm(
    transA: Bool, transB: Bool, _ m: Int32, _ n: Int32, _ k: Int32, _ alpha: Float, _ a: UnsafeMutablePointer<Float>,
    _ lda: Int32, _ b: UnsafeMutablePointer<Float>, _ ldb: Int32, _ beta: Float, _ c: UnsafeMutablePointer<Float>,
    _ ldc: Int32
  ) {
    cblas_sgemm(CblasColMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, m, n, k, alpha,
                a, lda, b, ldb, beta, c, ldc)
  }
}
