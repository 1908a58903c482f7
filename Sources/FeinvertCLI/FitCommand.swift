import ArgumentParser
import FeinvertJobs
import Foundation

struct FitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fit",
    abstract: "Fit ply parameters to measured moiré displacements; report estimates with uncertainties.")

  @Option(help: "Gmsh mesh.") var mesh: String
  @Option(help: "Fringe data CSV; with load cases or several observed faces, NAME=FILE, repeated (NAME: the load case, or CASE/FACE).")
  var fringes: [String] = []
  @Option(help: "Model TOML (default: the mesh path with .toml).") var model: String?
  @Option(help: "Report JSON.") var report: String?
  @Option(help: "Output directory: solution.vtu at the estimate and residuals.csv.") var out: String?
  @Option(help: "Also write the HTML report (maps, residual diagnostics, parameter tables; needs neither --report nor --out).")
  var html: String?
  @Flag(help: "Drop data points farther from the observation surface than 1% of the local element size (counted in the report) instead of failing.")
  var dropOffSurface = false
  @Flag(help: "Write solution.vtu's arrays as ASCII text (default: binary, zlib-compressed when smaller).")
  var asciiVtu = false
  @Option(help: "Column map of the data file: FILE_COLUMN=ROLE pairs (\"X=x,U=ux,sigma=mask\"); replaces the model's [data.columns].")
  var columns: String?

  mutating func run() throws {
    let clock = ContinuousClock()
    let start = clock.now
    var paths = FitJob.Paths(mesh: mesh, model: model, fringes: fringes, report: report, out: out, columns: columns)
    paths.html = html
    paths.asciiVTU = asciiVtu
    let result = try FitJob.run(paths, dropOffSurface: dropOffSurface) { record in
      let elapsed = (clock.now - start).components
      let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
      // Written straight to the descriptor so each line shows at once, also when piped.
      let line = String(format: "iter %3d  objective %.6e  step %.3e  damping %.2e  elapsed %.1f s",
                        record.iteration, record.objective, record.stepNorm, record.damping, seconds)
        + (record.accepted ? "" : "  (rejected)") + "\n"
      FileHandle.standardOutput.write(Data(line.utf8))
    }
    for note in result.notes { print("note: \(note)") }
    for warning in result.warnings { print("warning: \(warning)") }
    print(result.table, terminator: "")
    if !result.written.isEmpty { print("wrote \(result.written.joined(separator: ", "))") }
    if !result.converged { throw ExitCode(4) }
  }
}
