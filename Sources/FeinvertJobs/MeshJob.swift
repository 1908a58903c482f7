import GmshFiles
import LaminateCoupons
import FeinvertFiles
import FeinvertIO
import FECommon
import FEBasis
import FEKernel

/// `feinvert mesh`: a laminate coupon meshed and written as MSH, with its model TOML
/// beside it (IM7/8552 plies, one end clamped, the other pulled).
package enum MeshJob {
  /// The command's options, as typed (checked by `run`).
  package struct Options: Sendable {
    package var layup: String
    package var plyThickness: Double
    package var length: Double
    package var width: Double
    /// `hex8` or `hex20`.
    package var elements: String = "hex8"
    package var edgeBias: Double = 1
    package var interfaceBias: Double = 1
    package var elementsAlongLength: Int?
    package var elementsAcrossWidth: Int?
    package var elementsPerPly: Int?
    /// Prescribed ux at x = L (length unit); nil = 0.1 % of the length.
    package var extensionUx: Double?
    /// `msh41`, `msh41-binary` or `msh22`.
    package var format: String = "msh41"
    /// The mesh path; the model goes beside it with `.toml`.
    package var output: String

    package init(layup: String, plyThickness: Double, length: Double, width: Double, output: String) {
      self.layup = layup
      self.plyThickness = plyThickness
      self.length = length
      self.width = width
      self.output = output
    }
  }

  /// Meshes, writes both files atomically, and returns the one-line summary.
  package static func run(_ o: Options) throws -> String {
    let layup = try Layup.parse(o.layup, source: SourceLocation(file: "--layup"))
    guard let elementKind = ElementKind.allCases.first(where: { $0.name == o.elements }) else {
      throw InputError("found '\(o.elements)'; expected hex8 or hex20", at: SourceLocation(file: "--elements"))
    }
    let spec = CouponSpec(
      layup: layup, plyThickness: o.plyThickness, length: o.length, width: o.width, elementKind: elementKind,
      elementsAlongLength: o.elementsAlongLength, elementsAcrossWidth: o.elementsAcrossWidth,
      elementsPerPly: o.elementsPerPly, edgeBias: o.edgeBias, interfaceBias: o.interfaceBias)
    let mshFormat = try MshFormat(option: o.format)
    if let e = o.extensionUx, !(abs(e) <= 1e100) {
      throw InputError("found \(e); expected a finite extension with magnitude <= 1e100 (length unit)", at: SourceLocation(file: "--extension"))
    }
    let modelPath = ProblemInput.defaultModelPath(forMesh: o.output)
    guard modelPath != o.output else {
      throw InputError("found '\(o.output)', which is also where the model goes; expected a mesh path ending in .msh (the model is written beside it with .toml)",
                       at: SourceLocation(file: "-o"))
    }
    let mesh = try CouponMesher.mesh(spec)
    let model = ModelWriter.couponModel(layup: layup, material: .im7_8552, extension: o.extensionUx ?? 0.001 * o.length)
    try writeAtomically(MshWriter.encode(mesh, format: mshFormat), to: o.output)
    try writeAtomically(model, to: modelPath)
    return "mesh: \(layup) \(spec.elementsAlongLength) x \(spec.elementsAcrossWidth) x \(spec.elementsThroughThickness) \(o.elements), \(mesh.nodeCount) nodes, \(mesh.volumeElementCount) elements -> \(o.output), \(modelPath)"
  }
}
