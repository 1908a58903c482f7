import FECommon
import Foundation
import Testing

/// The bad-input check every app's tests make: write `text` to `path`, run the job, and
/// expect an `InputError` (exit 2) whose message contains `fragment`, with no report left at
/// `report`. With `namesFile`, the message must also begin with `path:`.
func expectBadInput(
  _ text: String, at path: String, contains fragment: String, leaves report: String,
  namesFile: Bool = false, sourceLocation: Testing.SourceLocation = #_sourceLocation,
  running job: () throws -> Void
) throws {
  try text.write(toFile: path, atomically: true, encoding: .utf8)
  do {
    try job()
    Issue.record("expected an InputError for \(fragment)", sourceLocation: sourceLocation)
  } catch let error as InputError {
    #expect(error.description.contains(fragment), "\(error.description)", sourceLocation: sourceLocation)
    #expect(error.exitCode == 2, sourceLocation: sourceLocation)
    if namesFile {
      #expect(error.description.hasPrefix(path + ":"), "\(error.description)", sourceLocation: sourceLocation)
    }
  }
  #expect(!FileManager.default.fileExists(atPath: report), "report left behind", sourceLocation: sourceLocation)
}
