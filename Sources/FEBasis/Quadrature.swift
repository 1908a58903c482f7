#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A quadrature rule on a reference domain: points, weights and the total degree
/// it integrates exactly.
///
/// Points are in Gmsh's reference coordinates of the kind the rule was made for
/// (see ``ReferenceElement``), unused axes 0. The weights already include the
/// reference measure: they sum to 2 (line), 1/2 (tri), 4 (quad), 1/6 (tet), 8 (hex).
public struct QuadratureRule: Sendable {
  /// Reference coordinates (ξ, η, ζ) of the points.
  public var points: [SIMD3<Double>]
  /// Weights, one per point.
  public var weights: [Double]
  /// The highest total polynomial degree the rule integrates exactly on its domain.
  public var degree: Int

  /// Number of points.
  public var count: Int { points.count }

  /// `weights.count` must equal `points.count`, or a precondition failure occurs.
  public init(points: [SIMD3<Double>], weights: [Double], degree: Int) {
    precondition(points.count == weights.count, "QuadratureRule: points.count must equal weights.count")
    self.points = points
    self.weights = weights
    self.degree = degree
  }
}

/// Quadrature rules for the reference elements.
///
/// Lines, quadrilaterals and hexahedra use Gauss–Legendre tensor products;
/// simplices use a fixed symmetric rule for stiffness and collapsed (Duffy)
/// Gauss–Legendre products of any degree for everything else.
public enum Quadrature {
  /// The rule feinvert uses for element stiffness matrices.
  ///
  /// | kind | rule | exact degree |
  /// | --- | --- | --- |
  /// | line2, line3 | 2-, 3-point Gauss | 3, 5 |
  /// | quad4, quad8 | 2×2, 3×3 Gauss | 3, 5 |
  /// | hex8, hex20 | 2×2×2, 3×3×3 Gauss | 3, 5 |
  /// | tri3 | 3-point (Strang & Fix) | 2 |
  /// | tri6 | 6-point (Dunavant 1985, degree 4) | 4 |
  /// | tet4, tet10 | 4-point (Keast 1986 / Zienkiewicz) | 2 |
  /// | prism6 | 3-point triangle × 2-point Gauss | 2 |
  /// | prism15 | 6-point triangle × 3-point Gauss | 4 |
  /// | point1 | the point, weight 1 | any |
  ///
  /// The tet4 stiffness integrand is constant, so the 4-point rule is more than it
  /// needs, but the same rule then serves tet4 mass-like terms too.
  public static func stiffnessRule(for kind: ElementKind) -> QuadratureRule {
    switch kind {
    case .point1: return pointRule
    case .line2, .quad4, .hex8: return gaussTensor(dimension: kind.dimension, pointsPerAxis: 2)
    case .line3, .quad8, .hex20: return gaussTensor(dimension: kind.dimension, pointsPerAxis: 3)
    case .tri3: return triangle3Point
    case .tri6: return triangle6Point
    case .tet4, .tet10: return tetrahedron4Point
    case .prism6: return prism(triangle3Point, linePoints: 2)
    case .prism15: return prism(triangle6Point, linePoints: 3)
    }
  }

  /// A rule exact for polynomials of total degree `degree` on the reference domain of `kind`.
  ///
  /// Line, quad, hex: Gauss–Legendre with `degree / 2 + 1` (= ⌈(degree + 1)/2⌉)
  /// points per axis, exact to degree `2n − 1` in each variable.
  /// Tri, tet: the collapsed (Duffy) product of Gauss–Legendre rules
  /// (Stroud, *Approximate Calculation of Multiple Integrals*, 1971, §2.7; Karniadakis &
  /// Sherwin, *Spectral/hp Element Methods*, 2nd ed., §4.1.1): the map
  /// x = u, y = (1 − u)v, z = (1 − u)(1 − v)w from [0, 1]³ has Jacobian (1 − u)²(1 − v),
  /// so a degree-d integrand becomes degree d + 2 in u, d + 1 in v and d in w, and
  /// ⌈(d + 3)/2⌉, ⌈(d + 2)/2⌉, ⌈(d + 1)/2⌉ points make it exact. All points are interior.
  ///
  /// `degree` must be non-negative, or a precondition failure occurs.
  public static func rule(for kind: ElementKind, degree: Int) -> QuadratureRule {
    precondition(degree >= 0, "Quadrature.rule(for:degree:): degree must be >= 0")
    switch kind {
    case .point1: return pointRule
    case .line2, .line3, .quad4, .quad8, .hex8, .hex20:
      return gaussTensor(dimension: kind.dimension, pointsPerAxis: degree / 2 + 1)
    case .tri3, .tri6: return collapsedTriangle(degree: degree)
    case .tet4, .tet10: return collapsedTetrahedron(degree: degree)
    case .prism6, .prism15: return prism(collapsedTriangle(degree: degree), linePoints: degree / 2 + 1)
    }
  }

  // MARK: - Gauss–Legendre

  /// Gauss–Legendre points and weights on [-1, 1].
  ///
  /// Newton's method on the three-term recurrence of P_n from Tricomi's initial
  /// guesses cos(π(i + 3/4)/(n + 1/2)) (Press et al., *Numerical Recipes*, 3rd ed.,
  /// §4.6.1, `gauleg`); weights 2/((1 − x²) P_n′(x)²). Accurate to a few ulps.
  /// `n` must be at least 1, or a precondition failure occurs.
  /// - Returns: the points in increasing order and their weights (sum 2).
  public static func gaussLegendre(_ n: Int) -> (points: [Double], weights: [Double]) {
    precondition(n >= 1, "Quadrature.gaussLegendre: n must be >= 1")
    var x = [Double](repeating: 0, count: n)
    var w = [Double](repeating: 0, count: n)
    let m = (n + 1) / 2
    for i in 0..<m {
      var z = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
      var dp = 0.0
      for _ in 0..<100 {
        var p1 = 1.0
        var p2 = 0.0
        for j in 1...n {
          let p3 = p2
          p2 = p1
          p1 = ((2 * Double(j) - 1) * z * p2 - (Double(j) - 1) * p3) / Double(j)
        }
        dp = Double(n) * (z * p1 - p2) / (z * z - 1)
        let z1 = z
        z = z1 - p1 / dp
        if abs(z - z1) <= 1e-16 { break }
      }
      // Recompute P_n' at the converged root for the weight.
      var p1 = 1.0
      var p2 = 0.0
      for j in 1...n {
        let p3 = p2
        p2 = p1
        p1 = ((2 * Double(j) - 1) * z * p2 - (Double(j) - 1) * p3) / Double(j)
      }
      dp = Double(n) * (z * p1 - p2) / (z * z - 1)
      let wi = 2 / ((1 - z * z) * dp * dp)
      x[i] = -z
      x[n - 1 - i] = z
      w[i] = wi
      w[n - 1 - i] = wi
    }
    if n % 2 == 1 { x[n / 2] = 0 }
    return (x, w)
  }

  static let pointRule = QuadratureRule(points: [.zero], weights: [1], degree: Int.max)

  /// Tensor-product Gauss–Legendre rule on [-1, 1]^dimension; exact to degree 2n − 1.
  static func gaussTensor(dimension: Int, pointsPerAxis n: Int) -> QuadratureRule {
    let (x, w) = gaussLegendre(n)
    var points: [SIMD3<Double>] = []
    var weights: [Double] = []
    switch dimension {
    case 1:
      for i in 0..<n {
        points.append(SIMD3(x[i], 0, 0))
        weights.append(w[i])
      }
    case 2:
      for j in 0..<n {
        for i in 0..<n {
          points.append(SIMD3(x[i], x[j], 0))
          weights.append(w[i] * w[j])
        }
      }
    default:
      for k in 0..<n {
        for j in 0..<n {
          for i in 0..<n {
            points.append(SIMD3(x[i], x[j], x[k]))
            weights.append(w[i] * w[j] * w[k])
          }
        }
      }
    }
    return QuadratureRule(points: points, weights: weights, degree: 2 * n - 1)
  }

  /// The product of a triangle rule (ξ, η) and an n-point Gauss–Legendre rule in ζ on
  /// [−1, 1]: a prism rule, exact to the smaller of the two degrees (the triangle's, and
  /// 2n − 1 in ζ alone).
  static func prism(_ triangle: QuadratureRule, linePoints n: Int) -> QuadratureRule {
    let (x, w) = gaussLegendre(n)
    var points: [SIMD3<Double>] = []
    var weights: [Double] = []
    for k in 0..<n {
      for (p, wt) in zip(triangle.points, triangle.weights) {
        points.append(SIMD3(p.x, p.y, x[k]))
        weights.append(wt * w[k])
      }
    }
    return QuadratureRule(points: points, weights: weights, degree: min(triangle.degree, 2 * n - 1))
  }

  /// Gauss–Legendre on [0, 1].
  static func gaussLegendreUnit(_ n: Int) -> (points: [Double], weights: [Double]) {
    let (x, w) = gaussLegendre(n)
    return (x.map { 0.5 * ($0 + 1) }, w.map { 0.5 * $0 })
  }

  // MARK: - Simplices

  /// Collapsed rule on the unit triangle: x = u, y = (1 − u)v, Jacobian 1 − u.
  static func collapsedTriangle(degree d: Int) -> QuadratureRule {
    let (u, wu) = gaussLegendreUnit((d + 2) / 2 + ((d + 2) % 2))  // ⌈(d + 2)/2⌉
    let (v, wv) = gaussLegendreUnit(d / 2 + 1)  // ⌈(d + 1)/2⌉
    var points: [SIMD3<Double>] = []
    var weights: [Double] = []
    for i in 0..<u.count {
      for j in 0..<v.count {
        points.append(SIMD3(u[i], (1 - u[i]) * v[j], 0))
        weights.append(wu[i] * wv[j] * (1 - u[i]))
      }
    }
    return QuadratureRule(points: points, weights: weights, degree: d)
  }

  /// Collapsed rule on the unit tetrahedron: x = u, y = (1 − u)v, z = (1 − u)(1 − v)w,
  /// Jacobian (1 − u)²(1 − v).
  static func collapsedTetrahedron(degree d: Int) -> QuadratureRule {
    let (u, wu) = gaussLegendreUnit((d + 3 + 1) / 2)  // ⌈(d + 3)/2⌉
    let (v, wv) = gaussLegendreUnit((d + 2 + 1) / 2)  // ⌈(d + 2)/2⌉
    let (w, ww) = gaussLegendreUnit((d + 1 + 1) / 2)  // ⌈(d + 1)/2⌉
    var points: [SIMD3<Double>] = []
    var weights: [Double] = []
    for i in 0..<u.count {
      for j in 0..<v.count {
        for k in 0..<w.count {
          let a = 1 - u[i]
          let b = 1 - v[j]
          points.append(SIMD3(u[i], a * v[j], a * b * w[k]))
          weights.append(wu[i] * wv[j] * ww[k] * a * a * b)
        }
      }
    }
    return QuadratureRule(points: points, weights: weights, degree: d)
  }

  /// 3-point rule on the unit triangle, points (1/6, 1/6), (2/3, 1/6), (1/6, 2/3),
  /// weights 1/6; degree 2 (Strang & Fix, *An Analysis of the Finite Element Method*,
  /// 1973, Table 4.1).
  static let triangle3Point = QuadratureRule(
    points: [SIMD3(1.0 / 6, 1.0 / 6, 0), SIMD3(2.0 / 3, 1.0 / 6, 0), SIMD3(1.0 / 6, 2.0 / 3, 0)],
    weights: [1.0 / 6, 1.0 / 6, 1.0 / 6], degree: 2)

  /// 6-point rule on the unit triangle, degree 4 (Dunavant, Int. J. Numer. Meth. Eng.
  /// 21 (1985) 1129–1148, degree 4). Two orbits (a, a, 1 − 2a); the values were
  /// re-derived to 40 digits by solving the moment equations and rounded to double.
  static let triangle6Point: QuadratureRule = {
    let a1 = 0.44594849091596488631832925388305
    let w1 = 0.11169079483900573284750350421656  // includes the area 1/2
    let a2 = 0.091576213509770743459571463402202
    let w2 = 0.054975871827660933819163162450105
    var points: [SIMD3<Double>] = []
    var weights: [Double] = []
    for (a, w) in [(a1, w1), (a2, w2)] {
      let b = 1 - 2 * a
      points += [SIMD3(a, a, 0), SIMD3(b, a, 0), SIMD3(a, b, 0)]
      weights += [w, w, w]
    }
    return QuadratureRule(points: points, weights: weights, degree: 4)
  }()

  /// 4-point rule on the unit tetrahedron, degree 2: the points (b, b, b), (a, b, b),
  /// (b, a, b), (b, b, a) with a = (5 + 3√5)/20, b = (5 − √5)/20, weights 1/24
  /// (Keast, Comput. Methods Appl. Mech. Eng. 55 (1986) 339–348, rule 2;
  /// Zienkiewicz–Taylor–Zhu Table 6.4).
  static let tetrahedron4Point: QuadratureRule = {
    let s5 = 5.0.squareRoot()
    let a = (5 + 3 * s5) / 20
    let b = (5 - s5) / 20
    return QuadratureRule(
      points: [SIMD3(b, b, b), SIMD3(a, b, b), SIMD3(b, a, b), SIMD3(b, b, a)],
      weights: [1.0 / 24, 1.0 / 24, 1.0 / 24, 1.0 / 24], degree: 2)
  }()
}
