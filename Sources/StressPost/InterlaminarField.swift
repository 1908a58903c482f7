import FECommon
import FEBasis
import FEKernel

/// The interlaminar stresses of a solved laminate: the traction (σzz, τxz, τyz) on
/// each ply interface, read directly from the elements on either side, and recovered
/// by integrating the equilibrium equations through the thickness from the in-plane
/// stress gradients.
///
/// Direct: σ = C B u of the elements below and above the interface, at the point
/// (averaged over elements sharing it when it lies on an element face). Traction
/// continuity holds only in the limit, so the jump between the sides measures the
/// discretization error.
///
/// Recovered: from ∂σxz/∂z = −(∂σxx/∂x + ∂σxy/∂y), ∂σyz/∂z = −(∂σxy/∂x + ∂σyy/∂y)
/// and ∂σzz/∂z = −(∂σxz/∂x + ∂σyz/∂y), integrated from the top surface (whose
/// traction is known: zero for a free surface) down to the interface:
///
///     τxz(z) = τxz(top) + ∫_z^top (∂σxx/∂x + ∂σxy/∂y) dζ
///     σzz(z) = σzz(top) + ∫_z^top (ζ − z) g(ζ) dζ,  g = ∂x(∂xσxx + ∂yσxy) + ∂y(∂xσxy + ∂yσyy)
///
/// (the second form assumes the top shear traction uniform in x and y). The in-plane
/// gradients are those of each element's own stress field (`PointStress.stressGradient`,
/// averaged over the elements sharing a point); g, a second derivative, is a central
/// difference of those gradients over one local element size (one-sided at a free
/// edge). (A per-ply nodally averaged field was tried first: its gradients at a
/// boundary were 4% low on Pagano's S = 4 plate where the element's own were 1%.)
/// The recovered traction is single-valued and traction-free where it must be, but it differentiates the stresses, which is
/// least accurate where they vary fastest: at the free edge.
public struct InterlaminarField: Sendable {
  public let elements: VolumeElements
  public let locator: ElementLocator
  public let stack: PlyStack
  public let evaluator: PointStress
  public let elementPly: [Int]
  public private(set) var stiffness: [[Double]]
  public private(set) var displacement: [Double]
  /// The traction (σzz, τxz, τyz) on the top surface at (x, y); zero for a free surface.
  public let topTraction: @Sendable (Double, Double) -> SIMD3<Double>

  public init(
    mesh: Mesh, elementPly: [Int], plyNames: [String], source: String, stiffness: [[Double]], displacement: [Double],
    topTraction: @escaping @Sendable (Double, Double) -> SIMD3<Double> = { _, _ in .zero }
  ) throws {
    let elements = VolumeElements(mesh: mesh)
    let stack = try PlyStack(elements: elements, elementPly: elementPly, plyNames: plyNames, source: source)
    self.init(stack: stack, elements: elements, elementPly: elementPly, stiffness: stiffness, displacement: displacement,
              topTraction: topTraction)
  }

  /// For a caller that built the stack already (to check the plies before solving).
  public init(
    stack: PlyStack, elements: VolumeElements, elementPly: [Int], stiffness: [[Double]], displacement: [Double],
    topTraction: @escaping @Sendable (Double, Double) -> SIMD3<Double> = { _, _ in .zero }
  ) {
    self.elements = elements
    locator = ElementLocator(elements: elements)
    self.stack = stack
    evaluator = PointStress(elements: elements)
    self.elementPly = elementPly
    self.stiffness = stiffness
    self.displacement = displacement
    self.topTraction = topTraction
  }

  /// The same mesh, stack and locator with another stiffness and displacement, for
  /// the direct stresses of a linearization (σ is bilinear in C and u, so
  /// ∂σ/∂p = σ(∂C/∂p, u) + σ(C, ∂u/∂p)); its recovered tractions are those of the
  /// linearization too.
  public func linearized(stiffness: [[Double]], displacement: [Double]) -> InterlaminarField {
    var copy = self
    copy.stiffness = stiffness
    copy.displacement = displacement
    return copy
  }

  /// The x at the centre of the column of elements that contains station `x` (the
  /// lower one when `x` lies on a boundary between two), found in the bottom ply at
  /// mid-width.
  ///
  /// The direct stresses of displacement elements in bending are accurate near the
  /// element's centre along the bending direction and poor at its ends (for a hex20
  /// cantilever with two elements per ply, τxz at the element boundary is 13% high
  /// and 0.1% at the centre), so lines are taken there.
  public func elementCentreStation(near x: Double) -> Double {
    let ply = stack.plies[0]
    let p = SIMD3(x, 0.5 * (stack.lower.y + stack.upper.y), 0.5 * (ply.zBottom + ply.zTop))
    let found = elements(containing: p, inPly: 1)
    guard let e = found.min(by: { elements.lower[$0.element].x < elements.lower[$1.element].x })?.element else { return x }
    return 0.5 * (elements.lower[e].x + elements.upper[e].x)
  }

  /// The elements of the k-th ply from the bottom (1-based) that contain `p`, with
  /// the reference coordinates of `p` in each.
  func elements(containing p: SIMD3<Double>, inPly k: Int) -> [(element: Int, xi: SIMD3<Double>)] {
    let target = stack.plies[k - 1].modelPly + 1
    return locator.elements(containing: p) { elementPly[$0] == target }
  }

  /// The displacement at `p`, interpolated in an element containing it; nil outside.
  public func displacement(at p: SIMD3<Double>) -> SIMD3<Double>? {
    guard let (e, xi) = locator.elements(containing: p).first else { return nil }
    let values = evaluator.shapeFunctions(element: e, xi: xi).values
    var u = SIMD3<Double>.zero
    for (a, node) in elements.nodes(of: e).enumerated() {
      u += values[a] * SIMD3(displacement[3 * node], displacement[3 * node + 1], displacement[3 * node + 2])
    }
    return u
  }

  /// The direct stress (Voigt, 6) at `p` in ply `k` from the bottom (1-based), averaged
  /// over that ply's elements containing `p`; nil when none does.
  public func directStress(at p: SIMD3<Double>, ply k: Int) -> [Double]? {
    let found = elements(containing: p, inPly: k)
    guard !found.isEmpty else { return nil }
    var sum = [Double](repeating: 0, count: 6)
    for (e, xi) in found {
      let s = evaluator.stress(element: e, xi: xi, stiffness: stiffness, displacement: displacement)
      for i in 0..<6 { sum[i] += s[i] }
    }
    return sum.map { $0 / Double(found.count) }
  }

  /// The direct traction on interface k at (x, y) from the ply below and the ply above.
  public func directTraction(interface k: Int, x: Double, y: Double) -> (below: SIMD3<Double>, above: SIMD3<Double>)? {
    let p = SIMD3(x, y, stack.interfaceZ(k))
    guard let below = directStress(at: p, ply: k), let above = directStress(at: p, ply: k + 1) else { return nil }
    return (TractionComponent.traction(below), TractionComponent.traction(above))
  }

  /// ∂xσxx + ∂yσxy and ∂xσxy + ∂yσyy at `p` in ply k, from the direct stress field
  /// of each element of the ply containing `p` (averaged where several do).
  func inPlaneDivergence(at p: SIMD3<Double>, ply k: Int) -> SIMD2<Double>? {
    let found = elements(containing: p, inPly: k)
    var sum = SIMD2<Double>.zero
    var n = 0
    for (e, xi) in found {
      guard let g = evaluator.stressGradient(element: e, xi: xi, stiffness: stiffness, displacement: displacement)
      else { continue }
      // Voigt rows: xx 0, yy 1, xy 5; columns x 0, y 1.
      sum += SIMD2(g[0] + g[3 * 5 + 1], g[3 * 5 + 0] + g[3 * 1 + 1])
      n += 1
    }
    return n > 0 ? sum / Double(n) : nil
  }

  /// The extent of an element of ply k containing `p` (for difference steps).
  func localElementSize(at p: SIMD3<Double>, ply k: Int) -> SIMD3<Double>? {
    guard let (e, _) = elements(containing: p, inPly: k).first else { return nil }
    return elements.upper[e] - elements.lower[e]
  }

  /// g = ∂x(∂xσxx + ∂yσxy) + ∂y(∂xσxy + ∂yσyy) at `p` in ply k, by differences of the
  /// divergence one local element size apart (one-sided from `centre`, the divergence
  /// at `p`, where a neighbour is outside).
  func secondDivergence(at p: SIMD3<Double>, ply k: Int, centre: SIMD2<Double>) -> Double? {
    guard let size = localElementSize(at: p, ply: k) else { return nil }
    var g = 0.0
    for axis in 0..<2 {
      let h = size[axis]
      var plus = p, minus = p
      plus[axis] += h
      minus[axis] -= h
      let component = axis  // ∂x of the first divergence, ∂y of the second
      let dp = inPlaneDivergence(at: plus, ply: k)?[component]
      let dm = inPlaneDivergence(at: minus, ply: k)?[component]
      let d0 = centre[component]
      switch (dm, dp) {
      case let (m?, q?): g += (q - m) / (2 * h)
      case let (nil, q?): g += (q - d0) / h
      case let (m?, nil): g += (d0 - m) / h
      case (nil, nil): break
      }
    }
    return g
  }

  /// The z-intervals of the elements met along the vertical line at (x, y) from the
  /// top surface down to z, each with its ply position (1-based from the bottom).
  func verticalIntervals(x: Double, y: Double, downTo zEnd: Double) -> [(z0: Double, z1: Double, ply: Int)] {
    var out = [(z0: Double, z1: Double, ply: Int)]()
    let thickness = stack.thickness
    for k in stride(from: stack.plies.count, through: 1, by: -1) {
      let ply = stack.plies[k - 1]
      guard ply.zTop > zEnd + 1e-12 * thickness else { break }
      let bottom = max(ply.zBottom, zEnd)
      var z = ply.zTop
      while z > bottom + 1e-9 * thickness {
        let probe = SIMD3(x, y, z - 1e-7 * ply.thickness)
        let found = elements(containing: probe, inPly: k)
        let low = found.map { elements.lower[$0.element].z }.min() ?? bottom
        let next = max(min(low, z - 1e-6 * ply.thickness), bottom)
        out.append((next, z, k))
        z = next
      }
    }
    return out
  }

  /// The recovered traction (σzz, τxz, τyz) on interface k at (x, y); nil when the
  /// line leaves the mesh.
  public func recoveredTraction(interface k: Int, x: Double, y: Double) -> SIMD3<Double>? {
    recoveredTraction(x: x, y: y, z: stack.interfaceZ(k))
  }

  /// The recovered (σzz, τxz, τyz) on the plane through height z at (x, y), by
  /// integrating equilibrium from the top surface down to z; nil when the line
  /// leaves the mesh.
  public func recoveredTraction(x: Double, y: Double, z zk: Double) -> SIMD3<Double>? {
    let gauss = Quadrature.gaussLegendre(3)
    var shear = SIMD2<Double>.zero
    var normal = 0.0
    for interval in verticalIntervals(x: x, y: y, downTo: zk) {
      let half = 0.5 * (interval.z1 - interval.z0), mid = 0.5 * (interval.z1 + interval.z0)
      for (t, w) in zip(gauss.points, gauss.weights) {
        let z = mid + half * t
        let p = SIMD3(x, y, z)
        guard let d = inPlaneDivergence(at: p, ply: interval.ply),
              let g = secondDivergence(at: p, ply: interval.ply, centre: d)
        else { return nil }
        shear += d * (w * half)
        normal += (z - zk) * g * (w * half)
      }
    }
    let top = topTraction(x, y)
    return SIMD3(top.x + normal, top.y + shear.x, top.z + shear.y)
  }
}
