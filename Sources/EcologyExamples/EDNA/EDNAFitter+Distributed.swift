import Foundation
import Inversion

extension EDNAFitter {
  /// The search box of the distributed model: a ∈ [aMin, xMax − ℓ_min], b − a ∈ [ℓ_min, xMax − aMin].
  static func distributedBox(_ x: [Double], settings: EDNAFitSettings) -> (aMin: Double, xMax: Double, length: Double) {
    let xMin = x.min() ?? 0, xMax = x.max() ?? 0
    let ell = settings.minimumSourceLengthKm
    let reach = settings.upstreamReachKm ?? max(xMax - xMin, 4 * ell)
    return (xMin - reach, xMax, ell)
  }

  /// The distributed-source search on a profile: grid over (a, b, log β), then Nelder–Mead
  /// from the best separated grid points. Returns the source (b may exceed the last
  /// sample, where it makes no difference), χ² and the evaluations spent.
  ///
  /// When β lands on the floor of the range and the floor is a numerical one, the floor is
  /// extended and the search repeated (`withDecayFloorExtended`); `settings` in the result
  /// carries the range finally searched.
  static func searchDistributed(_ profile: EDNAProfile, settings: EDNAFitSettings)
    -> (source: EDNASource, chiSquare: Double, evaluations: Int, converged: Bool, settings: EDNAFitSettings)
  {
    var evaluations = 0, converged = true
    let (r, s) = withDecayFloorExtended(settings, chiSquare: { $0.chiSquare }, beta: { $0.source.parameters[3] }) { s in
      let r = searchDistributedOnGrid(profile, settings: s)
      evaluations += r.evaluations
      converged = converged && r.converged
      return r
    }
    return (r.source, r.chiSquare, evaluations, converged, s)
  }

  /// `searchDistributed` within one β range.
  static func searchDistributedOnGrid(_ profile: EDNAProfile, settings: EDNAFitSettings)
    -> (source: EDNASource, chiSquare: Double, evaluations: Int, converged: Bool)
  {
    let (aMin, xMax, ell) = distributedBox(profile.x, settings: settings)
    let sites = Array(Set(profile.x)).sorted()
    let xMin = sites.first ?? 0
    let h = max(xMax - xMin, ell) / Double(max(settings.locationGridCount, 1))
    // Locations: upstream reach, then every site and points inside every gap.
    var locations: [Double] = []
    let upstreamCount = max(settings.upstreamGridCount, 1)
    for k in 0..<upstreamCount { locations.append(aMin + (xMin - aMin) * Double(k) / Double(upstreamCount)) }
    if sites.count <= 60 {
      for j in sites.indices {
        locations.append(sites[j])
        guard j + 1 < sites.count else { break }
        let gap = sites[j + 1] - sites[j]
        let inside = max(2, Int((gap / h).rounded(.up)) - 1)
        for k in 1...inside { locations.append(sites[j] + gap * Double(k) / Double(inside + 1)) }
      }
    } else {
      // Many sites: an even grid of 3 × count points keeps the pair search bounded; the
      // simplex refinement then resolves the cells between sites.
      let count = 3 * max(settings.locationGridCount, 1)
      for k in 0...count { locations.append(xMin + (xMax - xMin) * Double(k) / Double(count)) }
    }
    let g = locations.count
    let grid = logDecayGrid(settings)
    let n = profile.x.count
    let x = profile.x, y = profile.y, w = profile.w

    // Candidate pairs: for each a (a ≤ xMax − ℓ), b = a + ℓ and every location b ≥ max(a + ℓ, x_min)
    // (every b at or upstream of the first sample gives the same pure exponential there).
    var pairA: [Double] = [], pairB: [Double] = []
    var pairBIndex: [Int] = []  // location index of b, or −1 for b = a + ℓ
    var pairAIndex: [Int] = []
    for ia in 0..<g where locations[ia] <= xMax - ell + 1e-12 {
      pairA.append(locations[ia]); pairB.append(locations[ia] + ell); pairAIndex.append(ia); pairBIndex.append(-1)
      for ib in (ia + 1)..<g where locations[ib] >= locations[ia] + ell - 1e-12 && locations[ib] >= xMin {
        pairA.append(locations[ia]); pairB.append(locations[ib]); pairAIndex.append(ia); pairBIndex.append(ib)
      }
    }
    let pairs = pairA.count
    var bestChi = [Double](repeating: .infinity, count: pairs)
    var bestT = [Double](repeating: grid[0], count: pairs)
    // P[loc * n + i] = e^{−β(x_i − loc)₊}, per β.
    var table = [Double](repeating: 1, count: g * n)
    var narrow = [Double](repeating: 1, count: n)
    var f = [Double](repeating: 0, count: n)
    for t in grid {
      let beta = exp(t)
      for l in 0..<g {
        for i in 0..<n { table[l * n + i] = x[i] > locations[l] ? exp(-beta * (x[i] - locations[l])) : 1 }
      }
      var lastNarrowA = -1
      for q in 0..<pairs {
        let ia = pairAIndex[q]
        if pairBIndex[q] < 0 {
          if ia != lastNarrowA {
            let b = pairB[q]
            for i in 0..<n { narrow[i] = x[i] > b ? exp(-beta * (x[i] - b)) : 1 }
            lastNarrowA = ia
          }
          for i in 0..<n { f[i] = narrow[i] - table[ia * n + i] }
        } else {
          let ib = pairBIndex[q]
          for i in 0..<n { f[i] = table[ib * n + i] - table[ia * n + i] }
        }
        var fy = 0.0, ff = 0.0
        for i in 0..<n {
          fy += w[i] * f[i] * y[i]
          ff += w[i] * f[i] * f[i]
        }
        let chi2 = profile.project(fy, ff).chiSquare
        if chi2 < bestChi[q] { bestChi[q] = chi2; bestT[q] = t }
      }
    }
    var evaluations = pairs * grid.count

    // The best few grid points, at least two grid cells apart in a or b.
    let order = (0..<pairs).sorted { bestChi[$0] < bestChi[$1] }
    var starts: [Int] = []
    for q in order {
      if starts.count >= max(settings.refinementStarts, 1) { break }
      let separated = starts.allSatisfy { s in abs(pairA[s] - pairA[q]) > 2.5 * h || abs(pairB[s] - pairB[q]) > 2.5 * h }
      if separated { starts.append(q) }
    }

    let logLo = grid.first!, logHi = grid.last!
    let bounds = ParameterBounds(lower: [aMin, ell, logLo], upper: [xMax - ell, xMax - aMin, logHi])
    let objective: ([Double]) -> Double = { v in
      profile.distributed(startKm: v[0], endKm: v[0] + v[1], decayPerKm: exp(v[2])).chiSquare
    }
    var best = (chi2: profile.zeroChiSquare, v: [aMin, ell, 0.5 * (logLo + logHi)])
    var converged = true
    let stepT = (logHi - logLo) / Double(grid.count - 1)
    // The misfit is smooth inside each cell between neighbouring sites but kinked across
    // them, and a simplex can stall on a kink: each grid optimum is refined from itself and
    // from the four diagonal neighbours half a grid step away, so that every cell touching
    // it is searched from inside.
    // Tolerances: 1e-6 of a half grid step in location (~1e-7 km) and 1e-10 relative in χ²,
    // far below what changes log L by 1e-3.
    var options = NelderMeadOptions()
    options.restarts = 1
    options.stepTolerance = 1e-6
    options.functionTolerance = 1e-10
    for q in starts {
      for (da, db) in [(0.0, 0.0), (-0.5, -0.5), (-0.5, 0.5), (0.5, -0.5), (0.5, 0.5)] {
        let a = min(max(pairA[q] + da * h, aMin), xMax - ell)
        let w = max(pairB[q] + db * h - a, ell)
        let result = NelderMead.minimize(objective, initial: [a, w, bestT[q]], steps: [0.5 * h, 0.5 * h, stepT], bounds: bounds, options: options)
        evaluations += result.evaluations
        converged = converged && result.converged
        if result.value < best.chi2 { best = (result.value, result.estimate) }
      }
    }
    let a = best.v[0], b = best.v[0] + best.v[1], beta = exp(best.v[2])
    let s = profile.distributed(startKm: a, endKm: b, decayPerKm: beta).rate
    return (.distributed(rate: s, startKm: a, endKm: b, decayPerKm: beta), best.chi2, evaluations, converged)
  }

  /// The distributed-source fit: uniform source on [a, b], with its uncertainty and what
  /// the data do not determine.
  package static func fitDistributed(_ samples: EDNASamples, settings: EDNAFitSettings = EDNAFitSettings()) -> EDNAModelFit {
    let profile = EDNAProfile(samples)
    let search = searchDistributed(profile, settings: settings)
    var p = search.source.parameters
    let (aMin, xMax, ell) = distributedBox(samples.positionsKm, settings: settings)
    var warnings: [String] = []
    // b past the last sample changes nothing: report the last sample and say so.
    let reachesPast = p[2] >= xMax - 1e-9
    if reachesPast { p[2] = max(xMax, p[1] + ell) }
    let source = EDNASource(kind: .distributed, parameters: p)
    let (chi2, logL, aic, predictions) = score(source, samples)
    let names = EDNASource.Kind.distributed.parameterNames
    let aAtBound = p[1] <= aMin + 1e-6 * max(1, abs(aMin))
    let betaVanishes = decayVanishes(p[3], search.settings)
    let betaAtBound = decayAtBound(p[3], search.settings)
    let fixed = [false, aAtBound, reachesPast, betaAtBound]
    let (r, jacobian) = linearization(source, samples)
    let analysis = UncertaintyAnalysis.analyze(
      jacobian: jacobian, residuals: r, parameterCount: 4, parameterNames: names, noiseKnown: true,
      scales: scales(p), activeBounds: fixed, estimate: p)
    let standardErrors = (0..<4).map { fixed[$0] ? Double.nan : analysis.standardErrors[$0] }
    let xMin = samples.positionsKm.min() ?? 0
    if p[0] <= 0 {
      warnings.append("no sample shows a positive signal a distributed source could explain: S = 0, and a, b and beta are undetermined")
    } else {
      if xMin > p[2] {
        warnings.append(
          "no sample lies within or upstream of the fitted source [a, b] = [\(format(p[1])), \(format(p[2]))] km: S, a and b are "
            + "confounded (only (S/beta)·(e^(beta·b) − e^(beta·a)) is identified) and the two models cannot be told apart")
      }
      if aAtBound {
        warnings.append("the source start a sits on the search's upstream limit x = \(format(aMin)) km: the data only bound it from above")
      }
      if reachesPast {
        warnings.append("the source reaches past the last sample: b is only bounded below, b ≥ \(format(xMax)) km")
      }
      if abs(p[2] - p[1] - ell) < 1e-6 * max(1, ell) && !reachesPast {
        warnings.append("the fitted source has the minimum length b − a = \(format(ell)) km: the data are consistent with a point-like source")
      }
      if betaVanishes {
        warnings.append("beta → 0: the best distributed source does not decay over the sampled reach (beta = \(format(p[3])) per km, "
          + "the floor after extending the search range below \(format(settings.decayRangePerKm.lower)); only beta ≥ 0 bounds it)")
      } else if betaAtBound {
        warnings.append("beta = \(format(p[3])) per km sits on the search bound [\(format(search.settings.decayRangePerKm.lower)), \(format(search.settings.decayRangePerKm.upper))]: it is only bounded")
      }
    }
    return EDNAModelFit(
      source: source, chiSquare: chi2, logLikelihood: logL, aic: aic, predictions: predictions,
      standardErrors: standardErrors, analysis: analysis, conditionNumber: analysis.conditionNumber, originInterval: nil, warnings: warnings,
      converged: search.converged, evaluations: search.evaluations)
  }
}
