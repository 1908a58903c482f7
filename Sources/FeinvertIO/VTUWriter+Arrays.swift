import CZlib
import Dispatch
import Foundation
import Synchronization

/// One `DataArray` of a `.vtu` file: its name, component count and names, and numbers.
struct VTUArray: Sendable {
  enum Payload: Sendable {
    case float64([Double])
    case int64([Int])
    case uint8([UInt8])
  }

  var name: String
  /// `false` for the `Points` array, which carries no `Name` attribute.
  var named = true
  var components: Int
  var componentNames: [String]?
  var payload: Payload
  /// Numbers per text row in the ASCII form.
  var perRow: Int

  init(name: String, components: Int, payload: Payload, componentNames: [String]? = nil) {
    self.name = name
    self.components = components
    self.payload = payload
    self.componentNames = componentNames
    // Cell arrays of one component (connectivity, offsets, types) go ten to a row.
    self.perRow = components == 1 ? 10 : components
  }

  init(field f: VTUField, named: Bool = true) {
    if f.isInteger {
      let integers = f.values.map { x in x.isFinite && abs(x) < 9.0e18 ? Int(x.rounded()) : 0 }
      self.init(name: f.name, components: f.components, payload: .int64(integers), componentNames: f.componentNames)
    } else {
      self.init(name: f.name, components: f.components, payload: .float64(f.values), componentNames: f.componentNames)
    }
    self.named = named
    self.perRow = f.components
  }

  var typeName: String {
    switch payload {
    case .float64: return "Float64"
    case .int64: return "Int64"
    case .uint8: return "UInt8"
    }
  }

  var count: Int {
    switch payload {
    case .float64(let v): return v.count
    case .int64(let v): return v.count
    case .uint8(let v): return v.count
    }
  }

  /// `<DataArray …>` with its type, name, component count and names, and format.
  func openingTag(format: VTUFormat) -> String {
    var s = "        <DataArray type=\"\(typeName)\""
    if named { s += " Name=\"\(VTUWriter.xmlEscaped(name))\"" }
    if components > 1 || componentNames != nil || !named { s += " NumberOfComponents=\"\(components)\"" }
    if let names = componentNames {
      for (i, n) in names.enumerated() { s += " ComponentName\(i)=\"\(VTUWriter.xmlEscaped(n))\"" }
    }
    // NumberOfTuples: VTK's reader needs it for field data; it is right everywhere.
    s += " NumberOfTuples=\"\(count / components)\""
    s += " format=\"\(format == .ascii ? "ascii" : "binary")\">\n"
    return s
  }

  /// The numbers as text rows, `perRow` to a row.
  func asciiBody() -> String {
    let n = perRow
    let rows = (count + n - 1) / n
    switch payload {
    case .float64(let v):
      return VTUWriter.rows(rows) { r, line in
        for k in (r * n)..<min(v.count, (r + 1) * n) {
          if k > r * n { line += " " }
          line += v[k].description
        }
      }
    case .int64(let v):
      return VTUWriter.rows(rows) { r, line in
        for k in (r * n)..<min(v.count, (r + 1) * n) {
          if k > r * n { line += " " }
          line += String(v[k])
        }
      }
    case .uint8(let v):
      return VTUWriter.rows(rows) { r, line in
        for k in (r * n)..<min(v.count, (r + 1) * n) {
          if k > r * n { line += " " }
          line += String(v[k])
        }
      }
    }
  }

  /// The little-endian bytes of the numbers.
  func bytes() -> [UInt8] {
    switch payload {
    case .float64(let v):
      return v.withUnsafeBufferPointer { p in
        var out = [UInt8](repeating: 0, count: 8 * p.count)
        for (i, x) in p.enumerated() { withUnsafeBytes(of: x.bitPattern.littleEndian) { b in for j in 0..<8 { out[8 * i + j] = b[j] } } }
        return out
      }
    case .int64(let v):
      var out = [UInt8](repeating: 0, count: 8 * v.count)
      for (i, x) in v.enumerated() { withUnsafeBytes(of: Int64(x).littleEndian) { b in for j in 0..<8 { out[8 * i + j] = b[j] } } }
      return out
    case .uint8(let v):
      return v
    }
  }
}

/// The binary `DataArray` bodies of VTK's XML format (`format="binary"`), header type
/// UInt64, little-endian, base64.
///
/// Uncompressed, an array is base64(n, bytes) with n its byte count as UInt64.
/// Compressed (`compressor="vtkZLibDataCompressor"` on `VTKFile`), the bytes are cut into
/// blocks of 32 KiB, each deflated by zlib (`compress2`), and the body is
/// base64(header) followed by base64(blocks), the header being UInt64 numbers: the block
/// count, the block size, the last block's uncompressed size, then each block's compressed
/// size (VTK's "vtkXMLDataElement" binary layout, as VTK and meshio read it). The choice
/// is the file's: compressed when the compressed arrays are smaller in total.
enum VTUBinary {
  static let blockSize = 32768

  static func encode(_ arrays: [[UInt8]]) -> (bodies: [String], compressed: Bool) {
    let compressed = arrays.map(deflateBlocks)
    let rawSize = arrays.reduce(0) { $0 + 8 + $1.count }
    let compressedSize = compressed.reduce(0) { $0 + 8 * (3 + $1.count) + $1.reduce(0) { $0 + $1.count } }
    if compressedSize < rawSize {
      let bodies = zip(arrays, compressed).map { raw, blocks in
        var header: [UInt64] = [UInt64(blocks.count), UInt64(blockSize), UInt64(lastBlockSize(raw.count))]
        header += blocks.map { UInt64($0.count) }
        return indent(base64(uint64Bytes(header)) + base64(Array(blocks.joined())))
      }
      return (bodies, true)
    }
    return (arrays.map { indent(base64(uint64Bytes([UInt64($0.count)]) + $0)) }, false)
  }

  /// The size of the last block of `count` bytes (a full block when `count` is a
  /// multiple of the block size; 0 for no bytes).
  static func lastBlockSize(_ count: Int) -> Int {
    count == 0 ? 0 : (count % blockSize == 0 ? blockSize : count % blockSize)
  }

  /// zlib-deflated blocks of at most `blockSize` bytes, compressed on all cores.
  static func deflateBlocks(_ bytes: [UInt8]) -> [[UInt8]] {
    let n = (bytes.count + blockSize - 1) / blockSize
    if n == 0 { return [] }
    let out = Mutex([[UInt8]](repeating: [], count: n))
    DispatchQueue.concurrentPerform(iterations: n) { b in
      let lo = b * blockSize, hi = min(bytes.count, lo + blockSize)
      let block = bytes.withUnsafeBufferPointer { p in deflate(UnsafeBufferPointer(rebasing: p[lo..<hi])) }
      out.withLock { $0[b] = block }
    }
    return out.withLock { $0 }
  }

  /// One zlib stream (`compress2`, default level). The corresponding C function is `compress2`.
  static func deflate(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var length = compressBound(uLong(input.count))
    var out = [UInt8](repeating: 0, count: Int(length))
    let status = out.withUnsafeMutableBufferPointer { o in
      compress2(o.baseAddress, &length, input.baseAddress, uLong(input.count), Z_DEFAULT_COMPRESSION)
    }
    // compress2 fails only for lack of memory or a too-small buffer; compressBound rules out the latter.
    precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
    return Array(out[0..<Int(length)])
  }

  static func uint64Bytes(_ values: [UInt64]) -> [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(8 * values.count)
    for v in values { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
    return out
  }

  static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

  static func indent(_ text: String) -> String { "          " + text + "\n" }
}
