import ArgumentParser
import FeinvertJobs

struct SolveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "solve",
    abstract: "Solve the forward problem; write solution.vtu and observed.csv.")

  @Option(help: "Gmsh mesh (MSH 4.1 ASCII/binary or 2.2 ASCII).")
  var mesh: String
  @Option(help: "Model TOML (default: the mesh path with .toml).")
  var model: String?
  @Option(help: "Output directory.")
  var out: String
  @Flag(help: "Write solution.vtu's arrays as ASCII text (default: binary, zlib-compressed when smaller).")
  var asciiVtu = false

  @Option(name: .customLong("case"), help: "The load case (or CASE/FACE) to solve, when the model has several.")
  var loadCase: String?

  mutating func run() throws {
    let (summary, written, warnings) = try SolveJob.run(mesh: mesh, model: model, out: out, loadCase: loadCase, asciiVTU: asciiVtu)
    print("solve: \(summary)")
    for warning in warnings { print("warning: \(warning)") }
    print("wrote \(written.joined(separator: ", "))")
  }
}
