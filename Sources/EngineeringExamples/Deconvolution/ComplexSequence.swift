/// A complex sequence held as two real arrays (contiguous storage, no complex type needed).
package struct ComplexSequence: Sendable, Equatable {
  package var real: [Double]
  package var imaginary: [Double]

  /// `real.count == imaginary.count`, or a precondition failure occurs.
  package init(real: [Double], imaginary: [Double]) {
    precondition(real.count == imaginary.count, "ComplexSequence: parts of different lengths")
    self.real = real
    self.imaginary = imaginary
  }

  /// Zeros.
  package init(count: Int) {
    real = [Double](repeating: 0, count: count)
    imaginary = real
  }

  package var count: Int { real.count }

  /// |z_k|².
  package func squaredMagnitude(_ k: Int) -> Double { real[k] * real[k] + imaginary[k] * imaginary[k] }

  /// |z_k|.
  package func magnitude(_ k: Int) -> Double { squaredMagnitude(k).squareRoot() }
}
