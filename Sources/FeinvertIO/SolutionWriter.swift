import Foundation
import FECommon
import FEKernel

/// The outputs of a forward solve, encoded (the jobs write them).
public enum SolutionWriter {
  /// Names of the `stress` components, Voigt order `xx yy zz yz xz xy` (global axes).
  public static let stressComponentNames = ["sigma_xx", "sigma_yy", "sigma_zz", "tau_yz", "tau_xz", "tau_xy"]
  /// Names of the `strain` components, Voigt order, engineering shears (γ = 2ε).
  public static let strainComponentNames = ["epsilon_xx", "epsilon_yy", "epsilon_zz", "gamma_yz", "gamma_xz", "gamma_xy"]
  /// Names of the `stress_ply_axes` components (1 fibre, 2 in-plane transverse, 3 normal).
  public static let plyAxesComponentNames = ["sigma_11", "sigma_22", "sigma_33", "tau_23", "tau_13", "tau_12"]

  /// The files of a solve, encoded: `solution.vtu` and, when the model has an
  /// observation surface, `observed.csv` (name and text of each).
  public static func files(_ solution: ForwardSolution, problem: LinearElasticProblem, format: VTUFormat = .binary)
    -> [(name: String, text: String)]
  {
    var files: [(name: String, text: String)] = [("solution.vtu", vtu(solution, problem: problem, format: format))]
    if let observed = solution.observed {
      files.append(("observed.csv", ObservedFieldCSV.encode(observed, lengthUnit: problem.model.lengthUnit)))
    }
    return files
  }

  /// A ParaView collection (`.pvd`) of several solution files, one per load case: each a
  /// `DataSet` whose `timestep` is its index (ParaView's time control steps through them)
  /// and whose `name` is the case's.
  public static func pvd(_ entries: [(name: String, file: String)]) -> String {
    func escape(_ s: String) -> String {
      s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
        .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
    var s = "<?xml version=\"1.0\"?>\n<VTKFile type=\"Collection\" version=\"0.1\" byte_order=\"LittleEndian\">\n  <Collection>\n"
    for (k, e) in entries.enumerated() {
      s += "    <DataSet timestep=\"\(k)\" group=\"\" part=\"0\" name=\"\(escape(e.name))\" file=\"\(escape(e.file))\"/>\n"
    }
    return s + "  </Collection>\n</VTKFile>\n"
  }

  /// The `solution.vtu` text: the contract's fields and the extensions (README, "The
  /// solution file").
  ///
  /// Point data: `displacement` (ux uy uz), `gmsh_node_tag`. Cell data: `stress`
  /// (`sigma_xx … tau_xy`, Voigt order, global axes, element average), `strain`
  /// (`epsilon_xx … gamma_xy`, engineering shears), `stress_ply_axes` (`sigma_11 …
  /// tau_12`), `ply` (1-based, counted from the bottom as `stresses` counts),
  /// `ply_entry` (1-based `[[plies]]` entry). Field data, one value per ply from the
  /// bottom, each component named by the ply's group: `ply_angle_degrees`,
  /// `ply_entry`; and `ply_material` (the 1-based `[materials]` number, each component
  /// named by the material). When `[materials]` gives strengths: cell data
  /// `failure_index_tsai_wu` (`PlyStrengths.tsaiWuIndex` of the element-average ply-axis
  /// stress; NaN where the element's material has none).
  ///
  /// - Parameters:
  ///   - model: the constants the solution was computed with (a fit's estimate); the
  ///     problem's own by default.
  ///   - format: binary (compressed when smaller) or ASCII arrays.
  public static func vtu(
    _ solution: ForwardSolution, problem: LinearElasticProblem, model: ModelDefinition? = nil, format: VTUFormat = .binary
  ) -> String {
    let model = model ?? problem.model
    let mesh = problem.mesh
    let derived = ElementFields.derive(problem: problem, model: model, elementStress: solution.elementStress)
    let plyNames = derived.plyOrder.map { model.plies[$0].group }
    let materialNumber = derived.plyOrder.map { p in
      1 + (model.materials.firstIndex { $0.name == model.plies[p].material } ?? -1)
    }
    let plyCount = derived.plyOrder.count
    var fieldData: [VTUField] = []
    if plyCount > 0 {
      fieldData = [
        VTUField(
          name: "ply_angle_degrees", components: plyCount,
          values: derived.plyOrder.map { model.plies[$0].angle * 180 / .pi }, componentNames: plyNames),
        VTUField(name: "ply_entry", components: plyCount, integers: derived.plyOrder.map { $0 + 1 }, componentNames: plyNames),
        VTUField(
          name: "ply_material", components: plyCount, integers: materialNumber,
          componentNames: derived.plyOrder.map { model.plies[$0].material }),
      ]
    }
    var failure = [VTUField]()
    if let index = model.tsaiWuIndices(stressPlyAxes: derived.stressPlyAxes, elementPly: solution.elementPly) {
      failure.append(VTUField(name: "failure_index_tsai_wu", components: 1, values: index))
    }
    return VTUWriter.encode(
      mesh: mesh,
      pointData: [
        VTUField(name: "displacement", components: 3, values: solution.displacement, componentNames: ["ux", "uy", "uz"]),
        VTUField(name: "gmsh_node_tag", integers: mesh.nodeTags.map(\.rawValue)),
      ],
      cellData: [
        VTUField(name: "stress", components: 6, values: solution.elementStress, componentNames: stressComponentNames),
        VTUField(name: "strain", components: 6, values: derived.strain, componentNames: strainComponentNames),
        VTUField(
          name: "stress_ply_axes", components: 6, values: derived.stressPlyAxes, componentNames: plyAxesComponentNames),
        VTUField(name: "ply", integers: derived.plyFromBottom),
        VTUField(name: "ply_entry", integers: solution.elementPly),
      ] + failure,
      fieldData: fieldData, format: format)
  }
}
