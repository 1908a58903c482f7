/// Conversions of the units the model may name to SI, for documentation and for
/// converting fringe orders (lines per mm) and the fringe CSV's stated units to the
/// model's length unit.
public enum UnitScale {
  public static let lengthMetres: [String: Double] = ["m": 1, "mm": 1e-3, "um": 1e-6, "in": 0.0254, "cm": 1e-2]
  public static let stressPascal: [String: Double] = ["Pa": 1, "kPa": 1e3, "MPa": 1e6, "GPa": 1e9, "psi": 6894.757293168, "ksi": 6894757.293168, "Msi": 6894757293.168]

  /// Other spellings of the length units, mapped to the keys of `lengthMetres`.
  static let lengthAliases: [String: String] = [
    "µm": "um", "μm": "um", "micron": "um", "microns": "um", "micrometre": "um", "micrometer": "um",
    "millimetre": "mm", "millimeter": "mm", "centimetre": "cm", "centimeter": "cm",
    "metre": "m", "meter": "m", "inch": "in", "inches": "in",
  ]

  /// The key of `lengthMetres` a unit name stands for (`"µm"` → `"um"`), or nil when it
  /// names no length unit feinvert knows. Case matters (`"Mm"` is not `"mm"`), except in
  /// the spelled-out names.
  public static func lengthUnit(named name: String) -> String? {
    if lengthMetres[name] != nil { return name }
    return lengthAliases[name] ?? lengthAliases[name.lowercased()]
  }

  /// The force unit implied by a stress unit and a length unit: stress × length²
  /// (MPa and mm: N; Pa and m: N; GPa and mm: kN; psi and in: lbf).
  ///
  /// Loads (`[[load]] force`) are read in this unit. A combination without a common name
  /// is spelled out with its value in newtons (`"MPa·m² (= 1e+06 N)"`).
  /// - Returns: the name, or nil when either unit is unknown.
  public static func forceUnit(stress: String, length: String) -> String? {
    guard let s = stressPascal[stress], let l = lengthMetres[length] else { return nil }
    let newtons = s * l * l
    if stress == "psi" && length == "in" { return "lbf" }
    if stress == "ksi" && length == "in" { return "kip" }
    let named: [(Double, String)] = [(1, "N"), (1e3, "kN"), (1e6, "MN"), (1e-3, "mN"), (1e-6, "µN")]
    if let match = named.first(where: { abs(newtons / $0.0 - 1) < 1e-9 }) { return match.1 }
    var value = "\(newtons)"
    if let e = value.firstIndex(of: "e") { value = String(value[..<e]).replacingZeroFraction() + String(value[e...]) }
    return "\(stress)·\(length)² (= \(value) N)"
  }
}

extension String {
  /// "1.0" → "1"; other text unchanged.
  fileprivate func replacingZeroFraction() -> String { hasSuffix(".0") ? String(dropLast(2)) : self }
}
