import ArgumentParser
import FeinvertJobs

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
  @Option(name: .customLong("case"), help: "The load case to analyse, when the model has [[load_case]] tables.") var loadCase: String?

  mutating func run() throws {
    let outcome = try StressesJob.run(
      mesh: mesh, model: model, params: params, out: out,
      options: {
        var o = StressesJob.Options(station: station, characteristicDistance: characteristicDistance, decayFraction: decayFraction)
        o.loadCase = loadCase
        return o
      }())
    for line in outcome.printout { print(line) }
  }
}
