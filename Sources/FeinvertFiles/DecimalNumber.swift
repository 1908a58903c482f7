/// The number rule of every CSV cell and numeric option list: a finite decimal only.
///
/// Swift's `Double(_:)` also accepts `nan`, `inf`, `infinity` and hexadecimal floats
/// (`0x1p3`); none of them is a measurement, so a cell holding one is refused at its
/// line instead of flowing into a fit as a NaN.
package enum DecimalNumber {
  /// The value of `s` when it is a finite decimal (digits, sign, point, exponent), else nil.
  package static func parse<S: StringProtocol>(_ s: S) -> Double? {
    guard !s.isEmpty,
          s.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 43 || $0 == 45 || $0 == 46 || $0 == 101 || $0 == 69 }),
          let v = Double(s), v.isFinite
    else { return nil }
    return v
  }
}
