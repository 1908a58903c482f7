import Foundation
import Inversion

extension EDNAFitter {
  /// The point-source search on a profile: the exact best x₀ (one candidate per distinct
  /// site) and β (a log grid refined by Brent's method, `ScalarMinimize`). Returns the
  /// source, χ², the index of x₀ among the sorted distinct sites (nil when no positive
  /// signal), and the χ² evaluations spent.
  ///
  /// When β lands on the floor of the range and the floor is a numerical one, the floor is
  /// extended and the search repeated (`withDecayFloorExtended`); `settings` in the result
  /// carries the range finally searched.
  static func searchPoint(_ profile: EDNAProfile, settings: EDNAFitSettings)
    -> (source: EDNASource, chiSquare: Double, siteIndex: Int?, sites: [Double], evaluations: Int, converged: Bool,
        settings: EDNAFitSettings)
  {
    var evaluations = 0
    let (r, s) = withDecayFloorExtended(settings, chiSquare: { $0.chiSquare }, beta: { $0.source.parameters[2] }) { s in
      let r = searchPointOnGrid(profile, settings: s)
      evaluations += r.evaluations
      return r
    }
    return (r.source, r.chiSquare, r.siteIndex, r.sites, evaluations, r.converged, s)
  }

  /// `searchPoint` within one β range.
  static func searchPointOnGrid(_ profile: EDNAProfile, settings: EDNAFitSettings)
    -> (source: EDNASource, chiSquare: Double, siteIndex: Int?, sites: [Double], evaluations: Int, converged: Bool)
  {
    let sites = Array(Set(profile.x)).sorted()
    let grid = logDecayGrid(settings)
    var best = (chi2: profile.zeroChiSquare, amplitude: 0.0, beta: exp(0.5 * (grid.first! + grid.last!)), k: Int?.none)
    var evaluations = 0
    // Sites upstream of x₀ are predicted 0, so Σ_{x_i < x₀} w_i y_i² is a lower bound on χ²
    // from x₀ on; it grows with x₀, so the scan stops once it reaches the best χ² so far.
    var upstream = [Double](repeating: 0, count: sites.count)
    for i in profile.x.indices {
      if let k = sites.firstIndex(where: { $0 > profile.x[i] }) { upstream[k] += profile.w[i] * profile.y[i] * profile.y[i] }
    }
    for k in 1..<max(sites.count, 1) { upstream[k] += upstream[k - 1] }
    var values = [Double](repeating: 0, count: grid.count)
    for (k, x0) in sites.enumerated() {
      if upstream[k] >= best.chi2 { break }
      // χ²(log β) with a positive amplitude; +∞ where the best amplitude is 0 (no source).
      let chi2: (Double) -> Double = { t in
        let c = profile.point(originKm: x0, decayPerKm: exp(t))
        return c.amplitude > 0 ? c.chiSquare : .infinity
      }
      for j in grid.indices { values[j] = chi2(grid[j]) }
      evaluations += grid.count
      guard values.contains(where: { $0.isFinite }) else { continue }  // no positive amplitude from this x₀
      let refined = ScalarMinimize.refineGridMinimum(grid: grid, values: values, relativeTolerance: 1e-9, chi2)
      evaluations += refined.evaluations
      let beta = exp(refined.x)
      let c = profile.point(originKm: x0, decayPerKm: beta)
      if c.amplitude > 0 && c.chiSquare < best.chi2 { best = (c.chiSquare, c.amplitude, beta, k) }
    }
    let x0 = best.k.map { sites[$0] } ?? (sites.last ?? 0)
    return (.point(amplitude: best.amplitude, originKm: x0, decayPerKm: best.beta), best.chi2, best.k, sites,
            evaluations, true)
  }

  /// The point-source fit: C = A e^{−β(x−x₀)} for x ≥ x₀, with its uncertainty and
  /// what the data do not determine.
  package static func fitPoint(_ samples: EDNASamples, settings: EDNAFitSettings = EDNAFitSettings()) -> EDNAModelFit {
    let profile = EDNAProfile(samples)
    let search = searchPoint(profile, settings: settings)
    let source = search.source
    let (chi2, logL, aic, predictions) = score(source, samples)
    let p = source.parameters
    let names = EDNASource.Kind.point.parameterNames
    let betaVanishes = decayVanishes(p[2], search.settings)
    let betaAtBound = decayAtBound(p[2], search.settings)
    let (r, jacobian) = linearization(source, samples)
    let m = samples.count
    // All three parameters: the layer finds A and x₀ confounded (∂C/∂x₀ = βA·∂C/∂A exactly).
    let analysis = UncertaintyAnalysis.analyze(
      jacobian: jacobian, residuals: r, parameterCount: 3, parameterNames: names, noiseKnown: true,
      scales: scales(p), activeBounds: [false, false, betaAtBound], estimate: p)
    // (A, β) with x₀ held at its reported value: the standard errors given x₀.
    let conditional = UncertaintyAnalysis.analyze(
      jacobian: Array(jacobian[0..<m]) + Array(jacobian[(2 * m)..<(3 * m)]), residuals: r, parameterCount: 2,
      parameterNames: [names[0], names[2]], noiseKnown: true, scales: scales([p[0], p[2]]),
      activeBounds: [false, betaAtBound], estimate: [p[0], p[2]])
    var warnings: [String] = []
    var interval: (lower: Double, upper: Double)?
    var standardErrors = [conditional.standardErrors[0], Double.nan, betaAtBound ? .nan : conditional.standardErrors[1]]
    if let k = search.siteIndex {
      let upper = search.sites[k]
      let lower = k > 0 ? search.sites[k - 1] : -Double.infinity
      interval = (lower, upper)
      if k == 0 {
        warnings.append(
          "no sample lies upstream of the point source: A and x0 are confounded (only A·e^(beta·x0) is identified) and "
            + "the source can be anywhere at or upstream of x = \(format(upper)) km; A = \(format(p[0])) is the value for x0 = \(format(upper)) km")
      } else {
        warnings.append(
          "x0 is located only between the sampled sites x = \(format(lower)) and \(format(upper)) km: every x0 in that interval "
            + "gives the same likelihood, with A·e^(beta·x0) fixed; A = \(format(p[0])) (SE given x0) is the value for x0 = \(format(upper)) km")
      }
    } else {
      standardErrors = [Double.nan, .nan, .nan]
      warnings.append("no sample shows a positive signal a point source could explain: A = 0, and x0 and beta are undetermined")
    }
    if betaVanishes && search.siteIndex != nil {
      warnings.append("beta → 0: the best point source does not decay over the sampled reach (beta = \(format(p[2])) per km, "
        + "the floor after extending the search range below \(format(settings.decayRangePerKm.lower)); only beta ≥ 0 bounds it)")
    } else if betaAtBound && search.siteIndex != nil {
      warnings.append("beta = \(format(p[2])) per km sits on the search bound [\(format(search.settings.decayRangePerKm.lower)), \(format(search.settings.decayRangePerKm.upper))]: it is only bounded")
    }
    return EDNAModelFit(
      source: source, chiSquare: chi2, logLikelihood: logL, aic: aic, predictions: predictions,
      standardErrors: standardErrors, analysis: analysis, conditionNumber: conditional.conditionNumber, originInterval: interval, warnings: warnings,
      converged: search.converged, evaluations: search.evaluations)
  }
}
