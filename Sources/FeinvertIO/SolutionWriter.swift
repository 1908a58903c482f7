import FeinvertFiles
import FECommon
import FEKernel
import Foundation

/// Writes the outputs of a forward solve into a directory, each file atomically.
public enum SolutionWriter {
  /// Writes `DIR/solution.vtu` and, when the model has an observation surface,
  /// `DIR/observed.csv`. Everything is encoded before the first file is written.
  ///
  /// - Returns: the paths written.
  @discardableResult
  public static func write(_ solution: ForwardSolution, problem: LinearElasticProblem, to directory: String) throws -> [String] {
    let vtu = vtu(solution, mesh: problem.mesh)
    var files: [(String, String)] = [("solution.vtu", vtu)]
    if let observed = solution.observed {
      files.append(("observed.csv", ObservedFieldCSV.encode(observed, lengthUnit: problem.model.lengthUnit)))
    }
    try makeDirectory(directory)
    var written = [String]()
    for (name, text) in files {
      let path = outputPath(directory, name)
      try writeAtomically(text, to: path)
      written.append(path)
    }
    return written
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

  /// `directory/name`, without doubling a trailing slash the user typed.
  package static func outputPath(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
  }

  /// Creates an output directory (and its parents) if it does not exist.
  public static func makeDirectory(_ directory: String) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw InputError("exists and is not a directory; expected an output directory", at: SourceLocation(file: directory))
      }
      return
    }
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw InputError("cannot create the output directory (\(error.localizedDescription)); expected a writable path", at: SourceLocation(file: directory))
    }
  }
}
