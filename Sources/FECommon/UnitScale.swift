/// Conversions of the units the model may name to SI, for documentation and for
/// converting fringe orders (lines per mm) to the model's length unit.
public enum UnitScale {
  public static let lengthMetres: [String: Double] = ["m": 1, "mm": 1e-3, "um": 1e-6, "in": 0.0254, "cm": 1e-2]
  public static let stressPascal: [String: Double] = ["Pa": 1, "kPa": 1e3, "MPa": 1e6, "GPa": 1e9, "psi": 6894.757293168, "ksi": 6894757.293168, "Msi": 6894757293.168]
}
