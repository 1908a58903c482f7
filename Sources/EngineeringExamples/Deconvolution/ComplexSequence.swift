/// A complex sequence held as two real arrays (contiguous storage, no complex type needed).
public struct ComplexSequence: Sendable, Equatable {
  public var real: [Double]
  public var imaginary: [Double]

  /// `real.count == imaginary.count`, or a precondition failure occurs.
  public init(real: [Double], imaginary: [Double]) {
    precondition(real.count == imaginary.count, "ComplexSequence: parts of different lengths")
    self.real = real
    self.imaginary = imaginary
  }

  /// Zeros.
  public init(count: Int) {
    real = [Double](repeating: 0, count: count)
    imaginary = real
  }

  public var count: Int { real.count }

  /// |z_k|².
  public func squaredMagnitude(_ k: Int) -> Double { real[k] * real[k] + imaginary[k] * imaginary[k] }

  /// |z_k|.
  public func magnitude(_ k: Int) -> Double { squaredMagnitude(k).squareRoot() }
}
