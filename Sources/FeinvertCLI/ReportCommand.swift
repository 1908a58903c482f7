import ArgumentParser
import FeinvertJobs

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "One self-contained HTML page (offline, no network request) from a fit report, its residuals and a stresses output.")

  @Option(help: "Fit report JSON (fit --report).") var fit: String?
  @Option(help: "Residuals CSV (fit --out DIR writes DIR/residuals.csv): the maps and residual diagnostics.") var residuals: String?
  @Option(help: "Output directory of feinvert stresses: the interlaminar tractions with their bands.") var stresses: String?
  @Option(help: "Grating frequency, lines per model length unit: adds the moiré fringe images cos²(π f u).") var frequency: Double?
  @Option(help: "The most cells of one map; larger data sets are averaged into cells.") var maxCells = 40_000
  @Option(name: .shortAndLong, help: "The HTML file to write.") var output: String

  mutating func run() throws {
    let written = try ReportJob.run(
      .init(fit: fit, residuals: residuals, stresses: stresses, output: output), gratingFrequency: frequency,
      maxCellsPerMap: maxCells)
    print("wrote \(output) (\(written.bytes) bytes, \(written.figures) figures)")
  }
}
