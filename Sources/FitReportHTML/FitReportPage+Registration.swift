import FECommon
import FeinvertFiles
import Foundation

extension FitReportPage {
  /// The registration of data measured in a camera frame (`fit.json`'s `registration`):
  /// per registered data set its alignment and a table of the six values with standard
  /// errors (held ones marked), and the fitted parameters' standard errors with the
  /// registration free beside those with it held. Nothing when the fit registered nothing.
  static func registrationSection(_ fit: FitReportFile, into page: inout ReportPage) {
    guard let sets = fit.root["registration"] as? [[String: Any]], !sets.isEmpty else { return }
    page.heading("Registration of the data frame")
    for (k, set) in sets.enumerated() {
      let name = set["data_set"] as? String ?? "data"
      page.paragraph("\(name): x_model = R x_data + t, R = Rz Ry Rx; initial alignment: \(set["alignment"] as? String ?? "")")
      let values = set["parameters"] as? [[String: Any]] ?? []
      page.table(
        id: "registration-\(k + 1)", header: ["parameter", "unit", "initial", "estimate", "std error", "held"],
        rows: values.map { v in
          let held = v["held"] as? Bool ?? false
          return [ReportPage.Cell(v["name"] as? String ?? ""), ReportPage.Cell(v["unit"] as? String ?? ""),
                  .number(FitReportFile.number(v["initial"])), .number(FitReportFile.number(v["value"])),
                  .number(FitReportFile.number(v["std_error"]), digits: 4),
                  ReportPage.Cell(held ? "held: not seen by the data" : "no", cssClass: held ? "flag" : nil)]
        })
      let errors = set["fit_std_errors"] as? [[String: Any]] ?? []
      page.table(
        id: "registration-\(k + 1)-std-errors", header: ["parameter", "std error, registration free", "std error, registration held", "ratio"],
        rows: errors.map { e in
          let free = FitReportFile.number(e["std_error_registration_free"]), held = FitReportFile.number(e["std_error_registration_fixed"])
          return [ReportPage.Cell(e["name"] as? String ?? ""), .number(free, digits: 4), .number(held, digits: 4),
                  .number(free.flatMap { f in held.map { f / $0 } }, digits: 4)]
        })
    }
  }
}
