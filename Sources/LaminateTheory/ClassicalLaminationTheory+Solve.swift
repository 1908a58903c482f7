import FECommon

extension ClassicalLaminationTheory {
  /// What is prescribed for one generalized component: the deformation (a mid-plane
  /// strain or a curvature) or the conjugate resultant (a force or a moment per length).
  public enum Prescribed: Sendable, Equatable {
    /// ε⁰ or κ component given.
    case deformation(Double)
    /// N or M component given.
    case resultant(Double)
  }

  /// The laminate's response: mid-plane strains, curvatures and resultants, all six of
  /// each known after ``ClassicalLaminationTheory/solve(_:)``.
  public struct Response: Sendable, Equatable {
    /// Mid-plane strains (εx⁰, εy⁰, γxy⁰), engineering shear.
    public var midplaneStrain: [Double]
    /// Curvatures (κx, κy, κxy) = (−w,xx, −w,yy, −2w,xy).
    public var curvature: [Double]
    /// Force resultants (Nx, Ny, Nxy) = ∫σ dz (force per length).
    public var forceResultant: [Double]
    /// Moment resultants (Mx, My, Mxy) = ∫σ z dz, z from the mid-plane.
    public var momentResultant: [Double]

    /// In-plane strain (εx, εy, γxy) at height z (from the mid-plane): ε⁰ + z κ.
    public func strain(atZ z: Double) -> [Double] {
      (0..<3).map { midplaneStrain[$0] + z * curvature[$0] }
    }
  }

  /// Solves for the mid-plane strains and curvatures under mixed conditions.
  ///
  /// `conditions` has six entries, one for each conjugate pair, in the order
  /// (εx⁰ | Nx), (εy⁰ | Ny), (γxy⁰ | Nxy), (κx | Mx), (κy | My), (κxy | Mxy); each says
  /// which member of the pair is given and its value. The unknown deformations d_R
  /// solve K_RR d_R = f_R − K_RP d_P with K = [A B; B D], after which every resultant
  /// follows from K d. A count other than six is a precondition failure; a set of
  /// conditions whose K_RR is singular (not for a valid material) is one too.
  ///
  /// - Returns: all six deformations and all six resultants.
  public func solve(_ conditions: [Prescribed]) -> Response {
    precondition(conditions.count == 6, "ClassicalLaminationTheory.solve: needs 6 conditions, got \(conditions.count)")
    let k = abd
    var d = [Double](repeating: 0, count: 6)
    var free: [Int] = []
    var given = [Double](repeating: 0, count: 6)
    for (i, c) in conditions.enumerated() {
      switch c {
      case .deformation(let v): d[i] = v
      case .resultant(let v):
        free.append(i)
        given[i] = v
      }
    }
    if !free.isEmpty {
      let m = free.count
      var krr = [Double](repeating: 0, count: m * m)
      var rhs = [Double](repeating: 0, count: m)
      for (a, i) in free.enumerated() {
        rhs[a] = given[i]
        for j in 0..<6 where !free.contains(j) { rhs[a] -= k[i, j] * d[j] }
        for (b, j) in free.enumerated() { krr[a * m + b] = k[i, j] }
      }
      guard let x = DenseLinearAlgebra.solve(krr, rhs, n: m) else {
        preconditionFailure("ClassicalLaminationTheory.solve: the conditions leave a singular system")
      }
      for (a, i) in free.enumerated() { d[i] = x[a] }
    }
    let f = k.multiply(d)
    return Response(
      midplaneStrain: Array(d[0..<3]), curvature: Array(d[3..<6]),
      forceResultant: Array(f[0..<3]), momentResultant: Array(f[3..<6]))
  }

  /// The laminate under given force and moment resultants N = (Nx, Ny, Nxy) and
  /// M = (Mx, My, Mxy).
  public func solve(forceResultant n: [Double], momentResultant m: [Double]) -> Response {
    precondition(n.count == 3 && m.count == 3, "ClassicalLaminationTheory.solve: N and M need 3 components each")
    return solve(n.map { .resultant($0) } + m.map { .resultant($0) })
  }

  /// A free coupon in uniaxial extension: εx⁰ prescribed, Ny = Nxy = 0 and
  /// Mx = My = Mxy = 0.
  ///
  /// For a symmetric laminate (B = 0) the curvatures vanish and εy⁰, γxy⁰ follow from A
  /// alone; for an unsymmetric one the coupon also bends and twists.
  public func uniaxialStrain(epsilonX: Double) -> Response {
    solve([.deformation(epsilonX)] + Array(repeating: .resultant(0), count: 5))
  }

  /// The in-plane stress (σx, σy, τxy) in global axes at height z in a given ply.
  ///
  /// - Parameters:
  ///   - ply: 0-based index into `plies` (use it to pick a side at an interface).
  ///   - z: height from the mid-plane; not checked against the ply's extent, so a z on
  ///     the ply's boundary gives that ply's limit value.
  ///   - response: the laminate's deformation from ``solve(_:)``.
  public func stress(inPly ply: Int, atZ z: Double, response: Response) -> [Double] {
    precondition(plies.indices.contains(ply), "ClassicalLaminationTheory.stress: ply index \(ply) out of range")
    return transformedStiffness[ply].multiply(response.strain(atZ: z))
  }

  /// The in-plane stress (σx, σy, τxy) at height z, in the ply that ``plyIndex(atZ:)``
  /// picks (an interior interface belongs to the ply above).
  public func stress(atZ z: Double, response: Response) -> [Double] {
    stress(inPly: plyIndex(atZ: z), atZ: z, response: response)
  }
}
