import FEBasis
import Foundation

/// The largest principal strain of a displacement field, and where it occurs: the check
/// that a linear elastic answer is one a linear elastic model can mean.
///
/// The strain ε = B u (small-strain, engineering shears γ = 2ε_ij in Voigt order
/// xx yy zz yz xz xy) is evaluated at every integration point of the stiffness rule; the
/// measure is the largest |λ| of the 3×3 strain tensor, its principal values from the
/// characteristic cubic (Smith, "Eigenvalues of a symmetric 3 × 3 matrix", Comm. ACM 4(4),
/// 168, 1961). Dimensionless: 0.02 is 2 %.
///
/// Small strains are what linear elasticity assumes; a few per cent is already beyond
/// a fibre composite's failure strain, and tens of per cent in a linear solution nearly
/// always mean a unit slip (moduli typed in GPa on a model in MPa, a force in N on a
/// model in m and Pa).
public struct LargestStrain: Sendable, Equatable {
  /// max |principal strain| over the integration points (dimensionless).
  public var strain: Double
  /// The Gmsh tag of the element where it occurs.
  public var elementTag: Int
  public var kind: ElementKind
  /// The integration point's position (model length unit).
  public var point: SIMD3<Double>

  /// Scans every integration point of `assembler`'s volume elements.
  ///
  /// - Parameters:
  ///   - displacement: 3 per node (model length unit), node-index order; its count
  ///     must be `3 * mesh.nodeCount`, or a precondition failure occurs.
  /// - Returns: the largest, or nil for a mesh without volume elements. A non-finite
  ///   strain counts as the largest.
  public static func of(_ displacement: [Double], assembler: StiffnessAssembler) -> LargestStrain? {
    precondition(displacement.count == 3 * assembler.mesh.nodeCount, "LargestStrain: displacement has the wrong size")
    // σ = C ε with C = I gives the engineering strain itself.
    var identity = [Double](repeating: 0, count: 36)
    for i in 0..<6 { identity[7 * i] = 1 }
    let stiffness = [[Double]](repeating: identity, count: assembler.blocks.count)
    var best: (strain: Double, element: Int, point: SIMD3<Double>)?
    StressRecovery.forEachIntegrationPoint(assembler: assembler, stiffness: stiffness, displacement: displacement) {
      element, point, e, _ in
      let s = principalMagnitude(e)
      if best == nil || !(s <= best!.strain) && !(best!.strain.isNaN) { best = (s, element, point) }
    }
    guard let best else { return nil }
    var block = 0
    while block + 1 < assembler.blocks.count && assembler.blockOffsets[block + 1] <= best.element { block += 1 }
    let b = assembler.blocks[block]
    return LargestStrain(
      strain: best.strain, elementTag: b.elementTags[best.element - assembler.blockOffsets[block]], kind: b.kind,
      point: best.point)
  }

  /// The largest |λ| of the symmetric strain tensor of an engineering Voigt strain
  /// (xx yy zz yz xz xy, shears γ = 2ε): Smith's trigonometric solution of the cubic.
  public static func principalMagnitude(_ e: [Double]) -> Double {
    let (a11, a22, a33) = (e[0], e[1], e[2])
    let (a23, a13, a12) = (0.5 * e[3], 0.5 * e[4], 0.5 * e[5])
    let p1 = a12 * a12 + a13 * a13 + a23 * a23
    let q = (a11 + a22 + a33) / 3
    if p1 == 0 { return max(abs(a11), abs(a22), abs(a33)) }
    let p2 = (a11 - q) * (a11 - q) + (a22 - q) * (a22 - q) + (a33 - q) * (a33 - q) + 2 * p1
    let p = (p2 / 6).squareRoot()
    guard p > 0, p.isFinite else { return p.isFinite ? abs(q) : .infinity }
    // B = (A − qI)/p; r = det(B)/2 ∈ [−1, 1].
    let b11 = (a11 - q) / p, b22 = (a22 - q) / p, b33 = (a33 - q) / p
    let b12 = a12 / p, b13 = a13 / p, b23 = a23 / p
    let det = b11 * (b22 * b33 - b23 * b23) - b12 * (b12 * b33 - b23 * b13) + b13 * (b12 * b23 - b22 * b13)
    let r = min(1, max(-1, det / 2))
    let phi = acos(r) / 3
    let largest = q + 2 * p * cos(phi)
    let smallest = q + 2 * p * cos(phi + 2 * Double.pi / 3)
    return max(abs(largest), abs(smallest))
  }
}
