import FECommon
import FeinvertFiles
import Foundation
import LaminateFit
import Testing

@testable import FeinvertIO

/// The byte path of the fringe and measured-data readers against their `String` path
/// (`fastRows: false`, the reader as it was before issue 18): the same values bit for
/// bit, the same lines, notes and errors, on random files.
@Suite("Fast fringe reader")
struct FastReaderTests {
  static let mm = 1e-3

  /// A random decimal as measuring software and other solvers write them.
  static func randomNumber(_ rng: inout SplitMix64) -> String {
    let sign = ["", "", "-", "+"][Int(rng.next() % 4)]
    switch rng.next() % 8 {
    case 0:  // shortest round-trip of a random double (up to 17 digits)
      let v = Double(bitPattern: rng.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x3000_0000_0000_0000)
      return "\(v)"
    case 1:  // %.17g / %.15e / %.6E, as C and Fortran write them
      let v = (Double(rng.next() % 1_000_000_007) / 1_000_003) * pow(10, Double(Int(rng.next() % 40) - 20))
      let formats = ["%.17g", "%.15e", "%.6E", "%.16g", "%.18e", "%g"]
      return sign + String(format: formats[Int(rng.next() % UInt64(formats.count))], v)
    case 2:  // many digits (past the fast paths)
      let digits = (0..<(16 + Int(rng.next() % 12))).map { _ in String(rng.next() % 10) }.joined()
      let point = Int(rng.next() % UInt64(digits.count))
      return sign + digits.prefix(point) + "." + digits.dropFirst(point)
    case 3:  // leading zeros, trailing point, point first
      let forms = ["000123.4500", "5.", ".5", "0.000000000000000000000000012345", "0", "0.0", "00", "1e0", "1E+000",
                   "9007199254740993", "9007199254740992.5", "2.2250738585072011e-308", "4.9e-324", "1e-400",
                   "1.7976931348623157e308", "123456789012345678901234567890"]
      return sign + forms[Int(rng.next() % UInt64(forms.count))]
    default:  // a few digits and an exponent
      let mantissa = String(rng.next() % 10_000_000)
      let point = Int(rng.next() % UInt64(mantissa.count + 1))
      var s = sign + mantissa.prefix(point) + (point < mantissa.count ? "." : "") + mantissa.dropFirst(point)
      if rng.next() % 2 == 0 { s += ["e", "E"][Int(rng.next() % 2)] + ["", "-", "+"][Int(rng.next() % 3)] + String(rng.next() % 30) }
      return s
    }
  }

  /// Strings the rule must refuse (or read) exactly as `DecimalNumber.parse` does.
  static let oddCells = ["", "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e", "1e+", ".", "-", "+", "1.2.3", "0x1p3",
                         "1,5", " 1", "1 ", "--1", "1-2", "e5", ".e5", "1e5.5", "1e99999999999999999999", "١", "1d5", "+-1",
                         "1e400", "-1e400", "1e-99999"]

  @Test func byteNumbersAreDecimalNumberBitForBit() {
    var rng = SplitMix64(seed: 18)
    var cells = Self.oddCells
    for _ in 0..<200_000 { cells.append(Self.randomNumber(&rng)) }
    var fast = 0
    for cell in cells {
      let expected = DecimalNumber.parse(cell)
      let bytes = Array(cell.utf8)
      let got = bytes.withUnsafeBufferPointer { DecimalBytes.parse($0) }
      if bytes.withUnsafeBufferPointer({ DecimalBytes.fastParse($0) }) != nil { fast += 1 }
      #expect(got?.bitPattern == expected?.bitPattern, "\(cell): \(String(describing: got)) vs \(String(describing: expected))")
    }
    // The fast paths must carry most cells, or the reader is not fast (not a timing).
    #expect(fast > cells.count / 2)
  }

  /// A random fringe CSV: columns in random order, numbers in every form, masked values,
  /// comments, blank lines, CRLF, blanks around cells.
  static func randomFringeFile(_ rng: inout SplitMix64, rows: Int) -> String {
    var columns = ["x", "y", "z", "ux", "uz", "sigma_ux", "sigma_uz", "weight"]
    if rng.next() % 2 == 0 { columns.removeLast() }
    if rng.next() % 3 == 0 { columns.removeAll { $0 == "uz" || $0 == "sigma_uz" } }
    for i in stride(from: columns.count - 1, to: 0, by: -1) { columns.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
    let eol = rng.next() % 2 == 0 ? "\r\n" : "\n"
    var lines = ["# specimen = R-\(rng.next() % 100)", "# a plain comment", columns.joined(separator: ",")]
    for _ in 0..<rows {
      let masked = Set(columns.filter { ($0 == "ux" || $0 == "uz") && rng.next() % 10 == 0 })
      let cells = columns.map { name -> String in
        if masked.contains(name) || masked.contains(name.replacingOccurrences(of: "sigma_", with: "")) { return "" }
        if name.hasPrefix("sigma_") || name == "weight" {
          if name == "weight" && rng.next() % 10 == 0 { return "" }
          var s = randomNumber(&rng)
          while s.hasPrefix("-") || (DecimalNumber.parse(s).map { !($0 > 1e-90 && $0 < 1e90) } ?? true) {
            s = randomNumber(&rng)
          }
          return s
        }
        var s = randomNumber(&rng)
        while (DecimalNumber.parse(s).map { abs($0) > 1e-80 && abs($0) < 1e80 || $0 == 0 } ?? false) == false { s = randomNumber(&rng) }
        return rng.next() % 8 == 0 ? " \(s)\t" : s
      }
      lines.append(cells.joined(separator: ","))
      if rng.next() % 50 == 0 { lines.append(rng.next() % 2 == 0 ? "" : "  # a comment among the rows") }
    }
    return lines.joined(separator: eol) + (rng.next() % 2 == 0 ? eol : "")
  }

  /// Bit-for-bit equality of two reads.
  static func same(_ a: FringeData, _ b: FringeData) -> Bool {
    func bits(_ x: [Double]?) -> [UInt64]? { x?.map(\.bitPattern) }
    return a.points.map { [$0.x.bitPattern, $0.y.bitPattern, $0.z.bitPattern] }
      == b.points.map { [$0.x.bitPattern, $0.y.bitPattern, $0.z.bitPattern] }
      && a.lines == b.lines && a.components == b.components && bits(a.values) == bits(b.values)
      && bits(a.sigma) == bits(b.sigma) && bits(a.weight) == bits(b.weight) && a.metadata == b.metadata
  }

  /// The outcome of a read: the data and notes, or the error's text.
  enum Outcome {
    case read(FringeData, [String])
    case refused(String)

    func matches(_ other: Outcome) -> Bool {
      switch (self, other) {
      case let (.read(a, n), .read(b, m)): return FastReaderTests.same(a, b) && n == m
      case let (.refused(a), .refused(b)): return a == b
      default: return false
      }
    }
  }

  static func fringe(_ text: String, fast: Bool) -> Outcome {
    do {
      let (d, notes) = try FringeCSVReader.parseWithNotes(text: text, path: "f.csv", lengthUnitMetres: mm, fastRows: fast)
      return .read(d, notes)
    } catch {
      return .refused("\(error)")
    }
  }

  @Test func randomFringeFilesReadBitForBitAsBefore() throws {
    var rng = SplitMix64(seed: 1818)
    for _ in 0..<40 {
      let text = Self.randomFringeFile(&rng, rows: 300)
      let fast = Self.fringe(text, fast: true), slow = Self.fringe(text, fast: false)
      guard case .read(let d, _) = slow else {
        Issue.record("a random good file was refused: \(slow)")
        continue
      }
      #expect(d.points.count == 300)
      #expect(fast.matches(slow))
    }
  }

  /// One cell (or the field count) of a good file broken at a random row: the same
  /// message at the same line, or the same data when the change is still good input.
  @Test func brokenRowsGiveTodaysErrors() throws {
    var rng = SplitMix64(seed: 4242)
    let breakers = Self.oddCells + ["-1", "0", "1e101", "-1e-101", "1e-101", "1e200", "abc", "1,2", "\"1\""]
    var refused = 0
    for trial in 0..<300 {
      let text = Self.randomFringeFile(&rng, rows: 20)
      var lines = text.components(separatedBy: "\n")
      let header = lines.firstIndex { !$0.hasPrefix("#") && !$0.isEmpty } ?? 0
      let row = header + 1 + Int(rng.next() % 15)
      guard row < lines.count, !lines[row].hasPrefix("#"), !lines[row].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
      else { continue }
      var cells = lines[row].components(separatedBy: ",")
      switch trial % 4 {
      case 0: cells.append("")  // a trailing separator
      case 1: cells.removeLast()
      default: cells[Int(rng.next() % UInt64(cells.count))] = breakers[Int(rng.next() % UInt64(breakers.count))]
      }
      lines[row] = cells.joined(separator: ",")
      let broken = lines.joined(separator: "\n")
      let fast = Self.fringe(broken, fast: true), slow = Self.fringe(broken, fast: false)
      if case .refused = slow { refused += 1 }
      #expect(fast.matches(slow), "\(fast) vs \(slow)")
    }
    #expect(refused > 100)
  }

  /// Every layout of the measured-data reader: DICe (pixels, SIGMA mask), VIC-3D (quoted
  /// header, NaN cells), MatchID (';' and decimal commas), a whitespace table with a
  /// column map, tab-separated, trailing separators.
  @Test func measuredLayoutsReadBitForBitAsBefore() throws {
    var rng = SplitMix64(seed: 77)
    func number(_ separatorAllowsComma: Bool) -> String {
      var s = Self.randomNumber(&rng)
      while (DecimalNumber.parse(s).map { abs($0) < 1e60 } ?? false) == false { s = Self.randomNumber(&rng) }
      return separatorAllowsComma && rng.next() % 2 == 0 && !s.contains(",") ? s.replacingOccurrences(of: ".", with: ",") : s
    }
    struct Layout { var header: String; var separator: String; var columns: Int; var options: MeasuredDataOptions; var trailing: Bool }
    var dice = MeasuredDataOptions()
    dice.pixelSize = 0.02
    dice.planeZ = 0.5
    var lab = MeasuredDataOptions()
    lab.columns = try MeasuredDataOptions.parseColumnMap("xpos=x,ypos=y,zpos=z,u=ux,w=uz,quality=ignore",
                                                          at: SourceLocation(file: "--columns"))
    let layouts = [
      Layout(header: "SUBSET_ID,COORDINATE_X,COORDINATE_Y,DISPLACEMENT_X,DISPLACEMENT_Y,SIGMA,GAMMA", separator: ",",
             columns: 7, options: dice, trailing: false),
      Layout(header: "\"Count\",\"X\",\"Y\",\"Z\",\"U\",\"V\",\"W\",\"sigma\",\"exx\"", separator: ",", columns: 9,
             options: .init(), trailing: false),
      Layout(header: "\"coor.X [mm]\";\"coor.Y [mm]\";\"coor.Z [um]\";\"disp.Horizontal Displacement U [mm]\";\"disp.Out-Of-Plane: W [mm]\";\"strain.Exx [ ]\";",
             separator: ";", columns: 6, options: .init(), trailing: true),
      Layout(header: "xpos (mm)   ypos (mm)   zpos (mm)   u (um)    w (um)    quality", separator: "   ", columns: 6,
             options: lab, trailing: false),
      Layout(header: "X\tY\tZ\tU\tW\tsigma\t", separator: "\t", columns: 6, options: .init(), trailing: true),
    ]
    for (n, layout) in layouts.enumerated() {
      for trial in 0..<6 {
        let comma = layout.separator != ","
        var lines = ["# length_unit = mm", layout.header]
        for _ in 0..<200 {
          var cells = (0..<layout.columns).map { _ in number(comma) }
          // NaN (masked value, or a row dropped for NaN coordinates), a negative mask, an
          // empty value cell (not a coordinate: x, y, z lead every layout but DICe's).
          if rng.next() % 10 == 0 {
            let k = Int(rng.next() % UInt64(layout.columns))
            let coordinate = n == 0 ? (1...2).contains(k) : (n == 1 ? (1...3).contains(k) : k < 3)
            cells[k] = ["NaN", "nan", "-1", coordinate || layout.separator != "," ? "NaN" : ""][Int(rng.next() % 4)]
          }
          lines.append(cells.joined(separator: layout.separator) + (layout.trailing ? layout.separator : ""))
        }
        if trial % 2 == 1 {  // one broken cell
          let row = 2 + Int(rng.next() % 200)
          var cells = lines[row].components(separatedBy: layout.separator)
          cells[Int(rng.next() % UInt64(layout.columns))] = ["abc", "1.5,5", "inf", "1e999", "\"3\""][Int(rng.next() % 5)]
          lines[row] = cells.joined(separator: layout.separator)
        }
        let text = lines.joined(separator: trial % 3 == 0 ? "\r\n" : "\n")
        func outcome(_ fast: Bool) -> Outcome {
          do {
            let r = try MeasuredDataReader.parse(text: text, path: "m.csv", lengthUnitMetres: Self.mm, options: layout.options,
                                                 fastRows: fast)
            return .read(r.data, r.notes + ["\(r.rowsRead) \(r.rowsMasked) \(r.valuesMasked)"])
          } catch {
            return .refused("\(error)")
          }
        }
        let fast = outcome(true), slow = outcome(false)
        if trial % 2 == 0, case .refused(let e) = slow { Issue.record("layout \(n): a good file was refused: \(e)") }
        #expect(fast.matches(slow), "layout \(n), trial \(trial): \(fast) vs \(slow)")
      }
    }
  }
}
