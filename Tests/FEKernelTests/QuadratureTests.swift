import FEBasis
import FEKernel
import Testing

/// Quadrature rules against closed-form monomial integrals on each reference domain.
@Suite struct QuadratureTests {
  static let kinds = ElementKind.allCases.filter { $0 != .point1 }

  static func factorial(_ n: Int) -> Double { n <= 1 ? 1 : (2...n).reduce(1.0) { $0 * Double($1) } }

  /// ∫ ξ^a η^b ζ^c over the reference domain of `kind` (exponents of unused axes 0).
  static func exactMonomial(_ kind: ElementKind, _ e: [Int]) -> Double {
    switch kind {
    case .line2, .line3, .quad4, .quad8, .hex8, .hex20:
      // ∫_{-1}^{1} t^a dt = 2/(a + 1) for even a, 0 for odd a.
      return e.prefix(kind.dimension).reduce(1.0) { $0 * ($1 % 2 == 0 ? 2 / Double($1 + 1) : 0) }
    case .tri3, .tri6:
      // ∫_T x^a y^b = a! b! / (a + b + 2)!
      return factorial(e[0]) * factorial(e[1]) / factorial(e[0] + e[1] + 2)
    case .tet4, .tet10:
      // ∫_K x^a y^b z^c = a! b! c! / (a + b + c + 3)!
      return factorial(e[0]) * factorial(e[1]) * factorial(e[2]) / factorial(e[0] + e[1] + e[2] + 3)
    case .prism6, .prism15:
      // The triangle's integral times ∫_{-1}^{1} ζ^c.
      return factorial(e[0]) * factorial(e[1]) / factorial(e[0] + e[1] + 2) * (e[2] % 2 == 0 ? 2 / Double(e[2] + 1) : 0)
    case .point1:
      return 1
    }
  }

  /// All exponent tuples of total degree exactly `d` in `dim` variables (padded to 3).
  static func exponents(total d: Int, dim: Int) -> [[Int]] {
    switch dim {
    case 1: return [[d, 0, 0]]
    case 2: return (0...d).map { [$0, d - $0, 0] }
    default:
      var r: [[Int]] = []
      for a in 0...d { for b in 0...(d - a) { r.append([a, b, d - a - b]) } }
      return r
    }
  }

  /// The rule's sum for a monomial, and Σ w |f|, the scale of its rounding error.
  static func apply(_ rule: QuadratureRule, _ e: [Int]) -> (value: Double, scale: Double) {
    var s = 0.0
    var scale = 0.0
    for (p, w) in zip(rule.points, rule.weights) {
      var f = 1.0
      for i in 0..<3 { for _ in 0..<e[i] { f *= p[i] } }
      s += w * f
      scale += abs(w * f)
    }
    return (s, scale)
  }

  static func expectExact(_ kind: ElementKind, _ rule: QuadratureRule, upTo degree: Int) {
    for d in 0...degree {
      for e in exponents(total: d, dim: kind.dimension) {
        let (value, scale) = apply(rule, e)
        let exact = exactMonomial(kind, e)
        // A sum of rule.count terms each rounded a few times: the error is a small
        // multiple of eps * Σ w|f|. 1e-13 relative to that scale (≥ 450 eps) covers
        // the ≤ ~500-point rules used here.
        #expect(
          abs(value - exact) <= 1e-13 * max(scale, abs(exact)),
          "\(kind) n=\(rule.count) monomial \(e): \(value) vs \(exact)")
      }
    }
  }

  @Test(arguments: kinds)
  func stiffnessRuleWeightsSumToReferenceMeasure(kind: ElementKind) {
    let rule = Quadrature.stiffnessRule(for: kind)
    #expect(rule.count == rule.weights.count)
    #expect(rule.weights.allSatisfy { $0 > 0 })
    // ≤ 27 positive terms: a few ulps of the measure; 1e-14 relative.
    let measure = ReferenceElement.referenceMeasure(kind)
    #expect(abs(rule.weights.reduce(0, +) - measure) <= 1e-14 * measure)
  }

  @Test func stiffnessRuleSizes() {
    let expected: [ElementKind: (count: Int, degree: Int)] = [
      .point1: (1, .max), .line2: (2, 3), .line3: (3, 5), .quad4: (4, 3), .quad8: (9, 5),
      .hex8: (8, 3), .hex20: (27, 5), .tri3: (3, 2), .tri6: (6, 4), .tet4: (4, 2), .tet10: (4, 2),
      .prism6: (6, 2), .prism15: (18, 4),
    ]
    for kind in ElementKind.allCases {
      let rule = Quadrature.stiffnessRule(for: kind)
      #expect(rule.count == expected[kind]!.count, "\(kind)")
      #expect(rule.degree == expected[kind]!.degree, "\(kind)")
    }
  }

  @Test(arguments: kinds)
  func stiffnessRuleIsExactToItsDegree(kind: ElementKind) {
    let rule = Quadrature.stiffnessRule(for: kind)
    Self.expectExact(kind, rule, upTo: rule.degree)
  }

  /// The degree claim is tight: some monomial one degree above is integrated wrongly.
  /// (Gauss with n points misses t^{2n}; the simplex rules miss some degree + 1 monomial.)
  @Test(arguments: kinds)
  func stiffnessRuleDegreeIsTight(kind: ElementKind) {
    let rule = Quadrature.stiffnessRule(for: kind)
    let worst = Self.exponents(total: rule.degree + 1, dim: kind.dimension).map { e in
      abs(Self.apply(rule, e).value - Self.exactMonomial(kind, e)) / Self.exactMonomial(kind, [0, 0, 0])
    }.max()!
    // Far above rounding (~1e-16): a genuine quadrature error.
    #expect(worst > 1e-6, "\(kind): degree \(rule.degree + 1) integrated exactly?")
  }

  @Test(arguments: kinds)
  func ruleOfDegreeIsExact(kind: ElementKind) {
    for degree in 0...10 {
      let rule = Quadrature.rule(for: kind, degree: degree)
      #expect(rule.degree >= degree)
      #expect(rule.weights.allSatisfy { $0 > 0 })
      let measure = ReferenceElement.referenceMeasure(kind)
      // Up to ~300 positive terms: 1e-13 relative.
      #expect(abs(rule.weights.reduce(0, +) - measure) <= 1e-13 * measure)
      Self.expectExact(kind, rule, upTo: degree)
    }
  }

  /// Gauss–Legendre rules of odd requested degree 2n − 1 are tight: t^{2n} is not exact.
  @Test(arguments: [ElementKind.line2, .quad4, .hex8])
  func gaussRuleDegreeIsTight(kind: ElementKind) {
    for degree in stride(from: 1, through: 11, by: 2) {
      let rule = Quadrature.rule(for: kind, degree: degree)
      let e = [degree + 1, 0, 0]
      let err = abs(Self.apply(rule, e).value - Self.exactMonomial(kind, e))
      #expect(err > 1e-6, "\(kind) degree \(degree)")
    }
  }

  @Test(arguments: kinds)
  func pointsLieInsideTheReferenceDomain(kind: ElementKind) {
    for degree in [0, 1, 2, 5, 9] {
      let rule = Quadrature.rule(for: kind, degree: degree)
      for p in rule.points + Quadrature.stiffnessRule(for: kind).points {
        for j in kind.dimension..<3 { #expect(p[j] == 0) }
        switch kind {
        case .tri3, .tri6:
          #expect(p.x > 0 && p.y > 0 && p.x + p.y < 1, "\(kind) \(p)")
        case .tet4, .tet10:
          #expect(p.x > 0 && p.y > 0 && p.z > 0 && p.x + p.y + p.z < 1, "\(kind) \(p)")
        default:
          for j in 0..<kind.dimension { #expect(abs(p[j]) < 1, "\(kind) \(p)") }
        }
      }
    }
  }

  @Test func gaussLegendreKnownValues() {
    // Closed forms: n = 2: ±1/√3, weights 1; n = 3: 0, ±√(3/5), weights 8/9, 5/9.
    let (x2, w2) = Quadrature.gaussLegendre(2)
    // A few ulps from Newton's last step: 1e-15 absolute on O(1) values.
    #expect(abs(x2[1] - 1 / 3.0.squareRoot()) <= 1e-15 && abs(x2[0] + x2[1]) == 0)
    #expect(abs(w2[0] - 1) <= 1e-15 && abs(w2[1] - 1) <= 1e-15)
    let (x3, w3) = Quadrature.gaussLegendre(3)
    #expect(x3[1] == 0 && abs(x3[2] - (0.6).squareRoot()) <= 1e-15)
    #expect(abs(w3[1] - 8.0 / 9) <= 1e-15 && abs(w3[0] - 5.0 / 9) <= 1e-15)
    // Large n stays accurate: Σ w t^{2n-2} against 2/(2n-1) for n = 40, 1e-14 relative.
    let (x40, w40) = Quadrature.gaussLegendre(40)
    let s = zip(x40, w40).reduce(0.0) { acc, pw in
      var t = 1.0
      for _ in 0..<78 { t *= pw.0 }
      return acc + pw.1 * t
    }
    #expect(abs(s - 2.0 / 79) <= 1e-14 * (2.0 / 79))
  }
}
