import FEKernel

/// CSV text of a predicted surface field, in the fringe-data format of the contract.
///
/// Header `x,y,z,<components>`; one row per observation node. The file is a
/// valid fringe file, so `observed.csv` can be fed back to `feinvert fit`.
/// Numbers are printed in Swift's shortest round-trip form.
public enum ObservedFieldCSV {
  public static func encode(_ field: ObservedField, lengthUnit: String) -> String {
    var s = "# predicted displacement at the observation nodes; lengths in \(lengthUnit)\n"
    s += (["x", "y", "z"] + field.components.map { DOF.componentNames[$0] }).joined(separator: ",") + "\n"
    let m = field.components.count
    for (i, p) in field.points.enumerated() {
      var row = ["\(p.x)", "\(p.y)", "\(p.z)"]
      for c in 0..<m { row.append("\(field.values[i * m + c])") }
      s += row.joined(separator: ",") + "\n"
    }
    return s
  }
}
