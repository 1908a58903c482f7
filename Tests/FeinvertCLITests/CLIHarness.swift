import Foundation
import Testing

/// Runs the built `feinvert` binary in a scratch directory.
struct CLIHarness {
  let directory: URL

  init() throws {
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("feinvert-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  /// The binary: `FEINVERT_BIN` if set, else `feinvert` beside the test bundle
  /// (the Makefile builds it in the same configuration before the tests).
  static var binary: URL {
    if let path = ProcessInfo.processInfo.environment["FEINVERT_BIN"] { return URL(fileURLWithPath: path) }
    return Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("feinvert")
  }

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  @discardableResult
  func run(_ arguments: [String]) throws -> Result {
    let process = Process()
    process.executableURL = Self.binary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

  func write(_ name: String, _ text: String) throws {
    try text.write(toFile: path(name), atomically: true, encoding: .utf8)
  }

  func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

  /// Files left in the scratch directory tree whose names contain `.tmp` (half-written outputs).
  func temporaryLeftovers() -> [String] {
    let e = FileManager.default.enumerator(atPath: directory.path)
    var found = [String]()
    while let f = e?.nextObject() as? String { if f.contains(".tmp") { found.append(f) } }
    return found
  }

  /// A small coupon mesh and its model, in the given format.
  func makeCoupon(_ name: String = "coupon", elements: String = "hex8", format: String = "msh41") throws {
    let r = try run([
      "mesh", "--layup", "[0/90]s", "--ply-thickness", "0.25", "--length", "4", "--width", "2",
      "--elements", elements, "--nx", "4", "--ny", "2", "--per-ply", "1", "--format", format, "-o", "\(name).msh",
    ])
    #expect(r.status == 0, "mesh failed: \(r.stderr)")
  }
}
