/// Pagano's exact elasticity solution for a cross-ply laminate in cylindrical bending: an
/// infinitely long strip in y, in plane strain, under a sinusoidal normal traction.
///
/// N. J. Pagano, "Exact solutions for composite laminates in cylindrical bending",
/// J. Composite Materials 3 (1969) 398–411.
///
/// ## The problem
///
/// A strip 0 ≤ x ≤ L, −∞ < y < ∞, −h/2 ≤ z ≤ h/2 (z from the **mid-plane**, up), layers
/// listed **bottom to top**, each orthotropic with its axes along x, y, z
/// (``CrossPlyLayer``). Plane strain in y: v = 0 and nothing depends on y.
///
/// - top face z = +h/2: σz = q0 sin(πx/L), τxz = 0 (q0 > 0 pulls the top face up, as in
///   ``PaganoPlate``; a downward pressure P is q0 = −P).
/// - bottom face z = −h/2: traction-free.
/// - x = 0 and x = L: σx = 0, w = 0 (u free).
///
/// ## The solution
///
/// u = U(z) cos px, w = W(z) sin px with p = π/L; σx, σy, σz ∝ sin px, τxz ∝ cos px,
/// τyz = τxy = 0. With the state (U, W, Z, Txz):
///
///     U′   = Txz/c55 − p W
///     W′   = (Z + p c13 U)/c33
///     Z′   = p Txz
///     Txz′ = −p Sx,   Sx = −p c11 U + c13 W′,   Sy = −p c12 U + c23 W′
///
/// solved exactly layer by layer as in ``PaganoPlate`` (the plate's system with q = 0,
/// whose V, Tyz part then decouples and vanishes). It is the limit b → ∞ of
/// ``PaganoPlate`` evaluated on the line y = b/2.
///
/// ``stress(x:z:layer:)`` returns the six global stresses in Voigt order
/// xx yy zz yz xz xy (σy is the plane-strain reaction, τyz = τxy = 0).
public struct PaganoCylindricalBending: Sendable {
  /// Layers, bottom to top.
  public let layers: [CrossPlyLayer]
  /// Span L between the supports x = 0 and x = L.
  public let length: Double
  /// Amplitude of the top-face normal traction σz(x, h/2) = q0 sin(πx/L).
  public let q0: Double
  /// Layer boundaries z_0 = −h/2 < … < z_N = h/2, from the mid-plane.
  public var layerBoundaries: [Double] { solution.boundaries }

  let stiffness: [CrossPlyStiffness]
  let p: Double
  let displacementScale: Double
  let solution: LayeredStateSpace

  /// Solves the strip; the same preconditions as ``PaganoPlate/init(layers:a:b:q0:)``.
  public init(layers: [CrossPlyLayer], length: Double, q0: Double) {
    precondition(!layers.isEmpty, "PaganoCylindricalBending: a laminate needs at least one layer")
    precondition(length > 0 && length.isFinite, "PaganoCylindricalBending: length = \(length) must be positive")
    for layer in layers {
      precondition(layer.thickness > 0 && layer.thickness.isFinite, "PaganoCylindricalBending: layer thickness must be positive")
    }
    self.layers = layers
    self.length = length
    self.q0 = q0
    let p = Double.pi / length
    self.p = p
    let stiffness = layers.map(CrossPlyStiffness.init)
    self.stiffness = stiffness
    let s = p * stiffness.map(\.scale).max()!
    displacementScale = s
    let matrices = stiffness.map { Self.stateMatrix($0, p: p, scale: s) }
    solution = LayeredStateSpace(
      size: 4, boundaries: PaganoPlate.boundaries(layers), matrices: matrices, topTraction: [q0, 0])
  }

  /// Total thickness h.
  public var thickness: Double { layerBoundaries[layers.count] - layerBoundaries[0] }

  /// The z-amplitudes at one height: u = U cos px, w = W sin px; σx, σy, σz =
  /// (sigmaX, sigmaY, sigmaZ) · sin px; τxz = tauXZ · cos px.
  public struct Amplitudes: Sendable, Equatable {
    public var U, W: Double
    public var sigmaX, sigmaY, sigmaZ, tauXZ: Double
  }

  /// The amplitudes at height z; `layer` as in ``PaganoPlate/amplitudes(atZ:layer:)``.
  public func amplitudes(atZ z: Double, layer: Int? = nil) -> Amplitudes {
    let k = layer ?? solution.layer(containing: z)
    precondition(layers.indices.contains(k), "PaganoCylindricalBending: layer \(k) out of range")
    let y = solution.state(atZ: z, layer: k)
    let c = stiffness[k]
    let u = y[0] / displacementScale, w = y[1] / displacementScale
    let sz = y[2], txz = y[3]
    let dw = (sz + p * c.c13 * u) / c.c33
    return Amplitudes(
      U: u, W: w,
      sigmaX: -p * c.c11 * u + c.c13 * dw,
      sigmaY: -p * c.c12 * u + c.c23 * dw,
      sigmaZ: sz, tauXZ: txz)
  }

  /// The displacement (u, v, w) at (x, z), v = 0; z from the mid-plane.
  public func displacement(x: Double, z: Double, layer: Int? = nil) -> [Double] {
    let m = amplitudes(atZ: z, layer: layer)
    return [m.U * cos(p * x), 0, m.W * sin(p * x)]
  }

  /// The stress at (x, z) in global axes, Voigt order xx yy zz yz xz xy.
  public func stress(x: Double, z: Double, layer: Int? = nil) -> [Double] {
    let m = amplitudes(atZ: z, layer: layer)
    let sx = sin(p * x), cx = cos(p * x)
    return [m.sigmaX * sx, m.sigmaY * sx, m.sigmaZ * sx, 0, m.tauXZ * cx, 0]
  }

  /// The balanced state matrix for (sU, sW, Z, Txz).
  static func stateMatrix(_ c: CrossPlyStiffness, p: Double, scale s: Double) -> [Double] {
    var a = [Double](repeating: 0, count: 16)
    // W′ = (Z + p c13 U)/c33; Sx = −p c11 U + c13 W′.
    let dwU = p * c.c13 / c.c33, dwZ = 1 / c.c33
    let sxU = -p * c.c11 + c.c13 * dwU, sxZ = c.c13 * dwZ
    a[0 * 4 + 3] = 1 / c.c55; a[0 * 4 + 1] = -p
    a[1 * 4 + 0] = dwU; a[1 * 4 + 2] = dwZ
    a[2 * 4 + 3] = p
    a[3 * 4 + 0] = -p * sxU; a[3 * 4 + 2] = -p * sxZ
    let d: [Double] = [s, s, 1, 1]
    for i in 0..<4 {
      for j in 0..<4 { a[i * 4 + j] *= d[i] / d[j] }
    }
    return a
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
