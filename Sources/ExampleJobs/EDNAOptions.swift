import FeinvertFiles
import FECommon
import EcologyExamples

/// The options of `feinvert app edna` as given on the command line, and their checks
/// (each failure an `InputError`, exit 2, naming the option).
package struct EDNAOptions: Sendable {
  package var data: String
  package var report: String
  package var out: String?
  /// The HTML page (`--html`); nil: none.
  package var html: String?
  /// σ_a and cv of the noise model (override the CSV metadata).
  package var sigmaA: Double?
  package var cv: Double?
  /// ℓ_min, km.
  package var minLength = 0.5
  /// "lo,hi": the β search range per km.
  package var betaRange: String?
  /// Bootstrap replicates per model (0: none).
  package var bootstrap = 200
  /// The rule that decides between the models (`--decision aic|bootstrap`).
  package var decision = EDNADecisionRule.aic
  package var seed: UInt64 = 1
  /// n sites of a proposed T-optimal design.
  package var design: Int?
  /// "lo,hi": the candidate range (km); default the sampled range.
  package var designRange: String?
  /// The candidate spacing (km).
  package var designSpacing = 0.25
  /// "S,a,b,beta": the nominal distributed source of the design; default the fit.
  package var nominal: String?

  package init(data: String, report: String) {
    self.data = data
    self.report = report
  }

  /// "x,y,…" → numbers, exactly `count` of them, each finite.
  static func numbers(_ text: String, count: Int, option: String, expected: String) throws -> [Double] {
    let cells = NumberList.cells(text)
    let values = cells.compactMap(\.value)
    guard cells.count == count, values.count == count else {
      throw InputError("found \"\(text)\"; expected \(expected)", at: SourceLocation(file: option))
    }
    return values
  }

  /// The numerical settings, checked.
  package func settings() throws -> EDNAAnalysisSettings {
    var s = EDNAAnalysisSettings()
    guard minLength.isFinite, minLength > 0 else {
      throw InputError("found \(minLength); expected a minimum source length > 0 km", at: SourceLocation(file: "--min-length"))
    }
    s.fit.minimumSourceLengthKm = minLength
    if let betaRange {
      let v = try Self.numbers(betaRange, count: 2, option: "--beta-range", expected: "lo,hi with 0 < lo < hi (per km)")
      guard v[0] > 0, v[1] > v[0] else {
        throw InputError("found \"\(betaRange)\"; expected lo,hi with 0 < lo < hi (per km)", at: SourceLocation(file: "--beta-range"))
      }
      s.fit.decayRangePerKm = (v[0], v[1])
      // A range the user gives is a constraint: a fit on its floor is reported as bounded.
      s.fit.extendsDecayFloor = false
    }
    // Each replicate refits both models (a few ms): 100000 is already a quarter of an hour.
    guard bootstrap >= 0, bootstrap <= 100_000 else {
      throw InputError("found \(bootstrap); expected a number of replicates from 0 to 100000", at: SourceLocation(file: "--bootstrap"))
    }
    s.bootstrapReplicates = bootstrap
    // The test at level 0.05 can reject only when 0.05·(B + 1) ≥ 1 (p ≥ 1/(B + 1)).
    if decision == .bootstrap && bootstrap < 19 {
      throw InputError("found \(bootstrap) with --decision bootstrap; expected at least 19 replicates (the test at the 5 % level "
                         + "needs p = 1/(B + 1) ≤ 0.05 to be possible; 99 or more for a stable decision)",
                       at: SourceLocation(file: "--bootstrap"))
    }
    s.decision = decision
    s.seed = seed
    if let design {
      guard design >= 1, design <= 1000 else {
        throw InputError("found \(design); expected a number of sites from 1 to 1000", at: SourceLocation(file: "--design"))
      }
      s.designSize = design
    }
    guard designSpacing.isFinite, designSpacing > 0 else {
      throw InputError("found \(designSpacing); expected a candidate spacing > 0 km", at: SourceLocation(file: "--design-spacing"))
    }
    s.designSpacingKm = designSpacing
    if let designRange {
      let v = try Self.numbers(designRange, count: 2, option: "--design-range", expected: "lo,hi in km with lo < hi")
      guard v[1] > v[0], (v[1] - v[0]) / designSpacing <= 10_000 else {
        throw InputError("found \"\(designRange)\"; expected lo,hi in km with lo < hi and at most 10000 candidate sites",
                         at: SourceLocation(file: "--design-range"))
      }
      s.designRangeKm = (v[0], v[1])
    }
    if let nominal {
      let v = try Self.numbers(nominal, count: 4, option: "--nominal", expected: "S,a,b,beta with S > 0, a < b, beta > 0")
      guard v[0] > 0, v[2] > v[1], v[3] > 0 else {
        throw InputError("found \"\(nominal)\"; expected S,a,b,beta with S > 0, a < b, beta > 0", at: SourceLocation(file: "--nominal"))
      }
      s.nominal = .distributed(rate: v[0], startKm: v[1], endKm: v[2], decayPerKm: v[3])
    }
    return s
  }
}
