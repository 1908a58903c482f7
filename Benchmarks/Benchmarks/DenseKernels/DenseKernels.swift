import Benchmark
import DenseLinearAlgebra
import Inversion

/// The inversion layer's dense SVD (QR first when tall, then one-sided Jacobi) at the
/// shapes the commands give it:
///
/// - 1,259,702 × 6 with U: the rigid-motion basis that the fit projects out, on the dense
///   moiré field of RESULTS.md (629,851 points, two components);
/// - 1,259,702 × 3: the weighted Jacobian of that fit, for the covariance and the
///   identifiability report;
/// - 2000 × 200 with U: a mid-sized dense linear inverse problem (the GSVD route of
///   Tikhonov, the minimum-norm solve).
///
/// Entries are uniform on [−1, 1) from a fixed seed (SplitMix64, written out here since
/// the package exports no generator); the shapes, not the values, set the cost.
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
    maxDuration: .seconds(60), maxIterations: 7)

  for (rows, columns, left) in [(1_259_702, 6, true), (1_259_702, 3, false), (2000, 200, true)] {
    var state: UInt64 = 7
    let matrix = (0..<(rows * columns)).map { _ -> Double in
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Double((z ^ (z >> 31)) >> 11) * 0x1p-52 - 1
    }
    Benchmark("svd \(rows)x\(columns)\(left ? " with U" : "")") { benchmark in
      for _ in benchmark.scaledIterations {
        blackHole(SingularValueDecomposition(matrix: matrix, rows: rows, columns: columns, computeLeftVectors: left))
      }
    }
  }
}
