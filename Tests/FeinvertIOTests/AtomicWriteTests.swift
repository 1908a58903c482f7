@testable import FeinvertFiles
import FECommon
import Foundation
import Testing

@testable import FeinvertIO

@Suite("Atomic writes")
struct AtomicWriteTests {
  func scratchDirectory() throws -> String {
    let dir = NSTemporaryDirectory() + "feinvert-atomic-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func writesAndReplaces() throws {
    let dir = try scratchDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/out.txt"
    try writeAtomically("first\n", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "first\n")
    try writeAtomically([0, 1, 2, 255], to: path)
    #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == [0, 1, 2, 255])
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.txt"])
  }

  @Test func emptyFile() throws {
    let dir = try scratchDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try writeAtomically([UInt8](), to: dir + "/empty")
    #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/empty")).isEmpty)
  }

  @Test func missingDirectoryIsInputError() throws {
    let path = "/nonexistent-feinvert-dir/solution.vtu"
    do {
      try writeAtomically("x", to: path)
      Issue.record("expected an error")
    } catch let e as InputError {
      #expect(e.exitCode == 2)
      #expect(e.location.file == path)
      #expect(e.description.hasPrefix("\(path): cannot create a temporary file next to it ("))
    }
  }

  /// When the rename fails (the target is a directory), the temporary file is removed
  /// and the target is untouched.
  @Test func failedRenameLeavesNothing() throws {
    let dir = try scratchDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let target = dir + "/solution.vtu"
    try FileManager.default.createDirectory(atPath: target + "/inner", withIntermediateDirectories: true)
    do {
      try writeAtomically("data", to: target)
      Issue.record("expected an error")
    } catch let e as InputError {
      #expect(e.description.hasPrefix("\(target): cannot rename the temporary file into place ("))
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["solution.vtu"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: target) == ["inner"])
  }

  @Test func concurrentWritersDoNotCollide() async throws {
    let dir = try scratchDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try await withThrowingTaskGroup(of: Void.self) { group in
      for i in 0..<16 {
        group.addTask { try writeAtomically(String(repeating: "\(i % 10)", count: 10_000), to: dir + "/same.txt") }
      }
      try await group.waitForAll()
    }
    let text = try String(contentsOfFile: dir + "/same.txt", encoding: .utf8)
    #expect(text.count == 10_000 && Set(text).count == 1)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["same.txt"])
  }
}
