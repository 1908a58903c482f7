import ArgumentParser
import FEKernel
import FeinvertIO

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

  mutating func run() throws {
    let input = try ProblemInput.load(mesh: mesh, model: model)
    let solution = try ForwardSolution.run(input.problem)
    let written = try SolutionWriter.write(solution, problem: input.problem, to: out)
    print("solve: \(solution.summary)")
    print("wrote \(written.joined(separator: ", "))")
  }
}
