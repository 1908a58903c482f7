import ArgumentParser
import FeinvertJobs

struct SynthCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "synth",
    abstract: "Synthetic moiré data from the model's own constants, on a grid of the observation surface.")

  @Option(help: "Gmsh mesh.") var mesh: String
  @Option(help: "Model TOML (default: the mesh path with .toml).") var model: String?
  @Option(name: .shortAndLong, help: "Output CSV.") var output: String
  @Option(help: "Standard deviation of Gaussian noise added to each value (length unit).") var noise: Double = 0
  @Flag(help: "Write fringe orders (Nx, Ny, Nz) instead of displacements.") var fringeOrders = false
  @Option(help: "Grating frequency for fringe orders (lines per mm).") var frequency: Double?
  @Option(help: "Random seed.") var seed: UInt64 = 1
  @Option(help: "Grid spacing on the surface (length unit; default: the larger extent / 60).") var spacing: Double?
  @Option(help: "Rigid-body motion added to the data: \"tx,ty,tz,rotation\" (length unit; radians about the surface normal).")
  var rigidBody: String?
  @Option(help: "Number of masked circular holes.") var holes: Int = 0
  @Option(help: "Radius of the holes (length unit; default 5% of the larger extent).") var holeRadius: Double?
  @Option(name: .customLong("case"), help: "The load case (or CASE/FACE) whose data to write, when the model has several.")
  var dataSet: String?

  mutating func run() throws {
    var o = SynthJob.Options(mesh: mesh, model: model, output: output)
    (o.noise, o.fringeOrders, o.frequency, o.seed, o.spacing) = (noise, fringeOrders, frequency, seed, spacing)
    (o.rigidBody, o.holes, o.holeRadius, o.dataSet) = (rigidBody, holes, holeRadius, dataSet)
    print(try SynthJob.run(o))
  }
}
