import FECommon

/// A validation case that could not be computed at all (as opposed to one whose
/// numbers drift): a numerical failure, exit 3.
struct ValidationFailure: FeinvertError {
  var message: String
  init(_ message: String) { self.message = message }
  var exitCode: Int32 { 3 }
  var description: String { message }
}
