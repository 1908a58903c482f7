/// The outcome of one validation case.
public struct ValidationResult: Sendable {
  public var name: String
  public var title: String
  public var checks: [ValidationCheck]
  /// Facts worth reading beside the checks (mesh sizes, observed rates).
  public var notes: [String]
  public var seconds: Double

  public init(name: String, title: String, checks: [ValidationCheck], notes: [String] = [], seconds: Double = 0) {
    self.name = name
    self.title = title
    self.checks = checks
    self.notes = notes
    self.seconds = seconds
  }

  public var passed: Bool { !checks.isEmpty && checks.allSatisfy(\.passed) }
  /// The worst check's error as a share of its tolerance.
  public var worstErrorRatio: Double { checks.map(\.errorRatio).max() ?? .infinity }
}
