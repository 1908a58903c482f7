import CellBiologyExamples
import EcologyExamples
import EngineeringExamples

/// The example modules' option types and defaults that the command line names, so that
/// the CLI depends on the jobs alone and never on a numerical module.
package typealias RibosomeLambdaRule = CellBiologyExamples.RibosomeLambdaRule
package typealias DeconvolutionMethod = EngineeringExamples.DeconvolutionMethod
package typealias EDNADecisionRule = EcologyExamples.EDNADecisionRule

extension GillJob {
  /// The effectiveness above which NTU is reported as a lower bound only.
  package static var defaultEffectivenessCap: Double { GillInversion.defaultEffectivenessCap }
}

extension LeafJob {
  /// The chance-constraint quantile z of the outside-xylem bound.
  package static var defaultZ: Double { LeafHydraulicsInversion.defaultZ }
}
