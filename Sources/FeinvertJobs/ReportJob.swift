import FECommon
import FeinvertFiles
import FitReportHTML
import Foundation

/// `feinvert report`, `fit --html` and `stresses --html`: the engineer's HTML page from the
/// outputs (README, "The HTML report").
package enum ReportJob {
  /// The inputs of `feinvert report`: fit.json, residuals.csv and a stresses directory.
  package struct Paths: Sendable {
    package var fit: String?
    package var residuals: String?
    package var stresses: String?
    package var output: String
    package init(fit: String?, residuals: String?, stresses: String?, output: String) {
      self.fit = fit
      self.residuals = residuals
      self.stresses = stresses
      self.output = output
    }
  }

  /// Reads the files, builds the page and writes it atomically.
  ///
  /// - Parameters:
  ///   - gratingFrequency: lines per model length unit, for the fringe images; nil: none.
  ///   - maxCellsPerMap: the most cells of one map (larger data sets are averaged into cells).
  /// - Returns: the page's size in bytes and the number of figures.
  @discardableResult
  package static func run(_ paths: Paths, gratingFrequency: Double? = nil, maxCellsPerMap: Int = 40_000) throws
    -> (bytes: Int, figures: Int)
  {
    guard paths.fit != nil || paths.stresses != nil else {
      throw InputError("found neither --fit nor --stresses; expected a fit report, a stresses output directory, or both",
                       at: SourceLocation(file: "command line", key: "report"))
    }
    if paths.residuals != nil && paths.fit == nil {
      throw InputError("found --residuals without --fit; expected the fit report the residuals belong to",
                       at: SourceLocation(file: "command line", key: "--residuals"))
    }
    guard maxCellsPerMap >= 100 else {
      throw InputError("found \(maxCellsPerMap); expected at least 100 cells per map",
                       at: SourceLocation(file: "command line", key: "--max-cells"))
    }
    try checkOutputFile(paths.output, option: "-o", inputs: [paths.fit, paths.residuals].compactMap { $0 })
    let library = try ChartLibrary.text()
    let page = try FitReportPage.build(.init(
      fit: paths.fit, residuals: paths.residuals, stresses: paths.stresses, gratingFrequency: gratingFrequency,
      maxCellsPerMap: maxCellsPerMap))
    let html = page.html(library: library)
    try OutputDirectory.writeFile(html, to: paths.output)
    return (html.utf8.count, page.figureCount)
  }

  /// The page of a fit that has just run, from its report and residuals in memory (so
  /// that `fit --html` needs neither `--report` nor `--out`); the caller writes it.
  package static func html(
    fitJSON: String, residualsCSV: String, source: String, gratingFrequency: Double?, stresses: String? = nil
  ) throws -> String {
    let library = try ChartLibrary.text()
    let page = try FitReportPage.build(
      fit: try FitReportFile.parse(text: fitJSON, path: source),
      residuals: residualsCSV.isEmpty ? nil : try ResidualTable.parse(Array(residualsCSV.utf8), path: source + " (residuals)"),
      stresses: try stresses.map(StressesFiles.read), gratingFrequency: gratingFrequency, maxCellsPerMap: 40_000, title: source)
    return page.html(library: library)
  }

  /// Checks, before any work, that `path` can take the page and that the charting library is there.
  package static func checkOutput(_ path: String, inputs: [String], option: String = "--html") throws {
    try checkOutputFile(path, option: option, inputs: inputs)
    _ = try ChartLibrary.text()
  }
}
