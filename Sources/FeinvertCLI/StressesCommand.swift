import ArgumentParser
import FeinvertJobs

struct StressesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stresses",
    abstract: "Interlaminar stresses along every free edge of every ply interface (and the width line of a coupon along x); peaks, resultants, edge averages, mesh-quality warnings.")

  @Option(help: "Gmsh mesh.") var mesh: String
  @Option(help: "Model TOML (default: the mesh path with .toml).") var model: String?
  @Option(help: "Fit report JSON: use its estimates; with its covariance, add 95% bands.") var params: String?
  @Option(help: "Output directory: interlaminar.csv, free_edges.csv and interlaminar_summary.json.") var out: String
  @Option(help: "Station x of the lines (model length unit; default mid-length).") var station: Double?
  @Option(help: "Width of the strip next to each edge for the average (default: the thinner ply's thickness).")
  var characteristicDistance: Double?
  @Option(help: "Decay distance: where |σ − σ_far| falls below this share of the peak's.") var decayFraction = 0.05
  @Option(help: "Also write the HTML report of the tractions (with the fit's tables when --params is given).") var html: String?

  @Option(help: "Report only the free edges of this physical surface group (repeatable; default: every free edge).")
  var edge: [String] = []
  @Option(help: "A path of your own, reported at every interface: circle:CX,CY,R or polyline:X1,Y1;X2,Y2;... (repeatable).")
  var path: [String] = []
  @Flag(help: "Count the observation face's edges as free edges (they are left out by default).")
  var includeObserved = false
  @Option(help: "Warn when the two plies' edge averages differ by more than this share of the edge's largest.")
  var sideFraction = 0.10

  @Option(name: .customLong("case"), help: "The load case to analyse, when the model has [[load_case]] tables.") var loadCase: String?

  mutating func run() throws {
    var options = StressesJob.Options(station: station, characteristicDistance: characteristicDistance, decayFraction: decayFraction)
    options.edges = edge
    options.paths = path
    options.includeObserved = includeObserved
    options.sideFraction = sideFraction
    options.html = html
    options.loadCase = loadCase
    let outcome = try StressesJob.run(mesh: mesh, model: model, params: params, out: out, options: options)
    for line in outcome.printout { print(line) }
  }
}
