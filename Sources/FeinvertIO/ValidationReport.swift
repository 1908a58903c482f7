import FeinvertFiles
import Foundation
import ValidationSuite

/// `feinvert validate`'s outputs: the JSON report and the text/markdown table.
public enum ValidationReport {
  public static func json(_ results: [ValidationResult]) -> JSONValue {
    .object([
      ("passed", .bool(results.allSatisfy(\.passed))),
      ("cases", .array(results.map { r in
        .object([
          ("name", .string(r.name)),
          ("title", .string(r.title)),
          ("passed", .bool(r.passed)),
          ("seconds", .number(r.seconds)),
          ("worst_error_over_tolerance", .number(r.worstErrorRatio)),
          ("checks", .array(r.checks.map { c in
            .object([
              ("quantity", .string(c.quantity)),
              ("computed", .number(c.computed)),
              ("reference", .number(c.reference)),
              ("error", .number(c.error)),
              ("tolerance", .number(c.tolerance)),
              ("tolerance_note", .string(c.toleranceNote)),
              ("passed", .bool(c.passed)),
            ])
          })),
          ("notes", .array(r.notes.map { .string($0) })),
        ])
      })),
    ])
  }

  /// A markdown table, one row per check (the README's validation table is this output).
  public static func markdown(_ results: [ValidationResult]) -> String {
    var out = "| case | quantity | computed | reference | error | tolerance | ok |\n|---|---|---:|---:|---:|---|---|\n"
    for r in results {
      for c in r.checks {
        out += "| \(r.name) | \(c.quantity) | \(g(c.computed)) | \(g(c.reference)) | \(g(c.error)) | \(c.toleranceNote) | \(c.passed ? "yes" : "**NO**") |\n"
      }
    }
    return out
  }

  /// One line per case: name, pass/fail, worst error over tolerance, time.
  public static func caseLine(_ r: ValidationResult) -> String {
    String(format: "%-28@ %@  worst error/tolerance %.3f  (%d checks, %.1f s)", r.name as NSString,
           r.passed ? "pass" : "FAIL", r.worstErrorRatio, r.checks.count, r.seconds)
  }

  static func g(_ x: Double) -> String { String(format: "%.5g", x) }
}
