import FECommon
import FEKernel
import Foundation
import TOMLKit

/// The candidate file of `feinvert design` (an extension; README "Designing the test"):
///
///     choose = 2                       # optional: pick the best set of this many
///     criterion = "d"                  # optional: "d", "a" or "weighted"
///     parameters = ["IM7_8552.E1", "IM7_8552.nu12"]   # optional: default, the first model's [fit.parameters]
///     robust = false                   # optional: select on the worst case over the box
///     combinations = [["tension", "bending_top"]]      # optional: combinations to predict
///     [target]                         # optional: relative standard errors wanted
///     "IM7_8552.nu12" = 0.1
///     [nominal]                        # optional: nominal values (default: the models' initial values)
///     "IM7_8552.E2" = 9000.0
///     [nominal_box]                    # optional: relative half-widths, 0.1 or "10%"
///     "IM7_8552.E2" = "10%"
///     box_points = 32                  # optional, in [nominal_box]: Latin hypercube size beyond 64 corners
///     seed = 1                         # optional, in [nominal_box]
///
///     [[candidate]]
///     name = "tension"                 # unique; letters, digits, _ - . only
///     mesh = "coupon.msh"              # relative to this file's directory
///     model = "coupon.toml"            # default: the mesh's path with .toml
///     data_sets = ["tension"]          # the model's data sets (CASE, CASE/FACE, FACE); default: all
///     components = ["ux", "uz"]        # optional: replaces each data set's observed components
///     spacing = 0.25                   # grid spacing on the face (length unit), or
///     points = 400                     # about this many points (exactly one of the two; default spacing: extent / 60)
///     sigma = 2e-5                     # noise standard deviation, length unit (required, > 0)
///
/// Every key is checked here for its own sake (type, sign, known names); the job checks
/// the names against the models (data sets, parameters) and reports them at the key's line.
public struct DesignFile: Sendable {
  public struct Candidate: Sendable {
    public var name: String
    public var mesh: String
    public var model: String?
    public var dataSets: [String]?
    public var components: [Int]?
    public var spacing: Double?
    public var points: Int?
    public var sigma: Double
    /// `candidate[i]`, for `location`.
    public var key: String
  }

  public enum Criterion: String, Sendable { case d, a, weighted }

  public var path: String
  public var candidates: [Candidate]
  public var choose: Int?
  public var criterion: Criterion?
  public var parameters: [String]?
  public var robust: Bool?
  public var combinations: [[String]]
  /// Parameter name → relative standard error wanted.
  public var targets: [(name: String, value: Double)]
  public var nominal: [(name: String, value: Double)]
  /// Parameter name → relative half-width of the box.
  public var nominalBox: [(name: String, value: Double)]
  public var boxPoints: Int?
  public var seed: UInt64?
  let lines: TOMLLineIndex

  /// The file, line and key of a key path (`candidate[2].sigma`, `target.IM7_8552.nu12`).
  public func location(_ key: String) -> SourceLocation {
    SourceLocation(file: path, line: lines.line(of: key), key: key)
  }
}

public enum DesignFileReader {
  public static func read(path: String) throws -> DesignFile {
    let text = try TOMLDocument.text(of: path, unreadable: "cannot read the candidate file; expected a readable TOML file", notText: "the file is not UTF-8 text; expected a TOML candidate file")
    return try parse(text: text, path: path)
  }

  public static func parse(text: String, path: String) throws -> DesignFile {
    let document = try TOMLDocument(text: text, path: path)
    let (root, reader, lines) = (document.root, document.reader, document.reader.lines)
    try reader.allowOnly(
      ["candidate", "choose", "criterion", "parameters", "robust", "combinations", "target", "nominal", "nominal_box"],
      in: root, at: "")
    let directory = (path as NSString).deletingLastPathComponent
    func resolve(_ p: String) -> String {
      p.hasPrefix("/") || directory.isEmpty ? p : (directory as NSString).appendingPathComponent(p)
    }
    let tables = try reader.arrayOfTables(root, "candidate")
    guard !tables.isEmpty else {
      throw InputError("no [[candidate]] table; expected at least one candidate set-up", at: SourceLocation(file: path))
    }
    var candidates = [DesignFile.Candidate]()
    for (i, t) in tables.enumerated() {
      let key = "candidate[\(i)]"
      try reader.allowOnly(["name", "mesh", "model", "data_sets", "components", "spacing", "points", "sigma"], in: t, at: key)
      let name = try reader.string(t, "name", at: key)
      guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) else {
        throw reader.error("\(key).name", "\"\(name)\"; expected a name of letters, digits, _ - . (it names output files)")
      }
      if let first = candidates.first(where: { $0.name == name }) {
        throw reader.error("\(key).name", "\"\(name)\" is also the name of \(first.key); expected unique names")
      }
      let mesh = resolve(try reader.string(t, "mesh", at: key))
      let model = try reader.optionalString(t, "model", at: key).map(resolve)
      let dataSets = t["data_sets"] == nil ? nil : try reader.stringArray(t, "data_sets", at: key)
      if let d = dataSets, d.isEmpty { throw reader.error("\(key).data_sets", "is empty; expected at least one data set name (or no key: all)") }
      if let d = dataSets, Set(d).count != d.count {
        throw reader.error("\(key).data_sets", "\(d) names a data set twice; expected distinct names (a second test of the same face is a candidate of its own)")
      }
      var components: [Int]?
      if t["components"] != nil {
        let names = try reader.stringArray(t, "components", at: key)
        components = try names.map { c in
          guard let k = DOF.componentNames.firstIndex(of: c) else {
            throw reader.error("\(key).components", "\"\(c)\"; expected some of \(DOF.componentNames.joined(separator: ", "))")
          }
          return k
        }
        guard !components!.isEmpty, Set(components!).count == components!.count else {
          throw reader.error("\(key).components", "\(names); expected distinct components, at least one")
        }
      }
      let spacing = try reader.optionalNumber(t, "spacing", at: key)
      let points = try reader.optionalNumber(t, "points", at: key)
      if spacing != nil && points != nil {
        throw reader.error("\(key).points", "is given with spacing; expected one of spacing and points")
      }
      if let s = spacing, !(s > 0) { throw reader.error("\(key).spacing", "= \(s); expected a positive length") }
      if let p = points, !(p >= 3 && p <= 1e7 && p == p.rounded()) {
        throw reader.error("\(key).points", "= \(p); expected a whole number of points from 3 to 10⁷")
      }
      guard let sigma = try reader.optionalNumber(t, "sigma", at: key) else {
        throw reader.error("\(key).sigma", "is missing; expected the noise standard deviation (length unit) of the candidate's data")
      }
      guard sigma > 0 else { throw reader.error("\(key).sigma", "= \(sigma); expected a positive noise standard deviation") }
      candidates.append(DesignFile.Candidate(
        name: name, mesh: mesh, model: model, dataSets: dataSets, components: components, spacing: spacing,
        points: points.map { Int($0) }, sigma: sigma, key: key))
    }
    var choose: Int?
    if let k = try reader.optionalNumber(root, "choose", at: "") {
      guard k >= 1, k == k.rounded(), k <= Double(candidates.count) else {
        throw reader.error("choose", "= \(k); expected a whole number from 1 to the \(candidates.count) candidates")
      }
      choose = Int(k)
    }
    var criterion: DesignFile.Criterion?
    if let c = try reader.optionalString(root, "criterion", at: "") {
      guard let v = DesignFile.Criterion(rawValue: c) else { throw reader.error("criterion", "\"\(c)\"; expected \"d\", \"a\" or \"weighted\"") }
      criterion = v
    }
    let parameters = root["parameters"] == nil ? nil : try reader.stringArray(root, "parameters", at: "")
    if let p = parameters, p.isEmpty || Set(p).count != p.count {
      throw reader.error("parameters", "\(p); expected distinct parameter names, at least one")
    }
    var robust: Bool?
    if let v = root["robust"] {
      guard let b = v.bool else { throw reader.error("robust", "is a \(v.type); expected true or false") }
      robust = b
    }
    var combinations = [[String]]()
    if let v = root["combinations"] {
      guard let a = v.array else { throw reader.error("combinations", "is a \(v.type); expected an array of arrays of candidate names") }
      for item in a {
        guard let inner = item.array, !inner.isEmpty else {
          throw reader.error("combinations", "holds \(item.debugDescription); expected arrays of candidate names")
        }
        let names = try inner.map { x -> String in
          guard let s = x.string else { throw reader.error("combinations", "holds a \(x.type); expected candidate names") }
          guard candidates.contains(where: { $0.name == s }) else {
            throw reader.error("combinations", "\"\(s)\" is not a candidate; expected some of \(candidates.map(\.name).joined(separator: ", "))")
          }
          return s
        }
        guard Set(names).count == names.count else { throw reader.error("combinations", "\(names) names a candidate twice; expected distinct names") }
        combinations.append(names)
      }
    }
    let targets = try namedNumbers(root, "target", reader: reader) { v, key in
      guard v > 0 else { throw reader.error(key, "= \(v); expected a relative standard error > 0 (0.02 for 2 %)") }
    }
    // Zero is checked by the job (a ply angle may be 0; a modulus may not).
    let nominal = try namedNumbers(root, "nominal", reader: reader) { _, _ in }
    var box = [(name: String, value: Double)]()
    var boxPoints: Int?, seed: UInt64?
    if let t = try reader.optionalTable(root, "nominal_box", at: "") {
      for name in t.keys.sorted(by: { reader.order("nominal_box.\($0)") < reader.order("nominal_box.\($1)") }) {
        let key = "nominal_box.\(name)"
        if name == "box_points" || name == "seed" {
          let v = try reader.number(t, name, at: "nominal_box")
          guard v >= 1, v == v.rounded(), v <= 100_000 else { throw reader.error(key, "= \(v); expected a whole number from 1 to 100000") }
          if name == "seed" { seed = UInt64(v) } else { boxPoints = Int(v) }
          continue
        }
        box.append((name, try relativeWidth(t[name]!, key: key, reader: reader)))
      }
    }
    return DesignFile(
      path: path, candidates: candidates, choose: choose, criterion: criterion, parameters: parameters, robust: robust,
      combinations: combinations, targets: targets, nominal: nominal, nominalBox: box, boxPoints: boxPoints, seed: seed,
      lines: lines)
  }

  /// `[name]` of parameter name = number, in file order.
  static func namedNumbers(
    _ root: TOMLTable, _ table: String, reader: TableReader, check: (Double, String) throws -> Void
  ) throws -> [(name: String, value: Double)] {
    guard let t = try reader.optionalTable(root, table, at: "") else { return [] }
    var out = [(name: String, value: Double)]()
    for name in t.keys.sorted(by: { reader.order("\(table).\($0)") < reader.order("\(table).\($1)") }) {
      let v = try reader.number(t, name, at: table)
      try check(v, "\(table).\(name)")
      out.append((name, v))
    }
    return out
  }

  /// A relative half-width: a number (0.1) or a percentage string ("10%"), in [0, 1).
  static func relativeWidth(_ v: any TOMLValueConvertible, key: String, reader: TableReader) throws -> Double {
    var x: Double?
    if let d = v.double { x = d } else if let i = v.int { x = Double(i) } else if let s = v.string {
      let t = s.trimmingCharacters(in: .whitespaces)
      if t.hasSuffix("%"), let p = Double(t.dropLast().trimmingCharacters(in: .whitespaces)) { x = p / 100 }
    }
    guard let w = x, w.isFinite, w >= 0, w < 1 else {
      throw reader.error(key, "\(v.debugDescription); expected a relative half-width from 0 to below 1, as 0.1 or \"10%\"")
    }
    return w
  }

  /// "E2=0.02,nu12=10%" (the command line's `--target` and `--nominal-box`): name → number,
  /// a trailing % dividing by 100.
  public static func parseAssignments(_ text: String, option: String) throws -> [(name: String, value: Double)] {
    var out = [(name: String, value: Double)]()
    for part in text.split(separator: ",") {
      let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      var value: Double?
      if pieces.count == 2 {
        value = pieces[1].hasSuffix("%") ? Double(pieces[1].dropLast()).map { $0 / 100 } : Double(pieces[1])
      }
      guard pieces.count == 2, !pieces[0].isEmpty, let v = value, v.isFinite else {
        throw InputError("\"\(part)\" in \"\(text)\"; expected NAME=NUMBER (or NAME=P%) separated by commas", at: SourceLocation(file: option))
      }
      out.append((pieces[0], v))
    }
    guard !out.isEmpty else { throw InputError("is empty; expected NAME=NUMBER, ...", at: SourceLocation(file: option)) }
    return out
  }
}
