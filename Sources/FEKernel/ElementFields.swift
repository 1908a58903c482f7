import FECommon

/// What an engineer reads per element beside the global stress: the strain, the stress
/// in the ply's own axes, and the ply counted from the bottom of the laminate.
///
/// All three follow from the element-average stress σ̄ (global axes, Voigt
/// `xx yy zz yz xz xy`) exactly, because each element has one constant stiffness C:
/// the element-average strain is C⁻¹ σ̄ (engineering shears γ = 2ε, global axes), and
/// the stress in ply axes is σ₁₂₃ = M(−θ) σ̄, with M the Bond matrix of
/// `PlyRotation` (σ_global = M(θ) σ_material, so M(θ)⁻¹ = M(−θ)), in the order
/// `11 22 33 23 13 12` (1 the fibre, 2 in-plane transverse, 3 through the thickness).
///
/// Plies from the bottom: the model's plies sorted by the lowest z of their elements'
/// nodes (then by the highest), 1-based, as `feinvert stresses` counts them; a ply with
/// no element comes after the others, in model order.
public struct ElementFields: Sendable {
  /// 6 per volume element, Voigt `xx yy zz yz xz xy`, engineering shears, global axes.
  public var strain: [Double]
  /// 6 per volume element, `11 22 33 23 13 12`, the model's stress unit.
  public var stressPlyAxes: [Double]
  /// 1-based position from the bottom of each volume element's ply.
  public var plyFromBottom: [Int]
  /// The model ply (0-based `[[plies]]` index) at each position from the bottom.
  public var plyOrder: [Int]

  /// - Parameters:
  ///   - problem: the bound problem (mesh, blocks' plies).
  ///   - model: the constants and angles the stresses were computed with (a fit's
  ///     estimate, say); defaults to the problem's own.
  ///   - elementStress: 6 per volume element, assembly order.
  public static func derive(problem: LinearElasticProblem, model: ModelDefinition? = nil, elementStress: [Double])
    -> ElementFields
  {
    let model = model ?? problem.model
    let mesh = problem.mesh
    let elementCount = mesh.volumeElementCount
    precondition(elementStress.count == 6 * elementCount, "ElementFields: 6 stresses per volume element")
    let plyCount = model.plies.count
    var zLow = [Double](repeating: .infinity, count: plyCount)
    var zHigh = [Double](repeating: -.infinity, count: plyCount)
    var strain = [Double](repeating: 0, count: 6 * elementCount)
    var plyAxes = [Double](repeating: 0, count: 6 * elementCount)
    var modelPly = [Int](repeating: 0, count: elementCount)
    var e0 = 0
    for (b, block) in mesh.volumeBlocks.enumerated() {
      let p = problem.blockPly[b]
      let ply = model.plies[p]
      let material = model.material(named: ply.material)!
      let stiffness = PlyRotation.rotatedStiffness(material.stiffness, angle: ply.angle)
      // C⁻¹ = M⁻ᵀ S M⁻¹ exists for a validated material; the inverse is the plain one.
      let compliance = stiffness.inverse() ?? SmallMatrix(zeros: 6)
      let toPly = PlyRotation.bondMatrix(angle: -ply.angle)
      for e in 0..<block.elementCount {
        let g = e0 + e
        let sigma = Array(elementStress[(6 * g)..<(6 * g + 6)])
        let eps = compliance.multiply(sigma)
        let local = toPly.multiply(sigma)
        for i in 0..<6 {
          strain[6 * g + i] = eps[i]
          plyAxes[6 * g + i] = local[i]
        }
        modelPly[g] = p
        for node in block.nodes(of: e) {
          let z = mesh.coordinates[3 * node + 2]
          zLow[p] = min(zLow[p], z)
          zHigh[p] = max(zHigh[p], z)
        }
      }
      e0 += block.elementCount
    }
    let order = (0..<plyCount).sorted { a, b in
      let pa = zLow[a].isFinite, pb = zLow[b].isFinite
      if pa != pb { return pa }
      if !pa { return a < b }
      if zLow[a] != zLow[b] { return zLow[a] < zLow[b] }
      if zHigh[a] != zHigh[b] { return zHigh[a] < zHigh[b] }
      return a < b
    }
    var position = [Int](repeating: 0, count: plyCount)
    for (k, p) in order.enumerated() { position[p] = k + 1 }
    return ElementFields(
      strain: strain, stressPlyAxes: plyAxes, plyFromBottom: modelPly.map { position[$0] }, plyOrder: order)
  }
}
