import CellBiologyExamples

/// The data of the loop-extrusion worked example (`Validation/apps/loops/lifetimes.csv`):
/// lifetimes simulated at λ = 240 kb, d = 120 kb on a 6 Mb ring (N = 50), burn-in 20 τ, the
/// lifetimes that start in the next 6000 steps.
package enum LoopExtrusionExampleFiles {
  package static let parameters = LoopExtrusionParameters(ringSites: 6000, lefCount: 50, processivityKb: 240)

  package static func text(seed: UInt64) -> String {
    let records = LoopSimulation.lifetimes(parameters, seed: seed, recordingSteps: 6000)
    var text = "# Synthetic: LEF lifetimes from feinvert's simulator, lambda = 240 kb, d = 120 kb, ring 6000 kb (N = 50), seed \(seed)\n"
    text += "# length_kb: extruded before the first obstruction (censored = 1) or before unbinding (censored = 0)\n"
    text += "# ring_kb = 6000\n# separation_kb = 120\n"
    text += "length_kb,censored\n"
    for i in 0..<records.count { text += "\(Int(records.lengthsKb[i])),\(records.censored[i] ? 1 : 0)\n" }
    return text
  }
}
