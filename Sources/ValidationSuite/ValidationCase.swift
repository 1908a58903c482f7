/// A regression of the solver against an analytic solution: a name (the folder under
/// `Validation/` that documents it), whether it is quick enough for every test run,
/// and the computation.
public struct ValidationCase: Sendable {
  public var name: String
  public var title: String
  /// Quick cases run in `make test` (`feinvert validate`); the rest only with `--all`.
  public var quick: Bool
  public var run: @Sendable () throws -> ValidationResult

  public init(name: String, title: String, quick: Bool, run: @escaping @Sendable () throws -> ValidationResult) {
    self.name = name
    self.title = title
    self.quick = quick
    self.run = run
  }
}
