import FECommon
import Foundation

/// feinvert's version, the one place it is written: `feinvert --version` prints it and
/// every JSON report records it (`provenance.version`). A release is tagged `v<version>`
/// in git; between releases the string ends in `-dev`.
public enum FeinvertVersion {
  public static let current = "1.1.0-dev"
}

/// Where a report came from: the program and its version, the command line, the working
/// directory, each input file with its SHA-256 (FIPS 180-4), and the date, so that a
/// report can be traced to the exact files that produced it.
///
/// Serialized as the report's `provenance` object:
///
///     "provenance": {
///       "program": "feinvert", "version": "1.1.0-dev",
///       "command_line": ["feinvert", "fit", "--mesh", "coupon.msh", ...],
///       "working_directory": "/home/me/coupon",
///       "inputs": [{"role": "mesh", "path": "coupon.msh", "sha256": "9f86d0…", "bytes": 81234}, ...],
///       "date": "2026-12-08T14:03:11Z"
///     }
///
/// `command_line` is the process's own argument vector (`CommandLine.arguments`, the
/// program as invoked first); paths are as the user typed them, relative to
/// `working_directory`. The date is the time the record was made (just before the report
/// is written), UTC, ISO 8601 to the second.
public struct Provenance: Sendable, Equatable {
  /// One input file: what it is to the command, its path as given, its digest and size.
  public struct Input: Sendable, Equatable {
    public var role: String
    public var path: String
    /// 64 lowercase hex digits.
    public var sha256: String
    public var bytes: Int
  }

  public var version: String
  public var commandLine: [String]
  public var workingDirectory: String
  public var inputs: [Input]
  /// ISO 8601, UTC (`2026-12-08T14:03:11Z`).
  public var date: String

  /// Digests the inputs now.
  ///
  /// - Parameters:
  ///   - inputs: (role, path) of each input file the command read, in a fixed order
  ///     (`("mesh", "coupon.msh")`).
  ///   - commandLine: the argument vector to record; the process's own by default.
  ///   - date: the time to record; now by default.
  /// - Throws: `InputError` when an input can no longer be read.
  public init(
    inputs: [(role: String, path: String)], commandLine: [String] = CommandLine.arguments, date: Date = Date()
  ) throws {
    self.version = FeinvertVersion.current
    self.commandLine = commandLine
    self.workingDirectory = FileManager.default.currentDirectoryPath
    self.inputs = try inputs.map { role, path in
      let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
      return Input(role: role, path: path, sha256: try SHA256.hex(file: path), bytes: size)
    }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    formatter.timeZone = TimeZone(identifier: "UTC")
    self.date = formatter.string(from: date)
  }

  /// The `provenance` object of a report.
  public var json: JSONValue {
    .object([
      ("program", .string("feinvert")),
      ("version", .string(version)),
      ("command_line", .array(commandLine.map { .string($0) })),
      ("working_directory", .string(workingDirectory)),
      ("inputs", .array(inputs.map { input in
        .object([
          ("role", .string(input.role)), ("path", .string(input.path)), ("sha256", .string(input.sha256)),
          ("bytes", .integer(input.bytes)),
        ])
      })),
      ("date", .string(date)),
    ])
  }
}

extension JSONValue {
  /// This object with `provenance` appended as its last key; any other value unchanged.
  public func withProvenance(_ provenance: Provenance) -> JSONValue {
    guard case .object(var fields) = self else { return self }
    fields.removeAll { $0.0 == "provenance" }
    fields.append(("provenance", provenance.json))
    return .object(fields)
  }
}
