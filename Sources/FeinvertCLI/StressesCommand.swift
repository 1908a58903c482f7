import ArgumentParser
import FeinvertIO
import StressPost

struct StressesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stresses",
    abstract: "Interlaminar stresses along the width of every ply interface; peaks, resultants and edge averages.")

  @Option(help: "Gmsh mesh.") var mesh: String
  @Option(help: "Model TOML (default: the mesh path with .toml).") var model: String?
  @Option(help: "Fit report JSON: use its estimates; with its covariance, add 95% bands.") var params: String?
  @Option(help: "Output directory: interlaminar.csv and interlaminar_summary.json.") var out: String
  @Option(help: "Station x of the lines (model length unit; default mid-length).") var station: Double?
  @Option(help: "Width of the strip next to each edge for the average (default: the thinner ply's thickness).")
  var characteristicDistance: Double?
  @Option(help: "Decay distance: where |σ − σ_far| falls below this share of the peak's.") var decayFraction = 0.05

  mutating func run() throws {
    let outcome = try StressesJob.run(
      mesh: mesh, model: model, params: params, out: out,
      options: .init(station: station, characteristicDistance: characteristicDistance, decayFraction: decayFraction))
    for s in outcome.summaries {
      let parts = s.components.map { c in
        "\(c.component.name) peak \(fmt(c.edgeYMinus.peak))/\(fmt(c.edgeYPlus.peak)) avg \(fmt(c.edgeYMinus.average))/\(fmt(c.edgeYPlus.average))"
      }
      print("interface \(s.line.interface) (z = \(fmt(s.line.z)), x = \(fmt(s.line.x))): " + parts.joined(separator: "; "))
    }
    if let absence = outcome.parameters?.covarianceAbsence {
      print("note: no 95% bands: \(absence)")
    }
    print("wrote \(outcome.written.joined(separator: ", "))")
  }

  func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
}
