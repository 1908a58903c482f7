import FeinvertFiles
import FeinvertIO
import FEKernel

/// `feinvert solve`: the forward problem from files to `solution.vtu` (and
/// `observed.csv` when the model has an observation surface); `asciiVTU` writes the
/// VTU's arrays as text instead of (compressed) binary.
package enum SolveJob {
  /// Reads, checks `--out` before solving, solves and writes.
  ///
  /// - Returns: the one-line summary of the solve, the files written, and warnings
  ///   (a largest strain above 2 %, `StrainCheck`).
  package static func run(mesh: String, model: String?, out: String, loadCase: String? = nil, asciiVTU: Bool = false) throws
    -> (summary: String, written: [String], warnings: [String])
  {
    // With [[load_case]] tables or several faces: the case (and face) named by --case.
    let input = try ProblemInput.load(mesh: mesh, model: model, distributedSolve: true).selectingDataSet(loadCase)
    try checkOutputDirectory(out, option: "--out")
    if let settings = input.modelFile.solverOptions.distributed {  // SolveJob+Distributed.swift
      return try runDistributed(input, settings: settings, out: out, asciiVTU: asciiVTU)
    }
    let solution = try ForwardSolution.run(input.problem, factorization: input.modelFile.factorization)
    let warnings = [StrainCheck.warning(solution.largestStrain, context: "with the model's constants", model: input.problem.model)]
      .compactMap { $0 }
    let written = try OutputDirectory.write(SolutionWriter.files(solution, problem: input.problem, format: asciiVTU ? .ascii : .binary), into: out)
    return (solution.summary, written, warnings)
  }
}
