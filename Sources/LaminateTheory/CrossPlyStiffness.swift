import FEKernel

/// The nine independent 3D stiffnesses of an orthotropic layer in **global** axes
/// (Voigt xx yy zz yz xz xy, engineering shear): σ = C ε with
/// C = [c11 c12 c13 0 0 0; c12 c22 c23 0 0 0; c13 c23 c33 0 0 0; 0 0 0 c44 0 0;
///      0 0 0 0 c55 0; 0 0 0 0 0 c66].
///
/// Built from the engineering constants by inverting the 3×3 normal block of the
/// compliance in closed form (cofactors), independently of the FE kernel's routines.
struct CrossPlyStiffness: Sendable, Equatable {
  var c11, c12, c13, c22, c23, c33, c44, c55, c66: Double

  init(_ layer: CrossPlyLayer) {
    let m = layer.material
    // Normal compliance in material axes (Jones 2nd ed., eq. 2.63), symmetric.
    let s11 = 1 / m.E1, s22 = 1 / m.E2, s33 = 1 / m.E3
    let s12 = -m.nu12 / m.E1, s13 = -m.nu13 / m.E1, s23 = -m.nu23 / m.E2
    let det = s11 * (s22 * s33 - s23 * s23) - s12 * (s12 * s33 - s23 * s13) + s13 * (s12 * s23 - s22 * s13)
    precondition(
      det > 0 && det.isFinite,
      "CrossPlyStiffness: material \(m.name) has a compliance that is not positive definite; validate it first")
    // Material-axis stiffness C = S⁻¹ (normal block by cofactors).
    let C11 = (s22 * s33 - s23 * s23) / det
    let C22 = (s11 * s33 - s13 * s13) / det
    let C33 = (s11 * s22 - s12 * s12) / det
    let C12 = (s13 * s23 - s12 * s33) / det
    let C13 = (s12 * s23 - s13 * s22) / det
    let C23 = (s12 * s13 - s11 * s23) / det
    switch layer.orientation {
    case .fibreAlongX:
      c11 = C11; c22 = C22; c33 = C33
      c12 = C12; c13 = C13; c23 = C23
      c44 = m.G23; c55 = m.G13; c66 = m.G12
    case .fibreAlongY:
      // x is material 2, y is material 1: the yz plane is material 1-3, xz is 2-3.
      c11 = C22; c22 = C11; c33 = C33
      c12 = C12; c13 = C23; c23 = C13
      c44 = m.G13; c55 = m.G23; c66 = m.G12
    }
  }

  /// σ = C ε for a strain in Voigt order xx yy zz yz xz xy (engineering shear).
  func stress(_ e: [Double]) -> [Double] {
    [
      c11 * e[0] + c12 * e[1] + c13 * e[2],
      c12 * e[0] + c22 * e[1] + c23 * e[2],
      c13 * e[0] + c23 * e[1] + c33 * e[2],
      c44 * e[3], c55 * e[4], c66 * e[5],
    ]
  }

  /// The largest diagonal stiffness, a scale for balancing the state equations.
  var scale: Double { max(c11, c22, c33, c44, c55, c66) }
}
