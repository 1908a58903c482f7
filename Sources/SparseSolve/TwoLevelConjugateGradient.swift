import Dispatch
import FECommon
import Foundation

/// Conjugate gradients on a fine symmetric positive-definite system K x = b, preconditioned
/// by one symmetric two-level cycle whose coarse level is a factor the caller already holds.
///
/// Made for the fit's discretization budget: the refined model (hex8 → hex20, or every
/// element split in eight) is nested in the fitted one, whose factor at the estimate exists.
/// A direct factor of the refined model would cost 4–8× the unknowns and far more in flops
/// and memory (the 376k-DOF coupon's 1.5M-DOF refinement would not fit in 24 GiB); the
/// coarse factor handles the smooth part of the error, a cheap smoother the rest.
///
/// The preconditioner M⁻¹ r is one V(1,1) cycle from zero:
///
/// 1. pre-smooth: a Chebyshev polynomial of degree `smootherDegree` in D⁻¹K, D the
///    `blockSize`×`blockSize` diagonal blocks of K (a node's three displacements), tuned to
///    the interval [λ/`smoothingRatio`, λ], λ an estimate (×1.1) of D⁻¹K's largest eigenvalue;
/// 2. coarse correction: x += P K_c⁻¹ Pᵀ (r − K x) with the caller's coarse solve;
/// 3. post-smooth: the same polynomial.
///
/// D⁻¹K is self-adjoint in the K inner product, so equal pre- and post-smoothers make the
/// cycle symmetric, as CG needs (the coarse operator must be symmetric positive definite;
/// when K_c = Pᵀ K P, as for nested spaces integrated exactly, the cycle is a contraction).
/// The Chebyshev smoother is the one PETSc's GAMG and hypre use by default for elasticity:
/// it needs only products with K, so it runs on both cores.
public final class TwoLevelConjugateGradient {
  public struct Options: Sendable {
    /// Stop when ‖b − K x‖ ≤ tolerance · ‖b‖.
    public var tolerance = 1e-8
    public var maxIterations = 300
    public var smootherDegree = 4
    public var smoothingRatio = 30.0
    public init() {}
  }

  public struct Outcome: Sendable {
    public var solution: [Double]
    public var iterations: Int
    /// ‖b − K x‖ / ‖b‖ at the end.
    public var relativeResidual: Double
    /// The relative residual after each iteration (the first entry: the initial guess's).
    public var history: [Double]
    /// The estimate of D⁻¹K's largest eigenvalue the smoother used.
    public var largestEigenvalue: Double
  }

  public enum Failure: Error, CustomStringConvertible {
    /// The iteration did not reach the tolerance in the allowed iterations.
    case notConverged(iterations: Int, relativeResidual: Double)
    /// pᵀKp or rᵀz was not positive: the matrix or the preconditioner is not positive definite.
    case breakdown(iteration: Int)

    public var description: String {
      switch self {
      case .notConverged(let k, let r):
        "the two-level conjugate gradient stopped after \(k) iterations at relative residual \(String(format: "%.2e", r))"
      case .breakdown(let k):
        "the two-level conjugate gradient broke down at iteration \(k) (a matrix or preconditioner that is not positive definite)"
      }
    }
  }

  public let matrix: SymmetricCSCMatrix
  public let prolongation: NodalProlongation
  let fineFixed: [Bool], coarseFixed: [Bool]
  let coarseSolve: ([Double]) throws -> [Double]
  let options: Options
  let product: ParallelSymmetricProduct
  /// Inverses of the diagonal blocks, `blockSize²` each, row-major.
  let blockInverses: [Double]
  public let largestEigenvalue: Double

  /// - Parameters:
  ///   - matrix: K, fine level (upper triangle), the fixed unknowns decoupled (zero rows and
  ///     columns, a positive diagonal), as symmetric elimination leaves them.
  ///   - fineFixed / coarseFixed: the fixed unknowns of each level.
  ///   - coarseSolve: x_c = K_c⁻¹ r_c for a coarse right-hand side zero at its fixed unknowns.
  public init(
    matrix: SymmetricCSCMatrix, prolongation: NodalProlongation, fineFixed: [Bool], coarseFixed: [Bool],
    options: Options = Options(), coarseSolve: @escaping ([Double]) throws -> [Double]
  ) throws {
    let b = prolongation.blockSize
    precondition(matrix.dimension == b * prolongation.fineNodeCount, "TwoLevelConjugateGradient: matrix size")
    self.matrix = matrix
    self.prolongation = prolongation
    self.fineFixed = fineFixed
    self.coarseFixed = coarseFixed
    self.coarseSolve = coarseSolve
    self.options = options
    self.product = ParallelSymmetricProduct(matrix)
    guard let inverses = Self.blockInverses(matrix, blockSize: b) else { throw Failure.breakdown(iteration: 0) }
    self.blockInverses = inverses
    largestEigenvalue = 1.1 * Self.largestEigenvalue(product: product, blockInverses: inverses, blockSize: b, dimension: matrix.dimension)
  }

  /// Solves K x = b from `initial`.
  public func solve(_ rhs: [Double], initial: [Double]) throws -> Outcome {
    let n = matrix.dimension
    var x = initial
    var r = rhs
    let kx = product.apply(x)
    for i in 0..<n { r[i] -= kx[i] }
    let bNorm = max(norm(rhs), 1e-300)
    var history = [norm(r) / bNorm]
    if history[0] <= options.tolerance {
      return Outcome(solution: x, iterations: 0, relativeResidual: history[0], history: history, largestEigenvalue: largestEigenvalue)
    }
    var z = try cycle(r)
    var p = z
    var rz = dot(r, z)
    for k in 1...options.maxIterations {
      guard rz > 0 else { throw Failure.breakdown(iteration: k) }
      let kp = product.apply(p)
      let pkp = dot(p, kp)
      guard pkp > 0 else { throw Failure.breakdown(iteration: k) }
      let alpha = rz / pkp
      for i in 0..<n {
        x[i] += alpha * p[i]
        r[i] -= alpha * kp[i]
      }
      history.append(norm(r) / bNorm)
      if history[k] <= options.tolerance {
        // The recursive residual drifts from the true one by round-off: confirm.
        let kx = product.apply(x)
        var trueResidual = 0.0
        for i in 0..<n { let d = rhs[i] - kx[i]; trueResidual += d * d }
        let relative = trueResidual.squareRoot() / bNorm
        if relative <= 10 * options.tolerance {
          return Outcome(solution: x, iterations: k, relativeResidual: relative, history: history, largestEigenvalue: largestEigenvalue)
        }
        for i in 0..<n { r[i] = rhs[i] - kx[i] }
      }
      z = try cycle(r)
      let rzNew = dot(r, z)
      let beta = rzNew / rz
      rz = rzNew
      for i in 0..<n { p[i] = z[i] + beta * p[i] }
    }
    throw Failure.notConverged(iterations: options.maxIterations, relativeResidual: history.last ?? .nan)
  }

  /// One V(1,1) cycle from zero: z ≈ K⁻¹ r.
  func cycle(_ r: [Double]) throws -> [Double] {
    let n = matrix.dimension
    var z = [Double](repeating: 0, count: n)
    chebyshev(&z, rhs: r, residual: r)
    var residual = r
    var kz = product.apply(z)
    for i in 0..<n { residual[i] -= kz[i] }
    let coarse = try coarseSolve(prolongation.restrict(residual, coarseFixed: coarseFixed, fineFixed: fineFixed))
    let correction = prolongation.prolong(coarse, coarseFixed: coarseFixed, fineFixed: fineFixed)
    for i in 0..<n { z[i] += correction[i] }
    kz = product.apply(z)
    for i in 0..<n { residual[i] = r[i] - kz[i] }
    chebyshev(&z, rhs: r, residual: residual)
    return z
  }

  /// `smootherDegree` Chebyshev steps on K x = rhs from x, whose residual is given
  /// (Saad, *Iterative Methods for Sparse Linear Systems*, 2nd ed., Alg. 12.1, with D⁻¹).
  func chebyshev(_ x: inout [Double], rhs: [Double], residual r0: [Double]) {
    let n = matrix.dimension
    let upper = largestEigenvalue, lower = upper / options.smoothingRatio
    let theta = 0.5 * (upper + lower), delta = 0.5 * (upper - lower)
    let sigma = theta / delta
    var rhoOld = 1 / sigma
    var r = r0
    var d = applyBlockInverse(r)
    for i in 0..<n { d[i] /= theta; x[i] += d[i] }
    guard options.smootherDegree > 1 else { return }
    for _ in 2...options.smootherDegree {
      let kd = product.apply(d)
      for i in 0..<n { r[i] -= kd[i] }
      let rho = 1 / (2 * sigma - rhoOld)
      let w = applyBlockInverse(r)
      for i in 0..<n {
        d[i] = rho * rhoOld * d[i] + 2 * rho / delta * w[i]
        x[i] += d[i]
      }
      rhoOld = rho
    }
  }

  func applyBlockInverse(_ r: [Double]) -> [Double] {
    Self.applyBlockInverse(blockInverses, blockSize: prolongation.blockSize, r)
  }

  static func applyBlockInverse(_ inverses: [Double], blockSize b: Int, _ r: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: r.count)
    let nodes = r.count / b
    inverses.withUnsafeBufferPointer { inv in
      r.withUnsafeBufferPointer { rb in
        out.withUnsafeMutableBufferPointer { o in
          for node in 0..<nodes {
            let base = node * b, m = node * b * b
            for a in 0..<b {
              var s = 0.0
              for c in 0..<b { s += inv[m + a * b + c] * rb[base + c] }
              o[base + a] = s
            }
          }
        }
      }
    }
    return out
  }

  /// The inverses of K's diagonal blocks (symmetric positive definite; nil when one is
  /// not), each by `DenseCholesky` applied to the unit vectors.
  static func blockInverses(_ k: SymmetricCSCMatrix, blockSize b: Int) -> [Double]? {
    let nodes = k.dimension / b
    var out = [Double](repeating: 0, count: nodes * b * b)
    var block = [Double](repeating: 0, count: b * b)
    for node in 0..<nodes {
      for q in 0..<(b * b) { block[q] = 0 }
      for c in 0..<b {
        let column = node * b + c
        for e in k.columnStarts[column]..<k.columnStarts[column + 1] {
          let row = k.rowIndices[e]
          guard row >= node * b else { continue }
          let a = row - node * b
          block[a * b + c] = k.values[e]
          block[c * b + a] = k.values[e]
        }
      }
      guard let l = DenseCholesky.factor(block, n: b) else { return nil }
      for c in 0..<b {
        var unit = [Double](repeating: 0, count: b)
        unit[c] = 1
        let column = DenseCholesky.solve(factor: l, n: b, unit)
        for a in 0..<b { out[node * b * b + a * b + c] = column[a] }
      }
    }
    return out
  }

  /// The largest eigenvalue of D⁻¹K by 12 steps of the power iteration (from a fixed
  /// pseudo-random start, so runs repeat); an underestimate, which the caller pads.
  static func largestEigenvalue(product: ParallelSymmetricProduct, blockInverses: [Double], blockSize b: Int, dimension n: Int) -> Double {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var v = (0..<n).map { _ -> Double in
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Double(state >> 11) / Double(1 << 53) - 0.5
    }
    var lambda = 0.0
    for _ in 0..<12 {
      let norm = max(v.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-300)
      for i in 0..<n { v[i] /= norm }
      let w = applyBlockInverse(blockInverses, blockSize: b, product.apply(v))
      lambda = zip(v, w).reduce(0) { $0 + $1.0 * $1.1 }
      v = w
    }
    return max(lambda, v.reduce(0) { $0 + $1 * $1 }.squareRoot())
  }

  func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
  }

  func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
}

/// y = A x for a symmetric matrix stored as its upper triangle, on every core: the
/// columns are cut into chunks of equal stored entries, each chunk accumulates into its own
/// output (a column's entries reach rows of other chunks), and the outputs are summed.
public struct ParallelSymmetricProduct: Sendable {
  public let matrix: SymmetricCSCMatrix
  let chunkStarts: [Int]

  public init(_ matrix: SymmetricCSCMatrix, chunks: Int = ProcessInfo.processInfo.activeProcessorCount) {
    self.matrix = matrix
    let n = matrix.dimension, total = matrix.storedCount
    let count = max(1, min(chunks, n))
    var starts = [0]
    var column = 0
    for c in 1..<count {
      let target = total * c / count
      while column < n && matrix.columnStarts[column] < target { column += 1 }
      starts.append(column)
    }
    starts.append(n)
    chunkStarts = starts
  }

  public func apply(_ x: [Double]) -> [Double] {
    let n = matrix.dimension
    let chunks = chunkStarts.count - 1
    var partial = [Double](repeating: 0, count: n * chunks)
    partial.withUnsafeMutableBufferPointer { out in
      let base = SendableMutablePointer(out.baseAddress!)
      DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let y = base.pointer + chunk * n
        matrix.columnStarts.withUnsafeBufferPointer { p in
          matrix.rowIndices.withUnsafeBufferPointer { ri in
            matrix.values.withUnsafeBufferPointer { v in
              x.withUnsafeBufferPointer { xb in
                for j in chunkStarts[chunk]..<chunkStarts[chunk + 1] {
                  let xj = xb[j]
                  var sum = 0.0
                  for k in p[j]..<p[j + 1] {
                    let i = ri[k], a = v[k]
                    if i == j {
                      sum += a * xj
                    } else {
                      y[i] += a * xj
                      sum += a * xb[i]
                    }
                  }
                  y[j] += sum
                }
              }
            }
          }
        }
      }
    }
    guard chunks > 1 else { return partial }
    var y = [Double](repeating: 0, count: n)
    for chunk in 0..<chunks { for i in 0..<n { y[i] += partial[chunk * n + i] } }
    return y
  }
}
