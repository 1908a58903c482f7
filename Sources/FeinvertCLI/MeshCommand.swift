import ArgumentParser
import FECommon
import FEKernel
import FeinvertIO
import Foundation

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
    let layup = try Layup.parse(layup, source: SourceLocation(file: "--layup"))
    guard let elementKind = ElementKind.allCases.first(where: { $0.name == elements }) else {
      throw InputError("found '\(elements)'; expected hex8 or hex20", at: SourceLocation(file: "--elements"))
    }
    let spec = CouponSpec(
      layup: layup, plyThickness: plyThickness, length: length, width: width, elementKind: elementKind,
      elementsAlongLength: elementsAlongLength, elementsAcrossWidth: elementsAcrossWidth,
      elementsPerPly: elementsPerPly, edgeBias: edgeBias, interfaceBias: interfaceBias)
    let mshFormat = try MshFormat(option: format)
    if let e = self.extension, !(abs(e) <= 1e100) {
      throw InputError("found \(e); expected a finite extension with magnitude <= 1e100 (length unit)", at: SourceLocation(file: "--extension"))
    }
    let modelPath = ProblemInput.defaultModelPath(forMesh: output)
    guard modelPath != output else {
      throw InputError("found '\(output)', which is also where the model goes; expected a mesh path ending in .msh (the model is written beside it with .toml)",
                       at: SourceLocation(file: "-o"))
    }
    let mesh = try CouponMesher.mesh(spec)
    let model = ModelWriter.couponModel(
      layup: layup, material: .im7_8552, extension: self.extension ?? 0.001 * length)
    try writeAtomically(MshWriter.encode(mesh, format: mshFormat), to: output)
    try writeAtomically(model, to: modelPath)
    print("mesh: \(layup) \(spec.elementsAlongLength) x \(spec.elementsAcrossWidth) x \(spec.elementsThroughThickness) \(elements), \(mesh.nodeCount) nodes, \(mesh.volumeElementCount) elements -> \(output), \(modelPath)")
  }
}
