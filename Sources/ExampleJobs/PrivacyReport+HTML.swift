import FeinvertFiles
import FitReportHTML
import Foundation
import PrivacyExamples

extension PrivacyReport {
  /// The page of `feinvert app privacy --html`: the privacy–utility curve of DP-SGD (test
  /// RMSE and the attribute-inference attack's accuracy against ε, one point per noise
  /// multiplier, ±1 sd over the runs).
  package static func page(_ a: PrivacyAnalysis, path: String) -> ReportPage {
    var page = ReportPage(title: "feinvert app privacy: \(path)")
    page.heading(page.title, level: 1)
    // σ = 0 has ε = ∞: drawn at the right end of the axis, labelled.
    let finite = a.curve.map(\.improved.epsilon).filter(\.isFinite)
    let right = (finite.max() ?? 1) * 3
    let epsilon = a.curve.map { $0.improved.epsilon.isFinite ? $0.improved.epsilon : right }
    let labels = a.curve.map { "σ = \(ReportPage.format($0.noiseMultiplier, digits: 3)), ε = " + ($0.improved.epsilon.isFinite ? ReportPage.format($0.improved.epsilon, digits: 3) : "∞ (no noise)") }
    page.paragraph("\(a.curve.count) noise multipliers, \(a.curve.first?.runs ?? 0) runs each; ε at δ = \(ReportPage.format(a.settings.delta, digits: 3)) by the improved RDP conversion. The attack's baselines: \(ReportPage.format(a.memberBaseline, digits: 3)) (members), \(ReportPage.format(a.nonMemberBaseline, digits: 3)) (non-members); the constant predictor's RMSE \(ReportPage.format(a.constantPredictorRMSE, digits: 4)).")
    func trace(_ y: [Double], _ sd: [Double], _ name: String, axis: String, colour: String) -> ChartJSON {
      .object([("type", .string("scatter")), ("mode", .string("lines+markers")), ("x", .exact(epsilon)), ("y", .exact(y)),
               ("error_y", .object([("type", .string("data")), ("array", .exact(sd)), ("visible", .bool(true))])),
               ("text", .strings(labels)), ("name", .string(name)), ("yaxis", .string(axis)),
               ("line", .object([("color", .string(colour))]))])
    }
    page.figure(
      id: "privacy-curve",
      data: [
        trace(a.curve.map(\.testRMSEMean), a.curve.map(\.testRMSESD), "test RMSE (utility)", axis: "y", colour: "#1f618d"),
        trace(a.curve.map(\.memberAccuracyMean), a.curve.map(\.memberAccuracySD), "attack accuracy, members", axis: "y2", colour: "#c0392b"),
        trace(a.curve.map(\.nonMemberAccuracyMean), a.curve.map(\.nonMemberAccuracySD), "attack accuracy, non-members", axis: "y2", colour: "#e59866"),
      ],
      layout: [("title", .string("Privacy–utility curve of DP-SGD")),
               ("xaxis", .object([("type", .string("log")), ("title", .string("ε (right end: σ = 0, ε = ∞)"))])),
               ("yaxis", .object([("title", .string("test RMSE")), ("domain", .array([.number(0.55), .number(1)]))])),
               ("yaxis2", .object([("title", .string("attack accuracy")), ("domain", .array([.number(0), .number(0.45)]))]))],
      marks: 3 * a.curve.count,
      caption: "Each point is one noise multiplier σ (hover for σ and ε), mean ± 1 sd over the runs: less noise, larger ε, better utility and, when the model leaks the attribute, a more accurate attack.",
      height: 560)
    return page
  }
}
