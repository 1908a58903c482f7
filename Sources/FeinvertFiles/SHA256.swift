import FECommon

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// SHA-256 (FIPS 180-4, "Secure Hash Standard", 2015, §6.2), streaming, for the input
/// digests of the reports' provenance. Foundation on Linux has no CryptoKit, and the
/// package takes no crypto dependency for a checksum.
///
/// Feed bytes with `update` (any number of calls, any sizes), then read `hexDigest`
/// once: `finalize` pads the message (§5.1.1: a 1 bit, zeros, the 64-bit big-endian bit
/// length) and processes the last blocks. Checked against the NIST example vectors
/// ("abc", the 448-bit two-block message, one million "a") and `sha256sum`.
public struct SHA256: Sendable {
  /// The round constants K₀…K₆₃ (§4.2.2): the first 32 bits of the fractional parts of
  /// the cube roots of the first 64 primes.
  static let k: [UInt32] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]

  /// The hash value H⁽⁰⁾ (§5.3.3), then the running state.
  var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
  /// Bytes not yet processed (fewer than 64).
  var pending: [UInt8] = []
  /// Message length so far, bytes.
  var length: UInt64 = 0
  /// The message schedule W₀…W₆₃ (§6.2.2 step 1), reused block to block.
  var w = [UInt32](repeating: 0, count: 64)

  public init() { pending.reserveCapacity(64) }

  /// Adds bytes to the message.
  public mutating func update<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    if bytes.withContiguousStorageIfAvailable({ update(buffer: $0) }) == nil {
      Array(bytes).withUnsafeBufferPointer { update(buffer: $0) }
    }
  }

  /// Adds bytes to the message: whole blocks straight from the buffer, the rest kept.
  mutating func update(buffer: UnsafeBufferPointer<UInt8>) {
    length &+= UInt64(buffer.count)
    var start = 0
    if !pending.isEmpty {
      let take = min(64 - pending.count, buffer.count)
      pending.append(contentsOf: buffer[0..<take])
      start = take
      if pending.count == 64 {
        let block = pending
        pending.removeAll(keepingCapacity: true)
        block.withUnsafeBufferPointer { compress($0.baseAddress!) }
      }
    }
    guard let base = buffer.baseAddress else { return }
    while buffer.count - start >= 64 {
      compress(base + start)
      start += 64
    }
    pending.append(contentsOf: buffer[start...])
  }

  /// Pads the message and returns the digest as 32 bytes (big-endian words).
  public mutating func finalize() -> [UInt8] {
    let bitLength = length &* 8
    var tail = pending
    tail.append(0x80)
    while tail.count % 64 != 56 { tail.append(0) }
    for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
    tail.withUnsafeBufferPointer { p in
      for offset in stride(from: 0, to: p.count, by: 64) { compress(p.baseAddress! + offset) }
    }
    pending.removeAll()
    return h.flatMap { word in (0..<4).reversed().map { UInt8(truncatingIfNeeded: word >> UInt32(8 * $0)) } }
  }

  /// The digest of `bytes` as 64 lowercase hex digits.
  public static func hex<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    var hash = SHA256()
    hash.update(bytes)
    return hexString(hash.finalize())
  }

  /// The digest of a file's contents as 64 lowercase hex digits, read in 1 MiB chunks.
  ///
  /// - Throws: `InputError` at `path` when the file cannot be opened or read.
  public static func hex(file path: String) throws -> String {
    guard let f = fopen(path, "rb") else {
      throw InputError("cannot open the file for its digest (\(String(cString: strerror(errno)))); expected a readable file",
                       at: SourceLocation(file: path))
    }
    defer { fclose(f) }
    var hash = SHA256()
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
      if n > 0 { hash.update(chunk[0..<n]) }
      if n < chunk.count {
        guard ferror(f) == 0 else {
          throw InputError("cannot read the file for its digest; expected a readable file", at: SourceLocation(file: path))
        }
        break
      }
    }
    return hexString(hash.finalize())
  }

  static func hexString(_ digest: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    return String(digest.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xf)]] })
  }

  /// One 512-bit block (§6.2.2).
  mutating func compress(_ block: UnsafePointer<UInt8>) {
    @inline(__always) func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
    for t in 0..<16 {
      let b = block + 4 * t
      w[t] = UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
    }
    for t in 16..<64 {
      let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)  // σ₀ (4.6)
      let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)  // σ₁ (4.7)
      w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
    }
    var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
    for t in 0..<64 {
      let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)  // Σ₁ (4.5)
      let choose = (e & f) ^ (~e & g)  // Ch (4.2)
      let t1 = hh &+ s1 &+ choose &+ Self.k[t] &+ w[t]
      let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)  // Σ₀ (4.4)
      let majority = (a & b) ^ (a & c) ^ (b & c)  // Maj (4.3)
      (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ s0 &+ majority)
    }
    h[0] = h[0] &+ a; h[1] = h[1] &+ b; h[2] = h[2] &+ c; h[3] = h[3] &+ d
    h[4] = h[4] &+ e; h[5] = h[5] &+ f; h[6] = h[6] &+ g; h[7] = h[7] &+ hh
  }
}
