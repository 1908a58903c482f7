import Foundation

/// The eDNA source inversion end to end (`shared/spec/apps.md` §7): both fits, the
/// model choice with its confidence, the sampled sites' power to discriminate, and
/// optionally a T-optimal design for the next campaign.
package struct EDNAAnalysis: Sendable {
  package var samples: EDNASamples
  package var point: EDNAModelFit
  package var distributed: EDNAModelFit
  package var comparison: EDNAComparison
  /// θ_D used for the design and the sampled sites' score.
  package var nominal: EDNASource
  /// Whether `nominal` is the distributed fit (true) or given.
  package var nominalIsFit: Bool
  /// The proposed design (with `designSize`).
  package var design: EDNAExchangeDesign.Result?
  /// The candidate grid used for the design (empty without one).
  package var candidatesKm: [Double]
  /// What the data do not determine, in words (both models' warnings, prefixed).
  package var warnings: [String]

  /// The multiples of `spacingKm` inside the range (the range's lower end when none is),
  /// in floating point throughout: the grid index of a far-off site may not fit an Int.
  /// The caller bounds the count (the job allows at most 10000 candidates).
  static func candidateGrid(_ range: (lower: Double, upper: Double), spacingKm h: Double) -> [Double] {
    let first = (range.lower / h).rounded(.up), last = (range.upper / h).rounded(.down)
    // Grid indices beyond 2⁵² are not consecutive doubles, and the stride would not advance.
    guard first <= last, abs(first) < 0x1p52, abs(last) < 0x1p52, last - first <= 1_000_000 else { return [range.lower] }
    return stride(from: first, through: last, by: 1).map { $0 * h }
  }

  /// Runs the analysis. `samples` must hold at least 2 distinct sites, or a precondition
  /// failure occurs (the reader checks this at the edge).
  package static func run(samples: EDNASamples, noise: EDNANoise, settings: EDNAAnalysisSettings) -> EDNAAnalysis {
    precondition(Set(samples.positionsKm).count >= 2, "EDNAAnalysis: at least two distinct sites")
    let (point, distributed) = EDNAFitter.fitBoth(samples, settings: settings.fit)
    let nominal = settings.nominal ?? distributed.source
    let problem = EDNADesignProblem(nominal: nominal, noise: settings.designNoise, settings: settings.fit)
    let sampled = problem.score(samples.positionsKm)
    let lr = 2 * (distributed.logLikelihood - point.logLikelihood)
    let bootstrap = settings.bootstrapReplicates > 0
      ? EDNABootstrap.run(point: point.source, distributed: distributed.source, observedLR: lr,
                          positionsKm: samples.positionsKm, noise: noise, settings: settings.fit,
                          replicates: settings.bootstrapReplicates, seed: settings.seed)
      : nil
    precondition(settings.decision == .aic || bootstrap != nil, "EDNAAnalysis: the bootstrap decision needs replicates")
    let comparison = EDNAComparison(point: point, distributed: distributed, bootstrap: bootstrap, sampledDesign: sampled,
                                    rule: settings.decision, level: settings.testLevel)
    var candidates = [Double]()
    var design: EDNAExchangeDesign.Result?
    if let n = settings.designSize {
      let xMin = samples.positionsKm.min() ?? 0, xMax = samples.positionsKm.max() ?? 0
      candidates = candidateGrid(settings.designRangeKm ?? (xMin, xMax), spacingKm: settings.designSpacingKm)
      design = EDNAExchangeDesign.optimize(problem, size: n, candidatesKm: candidates, starts: settings.designStarts,
                                           seed: settings.seed)
    }
    var warnings = point.warnings.map { "point model: " + $0 } + distributed.warnings.map { "distributed model: " + $0 }
    if !sampled.discriminating {
      warnings.append("sampled sites: " + sampled.statement)
    }
    if let d = design, !d.best.discriminating {
      warnings.append("proposed design: " + d.best.statement)
    }
    return EDNAAnalysis(samples: samples, point: point, distributed: distributed, comparison: comparison, nominal: nominal,
                        nominalIsFit: settings.nominal == nil, design: design, candidatesKm: candidates, warnings: warnings)
  }
}
