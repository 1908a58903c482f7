/// `DecimalNumber`'s rule read straight from a cell's bytes, with no `String` in the
/// common case: the fast readers of large CSV files call it once per cell.
///
/// The value is bit-identical to `DecimalNumber.parse` (which is `Double(String)`, the
/// correctly rounded `strtod` of the C locale, limited to finite decimals):
///
/// - a mantissa of at most 15 significant digits with a decimal exponent `e` of at most
///   22 in magnitude is exact in `Double`, as is `10^|e|`, so one IEEE multiplication or
///   division rounds the exact value once, correctly (Clinger 1990, "How to read floating
///   point numbers accurately", the fast path);
/// - on x86-64, a mantissa of at most 19 digits is exact in `Float80` (64-bit significand)
///   and so is `10^|e|` for `|e| ≤ 27`; the one `Float80` rounding is then rounded again to
///   `Double`, which is correct unless the `Float80` result lies within one of its units of
///   a midpoint between two doubles (the 11 bits dropped are `0x3FF`, `0x400` or `0x401`);
/// - anything else (more digits, a larger exponent, that rare midpoint case, a cell that
///   is not a plain decimal) goes to `DecimalNumber.parse` on the cell's text.
package enum DecimalBytes {
  /// Exact powers of ten as doubles (10^0 … 10^22).
  @usableFromInline static let powers: [Double] = (0...22).map { k in
    var p = 1.0
    for _ in 0..<k { p *= 10 }  // exact: every 10^k ≤ 10^22 is a double
    return p
  }

  #if arch(x86_64) || arch(i386)
  /// Exact powers of ten as `Float80` (10^0 … 10^27: 5^27 < 2^64).
  @usableFromInline static let powers80: [Float80] = (0...27).map { k in
    var p: Float80 = 1
    for _ in 0..<k { p *= 10 }
    return p
  }
  #endif

  /// The finite decimal value of the bytes, or nil (the rule of `DecimalNumber.parse`).
  @inlinable
  package static func parse(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
    if let v = fastParse(cell) { return v }
    return slowParse(cell)
  }

  /// The value when the cell is a plain decimal the fast paths decide exactly, else nil
  /// (nil means "not decided here", not "not a number").
  @inlinable
  package static func fastParse(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
    let n = cell.count
    var i = 0
    guard n > 0 else { return nil }
    var negative = false
    if cell[0] == 45 { negative = true; i = 1 } else if cell[0] == 43 { i = 1 }
    var mantissa: UInt64 = 0
    var digits = 0  // significant digits in `mantissa` (after leading zeros)
    var anyDigit = false
    var scale = 0  // decimal exponent of the mantissa's last digit
    while i < n, cell[i] &- 48 < 10 {
      let d = UInt64(cell[i] &- 48)
      anyDigit = true
      if mantissa != 0 || d != 0 {
        digits += 1
        if digits > 19 { return nil }
        mantissa = mantissa &* 10 &+ d
      }
      i += 1
    }
    if i < n, cell[i] == 46 {
      i += 1
      while i < n, cell[i] &- 48 < 10 {
        let d = UInt64(cell[i] &- 48)
        anyDigit = true
        if mantissa != 0 || d != 0 {
          digits += 1
          if digits > 19 { return nil }
          mantissa = mantissa &* 10 &+ d
        }
        scale -= 1
        i += 1
      }
    }
    guard anyDigit else { return nil }
    if i < n, cell[i] == 101 || cell[i] == 69 {
      i += 1
      var expNegative = false
      if i < n, cell[i] == 45 { expNegative = true; i += 1 } else if i < n, cell[i] == 43 { i += 1 }
      var e = 0
      var expDigits = 0
      while i < n, cell[i] &- 48 < 10 {
        if e < 100_000 { e = e * 10 + Int(cell[i] &- 48) }
        expDigits += 1
        i += 1
      }
      guard expDigits > 0 else { return nil }
      scale += expNegative ? -e : e
    }
    guard i == n else { return nil }
    if mantissa == 0 { return negative ? -0.0 : 0.0 }
    if digits <= 15 && scale >= -22 && scale <= 22 {
      let m = Double(mantissa)  // exact: < 10^15 < 2^53
      let v = scale >= 0 ? m * powers[scale] : m / powers[-scale]
      return negative ? -v : v
    }
    #if arch(x86_64) || arch(i386)
    if scale >= -27 && scale <= 27 {
      let m = Float80(mantissa)  // exact: < 10^19 < 2^64
      let w = scale >= 0 ? m * powers80[scale] : m / powers80[-scale]
      let dropped = w.significandBitPattern & 0x7FF
      guard dropped < 0x3FF || dropped > 0x401 else { return nil }
      let v = Double(w)
      return negative ? -v : v
    }
    #endif
    return nil
  }

  /// `DecimalNumber.parse` on the cell's text.
  @inline(never)
  package static func slowParse(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
    DecimalNumber.parse(String(decoding: cell, as: UTF8.self))
  }
}
