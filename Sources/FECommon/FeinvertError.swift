/// An error a user can act on, with the process exit code the contract assigns.
///
/// The contract (`shared/spec/interface.md`): 2 bad input or usage, 3 numerical
/// failure. A fit that does not converge is not an error (exit 4 is decided by
/// the CLI from the report).
public protocol FeinvertError: Error, CustomStringConvertible {
  /// The process exit code: 2 for bad input, 3 for numerical failure.
  var exitCode: Int32 { get }
}

/// Bad input: a file, key, value or option that is not what the contract expects.
///
/// The message reads `location: what was found; what was expected`.
public struct InputError: FeinvertError, Equatable {
  public var location: SourceLocation
  public var message: String

  public init(_ message: String, at location: SourceLocation) {
    self.location = location
    self.message = message
  }

  public var exitCode: Int32 { 2 }
  public var description: String { "\(location): \(message)" }
}

/// A numerical failure: the input was well formed but the problem cannot be solved
/// (a singular stiffness, a factorization that ran out of memory).
public struct NumericalError: FeinvertError, Equatable {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var exitCode: Int32 { 3 }
  public var description: String { message }
}
