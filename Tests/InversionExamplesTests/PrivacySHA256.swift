import FeinvertFiles

/// The privacy tests' data checksums, by the project's one SHA-256 (`FeinvertFiles.SHA256`,
/// FIPS 180-4, tested against the NIST vectors and `sha256sum`); the FIPS 180-2 example
/// vectors are checked again in `PrivacyDataTests`.
enum PrivacySHA256 {
  /// The digest of `bytes` as 64 lowercase hex digits.
  static func hex(_ bytes: [UInt8]) -> String { SHA256.hex(bytes) }

  /// The digest of the values' IEEE 754 binary64 little-endian bytes, as numpy's
  /// `tobytes()` writes them on a little-endian machine.
  static func hex(float64LittleEndian values: [Double]) -> String {
    var bytes = [UInt8]()
    bytes.reserveCapacity(values.count * 8)
    for v in values {
      let bits = v.bitPattern
      for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(8 * i))) }
    }
    return hex(bytes)
  }
}
