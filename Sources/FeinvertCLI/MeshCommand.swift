import ArgumentParser
import FeinvertJobs

struct MeshCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mesh",
    abstract: "Mesh a laminate coupon (MSH 4.1) and write its model TOML beside it.")

  @Option(help: "Stacking sequence, bottom ply first, e.g. \"[45/-45]s\", \"[0/90]2s\".")
  var layup: String
  @Option(help: "Ply thickness (length unit).")
  var plyThickness: Double
  @Option(help: "Coupon length along x.")
  var length: Double
  @Option(help: "Coupon width along y.")
  var width: Double
  /// A name, not an `ElementKind` argument: ArgumentParser would show the kinds' raw values
  /// (Gmsh type codes 1, 2, 3, …) in the help.
  @Option(help: "hex8 or hex20.")
  var elements: String = "hex8"
  @Option(help: "Largest/smallest element width ratio, graded toward both free edges (1 = uniform).")
  var edgeBias: Double = 1
  @Option(help: "Largest/smallest element ratio through each ply, graded toward its interfaces.")
  var interfaceBias: Double = 1
  @Option(name: .customLong("nx"), help: "Elements along the length (default: see README).")
  var elementsAlongLength: Int?
  @Option(name: .customLong("ny"), help: "Elements across the width.")
  var elementsAcrossWidth: Int?
  @Option(name: .customLong("per-ply"), help: "Elements through each ply.")
  var elementsPerPly: Int?
  @Option(help: "Prescribed extension ux at x = L in the written model (default: 0.1% of the length).")
  var `extension`: Double?
  @Option(name: .customLong("format"), help: "msh41 (default), msh41-binary or msh22.")
  var format: String = "msh41"
  @Option(name: .shortAndLong, help: "Output mesh path (.msh); the model goes to the same path with .toml.")
  var output: String

  mutating func run() throws {
    var o = MeshJob.Options(layup: layup, plyThickness: plyThickness, length: length, width: width, output: output)
    (o.elements, o.edgeBias, o.interfaceBias, o.format) = (elements, edgeBias, interfaceBias, format)
    (o.elementsAlongLength, o.elementsAcrossWidth, o.elementsPerPly) = (elementsAlongLength, elementsAcrossWidth, elementsPerPly)
    o.extensionUx = self.extension
    print(try MeshJob.run(o))
  }
}
