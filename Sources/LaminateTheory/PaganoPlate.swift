/// Pagano's exact 3D elasticity solution for a simply supported rectangular cross-ply
/// laminate under a doubly sinusoidal normal traction on its top face.
///
/// N. J. Pagano, "Exact solutions for rectangular bidirectional composites and sandwich
/// plates", J. Composite Materials 4 (1970) 20–34.
///
/// ## The problem
///
/// A plate 0 ≤ x ≤ a, 0 ≤ y ≤ b, −h/2 ≤ z ≤ h/2 (z from the **mid-plane**, up), of layers
/// listed **bottom to top**, each orthotropic with its axes along x, y, z
/// (``CrossPlyLayer``; all nine constants are used). Loads and supports:
///
/// - top face z = +h/2: σz = q0 sin(πx/a) sin(πy/b), τxz = τyz = 0. This is Pagano's
///   convention: q0 > 0 **pulls the top face up** (+z), the plate deflects upward (w > 0)
///   and σx is tensile at the top of the centre. A downward pressure P is q0 = −P.
/// - bottom face z = −h/2: traction-free.
/// - x = 0 and x = a: σx = 0, v = w = 0; y = 0 and y = b: σy = 0, u = w = 0
///   (Pagano's simple support; u along x is free on x = 0, a).
/// - the layers are perfectly bonded: displacements and σz, τxz, τyz continuous.
///
/// ## The solution
///
/// In every layer u = U(z) cos px sin qy, v = V(z) sin px cos qy, w = W(z) sin px sin qy
/// with p = π/a, q = π/b, which meets the edge conditions exactly. Then
/// σx, σy, σz ∝ sin px sin qy, τyz ∝ sin px cos qy, τxz ∝ cos px sin qy,
/// τxy ∝ cos px cos qy, and with the state y = (U, V, W, Z, Txz, Tyz) (Z, Txz, Tyz the
/// amplitudes of σz, τxz, τyz) the constitutive law and the three equilibrium equations
/// become the first-order system (global-axis stiffnesses c_ij of ``CrossPlyLayer``)
///
///     U′   = Txz/c55 − p W
///     V′   = Tyz/c44 − q W
///     W′   = (Z + p c13 U + q c23 V)/c33
///     Z′   = p Txz + q Tyz
///     Txz′ = −p Sx + q Txy
///     Tyz′ =  p Txy − q Sy
///
/// with Sx = −p c11 U − q c12 V + c13 W′, Sy = −p c12 U − q c22 V + c23 W′ and
/// Txy = c66 (q U + p V) the amplitudes of σx, σy, τxy. Each layer's constant 6×6 system
/// is solved exactly by its matrix exponential, the state is carried across interfaces,
/// and the three bottom displacements are found from the three top tractions
/// (``LayeredStateSpace``). The displacements are balanced by the scale p·max c_ij for
/// conditioning; the answer does not depend on it.
///
/// Accuracy: round-off. For the [0/90/0] benchmark at a/h = 4, 10, 100 it agreed with an
/// independent prototype (SciPy's Padé `expm` on the unbalanced system, NumPy's solve) to
/// better than 1e-13 relative in every tabulated value.
///
/// ## Output
///
/// ``displacement(x:y:z:)`` gives (u, v, w); ``stress(x:y:z:)`` gives the six stresses in
/// global axes in the project's Voigt order **xx yy zz yz xz xy**. Units are those of the
/// inputs (lengths of a, b and the thicknesses; stresses of q0 and the moduli).
/// At an interface σx, σy, τxy jump: pass `layer:` to choose a side.
public struct PaganoPlate: Sendable {
  /// Layers, bottom to top.
  public let layers: [CrossPlyLayer]
  /// Plate length along x.
  public let a: Double
  /// Plate width along y.
  public let b: Double
  /// Amplitude of the top-face normal traction σz(x, y, h/2) = q0 sin(πx/a) sin(πy/b).
  public let q0: Double
  /// Layer boundaries z_0 = −h/2 < … < z_N = h/2, from the mid-plane.
  public var layerBoundaries: [Double] { solution.boundaries }

  let stiffness: [CrossPlyStiffness]
  let p: Double
  let q: Double
  /// Displacement amplitudes are stored multiplied by this (p · max c_ij).
  let displacementScale: Double
  let solution: LayeredStateSpace

  /// Solves the plate.
  ///
  /// `layers` must not be empty, thicknesses, `a` and `b` must be positive and finite, and
  /// each material must have a positive-definite compliance, or a precondition failure
  /// occurs (validate user input with `OrthotropicMaterial.validate` first).
  public init(layers: [CrossPlyLayer], a: Double, b: Double, q0: Double) {
    precondition(!layers.isEmpty, "PaganoPlate: a laminate needs at least one layer")
    precondition(a > 0 && a.isFinite && b > 0 && b.isFinite, "PaganoPlate: a = \(a), b = \(b) must be positive")
    for layer in layers {
      precondition(layer.thickness > 0 && layer.thickness.isFinite, "PaganoPlate: layer thickness must be positive")
    }
    self.layers = layers
    self.a = a
    self.b = b
    self.q0 = q0
    let p = Double.pi / a, q = Double.pi / b
    self.p = p
    self.q = q
    let stiffness = layers.map(CrossPlyStiffness.init)
    self.stiffness = stiffness
    let s = p * stiffness.map(\.scale).max()!
    displacementScale = s
    let boundaries = Self.boundaries(layers)
    let matrices = stiffness.map { Self.stateMatrix($0, p: p, q: q, scale: s) }
    solution = LayeredStateSpace(
      size: 6, boundaries: boundaries, matrices: matrices, topTraction: [q0, 0, 0])
  }

  /// Total thickness h.
  public var thickness: Double { layerBoundaries[layers.count] - layerBoundaries[0] }

  /// The z-amplitudes of the solution at one height.
  ///
  /// u = U cos px sin qy, v = V sin px cos qy, w = W sin px sin qy;
  /// σx = sigmaX · sin px sin qy, σy = sigmaY · sin px sin qy, σz = sigmaZ · sin px sin qy,
  /// τyz = tauYZ · sin px cos qy, τxz = tauXZ · cos px sin qy, τxy = tauXY · cos px cos qy.
  public struct Amplitudes: Sendable, Equatable {
    public var U, V, W: Double
    public var sigmaX, sigmaY, sigmaZ, tauYZ, tauXZ, tauXY: Double
  }

  /// The amplitudes at height z (from the mid-plane).
  ///
  /// - Parameters:
  ///   - z: −h/2 ≤ z ≤ h/2 (a precondition, with 1e-9 h of slack).
  ///   - layer: 0-based index into `layers` to evaluate in; `nil` picks the layer
  ///     containing z (an interior interface belongs to the layer above). Only σx, σy and
  ///     τxy depend on the choice.
  public func amplitudes(atZ z: Double, layer: Int? = nil) -> Amplitudes {
    let k = layer ?? solution.layer(containing: z)
    precondition(layers.indices.contains(k), "PaganoPlate: layer \(k) out of range")
    let y = solution.state(atZ: z, layer: k)
    let c = stiffness[k]
    let s = displacementScale
    let u = y[0] / s, v = y[1] / s, w = y[2] / s
    let sz = y[3], txz = y[4], tyz = y[5]
    let dw = (sz + p * c.c13 * u + q * c.c23 * v) / c.c33
    return Amplitudes(
      U: u, V: v, W: w,
      sigmaX: -p * c.c11 * u - q * c.c12 * v + c.c13 * dw,
      sigmaY: -p * c.c12 * u - q * c.c22 * v + c.c23 * dw,
      sigmaZ: sz, tauYZ: tyz, tauXZ: txz,
      tauXY: c.c66 * (q * u + p * v))
  }

  /// The displacement (u, v, w) at (x, y, z), z from the mid-plane.
  public func displacement(x: Double, y: Double, z: Double, layer: Int? = nil) -> [Double] {
    let m = amplitudes(atZ: z, layer: layer)
    let sx = sin(p * x), cx = cos(p * x), sy = sin(q * y), cy = cos(q * y)
    return [m.U * cx * sy, m.V * sx * cy, m.W * sx * sy]
  }

  /// The stress at (x, y, z) in global axes, Voigt order xx yy zz yz xz xy.
  ///
  /// - Parameter layer: as in ``amplitudes(atZ:layer:)``: which side of an interface.
  public func stress(x: Double, y: Double, z: Double, layer: Int? = nil) -> [Double] {
    let m = amplitudes(atZ: z, layer: layer)
    let sx = sin(p * x), cx = cos(p * x), sy = sin(q * y), cy = cos(q * y)
    return [
      m.sigmaX * sx * sy, m.sigmaY * sx * sy, m.sigmaZ * sx * sy,
      m.tauYZ * sx * cy, m.tauXZ * cx * sy, m.tauXY * cx * cy,
    ]
  }

  /// The layer boundaries from the mid-plane, the top one exact.
  static func boundaries(_ layers: [CrossPlyLayer]) -> [Double] {
    let h = layers.reduce(0) { $0 + $1.thickness }
    var z = [-h / 2]
    for layer in layers { z.append(z[z.count - 1] + layer.thickness) }
    z[z.count - 1] = h / 2
    return z
  }

  /// The balanced state matrix D A D⁻¹ with D = diag(s, s, s, 1, 1, 1), for the state
  /// (sU, sV, sW, Z, Txz, Tyz).
  static func stateMatrix(_ c: CrossPlyStiffness, p: Double, q: Double, scale s: Double) -> [Double] {
    var a = [Double](repeating: 0, count: 36)
    func set(_ i: Int, _ j: Int, _ v: Double) { a[i * 6 + j] = v }
    // Unbalanced rows first (state U V W Z Txz Tyz = 0…5).
    // W′ row, needed inside Sx and Sy.
    var dw = [Double](repeating: 0, count: 6)
    dw[0] = p * c.c13 / c.c33
    dw[1] = q * c.c23 / c.c33
    dw[3] = 1 / c.c33
    var sx = dw.map { c.c13 * $0 }
    sx[0] -= p * c.c11
    sx[1] -= q * c.c12
    var sy = dw.map { c.c23 * $0 }
    sy[0] -= p * c.c12
    sy[1] -= q * c.c22
    var txy = [Double](repeating: 0, count: 6)
    txy[0] = c.c66 * q
    txy[1] = c.c66 * p
    set(0, 4, 1 / c.c55); set(0, 2, -p)
    set(1, 5, 1 / c.c44); set(1, 2, -q)
    for j in 0..<6 { set(2, j, dw[j]) }
    set(3, 4, p); set(3, 5, q)
    for j in 0..<6 { set(4, j, -p * sx[j] + q * txy[j]) }
    for j in 0..<6 { set(5, j, p * txy[j] - q * sy[j]) }
    // Balance: Ã_ij = d_i A_ij / d_j.
    let d: [Double] = [s, s, s, 1, 1, 1]
    for i in 0..<6 {
      for j in 0..<6 { a[i * 6 + j] *= d[i] / d[j] }
    }
    return a
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
