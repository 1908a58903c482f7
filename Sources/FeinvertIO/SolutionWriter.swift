import FECommon
import FEKernel

/// The outputs of a forward solve, encoded (the jobs write them).
public enum SolutionWriter {
  /// The files of a solve, encoded: `solution.vtu` and, when the model has an
  /// observation surface, `observed.csv` (name and text of each).
  public static func files(_ solution: ForwardSolution, problem: LinearElasticProblem) -> [(name: String, text: String)] {
    var files: [(name: String, text: String)] = [("solution.vtu", vtu(solution, mesh: problem.mesh))]
    if let observed = solution.observed {
      files.append(("observed.csv", ObservedFieldCSV.encode(observed, lengthUnit: problem.model.lengthUnit)))
    }
    return files
  }

  /// The contract's `solution.vtu` text.
  public static func vtu(_ solution: ForwardSolution, mesh: Mesh) -> String {
    VTUWriter.encode(
      mesh: mesh,
      pointData: [
        VTUField(name: "displacement", components: 3, values: solution.displacement),
        VTUField(name: "gmsh_node_tag", integers: mesh.nodeTags.map(\.rawValue)),
      ],
      cellData: [
        VTUField(name: "stress", components: 6, values: solution.elementStress),
        VTUField(name: "ply", integers: solution.elementPly),
      ])
  }
}
