import FECommon
import Foundation
import Testing

/// The bad-input check every job's tests make: run the job and expect an `InputError`
/// (exit 2) whose message contains `fragment`, with nothing left at `report`. With
/// `namesFile`, the message must also begin with `namesFile:` (the file and its line).
public func expectInputError(
  contains fragment: String, leaves report: String, namesFile: String? = nil,
  sourceLocation: Testing.SourceLocation = #_sourceLocation, running job: () throws -> Void
) {
  do {
    try job()
    Issue.record("expected an InputError for \(fragment)", sourceLocation: sourceLocation)
  } catch let error as InputError {
    #expect(error.description.contains(fragment), "\(error.description)", sourceLocation: sourceLocation)
    #expect(error.exitCode == 2, sourceLocation: sourceLocation)
    if let namesFile {
      #expect(error.description.hasPrefix(namesFile + ":"), "\(error.description)", sourceLocation: sourceLocation)
    }
  } catch {
    Issue.record("expected an InputError for \(fragment), got \(error)", sourceLocation: sourceLocation)
  }
  #expect(!FileManager.default.fileExists(atPath: report), "report left behind", sourceLocation: sourceLocation)
}

/// The same for a bad input file: writes `text` to `path`, then runs the job. With
/// `namesFile`, the message must begin with `path:`.
public func expectBadInput(
  _ text: String, at path: String, contains fragment: String, leaves report: String,
  namesFile: Bool = false, sourceLocation: Testing.SourceLocation = #_sourceLocation,
  running job: () throws -> Void
) throws {
  try text.write(toFile: path, atomically: true, encoding: .utf8)
  expectInputError(
    contains: fragment, leaves: report, namesFile: namesFile ? path : nil, sourceLocation: sourceLocation, running: job)
}
