import FeinvertFiles
import FeinvertIO
import FEKernel

/// `feinvert solve`: the forward problem from files to `solution.vtu` (and
/// `observed.csv` when the model has an observation surface).
package enum SolveJob {
  /// - Returns: the one-line summary of the solve and the files written.
  package static func run(mesh: String, model: String?, out: String) throws -> (summary: String, written: [String]) {
    let input = try ProblemInput.load(mesh: mesh, model: model)
    let solution = try ForwardSolution.run(input.problem, factorization: input.modelFile.factorization)
    let written = try OutputDirectory.write(SolutionWriter.files(solution, problem: input.problem), into: out)
    return (solution.summary, written)
  }
}
