import FECommon
import Foundation

/// The directory a command writes its outputs into (`--out DIR`).
public enum OutputDirectory {
  /// `directory/name`, without doubling a trailing slash the user typed.
  public static func path(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
  }

  /// Creates an output directory (and its parents) if it does not exist.
  ///
  /// - Throws: `InputError` at `directory` when it exists as a file or cannot be created.
  public static func create(_ directory: String) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw InputError("exists and is not a directory; expected an output directory", at: SourceLocation(file: directory))
      }
      return
    }
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw InputError("cannot create the output directory (\(error.localizedDescription)); expected a writable path", at: SourceLocation(file: directory))
    }
  }

  /// Writes one output file atomically, creating its directory (and missing parents)
  /// first, as `--out` is: a `--report` into a directory that does not exist yet (the
  /// `--out` directory, say) is made, not refused.
  public static func writeFile(_ text: String, to path: String) throws {
    let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
    try create(parent)
    try writeAtomically(text, to: path)
  }

  /// Creates the directory, then writes each file atomically, all encoded beforehand.
  ///
  /// - Returns: the paths written, in order.
  public static func write(_ files: [(name: String, text: String)], into directory: String) throws -> [String] {
    try create(directory)
    var written = [String]()
    for (name, text) in files {
      let path = path(directory, name)
      try writeAtomically(text, to: path)
      written.append(path)
    }
    return written
  }
}
