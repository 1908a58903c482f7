import Foundation

/// The choice between the point and the distributed source, and how sure it is.
///
/// AIC = 2p − 2 log L (p = 3, 4); ΔAIC = AIC_P − AIC_D (> 0 favours the distributed
/// source); LR = 2(log L_D − log L_P) = ΔAIC + 2. The Akaike weight of a model is
/// e^{−AIC/2} normalized over the two (Burnham & Anderson 2002, *Model Selection and
/// Multimodel Inference*, §2.9). The models are not nested (a distributed source has
/// b − a ≥ ℓ_min), so LR has no χ² reference distribution: `bootstrap` gives one.
package struct EDNAComparison: Sendable {
  package var deltaAIC: Double
  package var likelihoodRatio: Double
  /// The Akaike weight of the distributed model (that of the point model is 1 − this).
  package var akaikeWeightDistributed: Double
  /// The model with the lower AIC (point on a tie: the simpler one).
  package var preferred: EDNASource.Kind
  package var bootstrap: EDNABootstrap?
  /// The rule that made `decision`, and the level of the LR test.
  package var rule: EDNADecisionRule
  package var level: Double
  /// The chosen model: `preferred` under `.aic`; under `.bootstrap` the distributed model
  /// when the LR test rejects the point model (p ≤ level), else the point model.
  package var decision: EDNASource.Kind
  /// T of the sampled sites at the fitted (or given nominal) distributed source.
  package var sampledDesign: EDNADesignScore

  /// The comparison. With `rule == .bootstrap`, `bootstrap` must be given, or a
  /// precondition failure occurs.
  package init(point: EDNAModelFit, distributed: EDNAModelFit, bootstrap: EDNABootstrap?, sampledDesign: EDNADesignScore,
               rule: EDNADecisionRule = .aic, level: Double = 0.05) {
    deltaAIC = point.aic - distributed.aic
    likelihoodRatio = 2 * (distributed.logLikelihood - point.logLikelihood)
    akaikeWeightDistributed = 1 / (1 + exp(-deltaAIC / 2))
    preferred = deltaAIC > 0 ? .distributed : .point
    self.bootstrap = bootstrap
    self.sampledDesign = sampledDesign
    self.rule = rule
    self.level = level
    switch rule {
    case .aic:
      decision = preferred
    case .bootstrap:
      precondition(bootstrap != nil, "EDNAComparison: the bootstrap rule needs the bootstrap")
      decision = EDNABootstrap.rejectsPoint(pValue: bootstrap!.pValueAgainstPoint, level: level) ? .distributed : .point
    }
  }

  /// Which rule decided, in words.
  package var ruleStatement: String {
    switch rule {
    case .aic: return "decided by AIC (the lower AIC; the point model on a tie)"
    case .bootstrap:
      return "decided by the parametric-bootstrap LR test of the point model at the \(String(format: "%g", 100 * level)) % level "
        + "(p = \(String(format: "%.3g", bootstrap?.pValueAgainstPoint ?? .nan)), \(bootstrap?.replicates ?? 0) replicates)"
    }
  }

  /// The Akaike weight of the preferred model.
  package var akaikeWeightPreferred: Double {
    preferred == .distributed ? akaikeWeightDistributed : 1 - akaikeWeightDistributed
  }

  /// The decision in words, with its confidence.
  package var statement: String {
    let f = { (x: Double) in String(format: "%.3g", x) }
    var text = "\(decision.rawValue) source preferred, \(ruleStatement) (ΔAIC = AIC_point − AIC_distributed = \(f(deltaAIC)), "
      + "LR = \(f(likelihoodRatio)), Akaike weight of the AIC choice (\(preferred.rawValue)) \(f(akaikeWeightPreferred)))"
    if let b = bootstrap {
      // p = (1 + count)/(B + 1), so the count of replicates at least as extreme is recovered.
      func count(_ p: Double) -> Int { Int((p * Double(b.replicates + 1)).rounded()) - 1 }
      if decision == .distributed {
        text += "; with data from the fitted point source an LR this large arose in \(count(b.pValueAgainstPoint)) of "
          + "\(b.replicates) bootstrap replicates (p = \(f(b.pValueAgainstPoint))); AIC picked the distributed source in "
          + "\(f(100 * b.aicCorrectUnderDistributed)) % of replicates from the fitted distributed source"
      } else {
        text += "; with data from the fitted distributed source an LR this small arose in \(count(b.pValueAgainstDistributed)) of "
          + "\(b.replicates) bootstrap replicates (p = \(f(b.pValueAgainstDistributed))); AIC picked the point source in "
          + "\(f(100 * b.aicCorrectUnderPoint)) % of replicates from the fitted point source"
      }
    }
    if !sampledDesign.discriminating {
      text += ". The sampled sites cannot tell the models apart (\(sampledDesign.statement)): the choice is not supported by the data"
    }
    return text
  }
}
