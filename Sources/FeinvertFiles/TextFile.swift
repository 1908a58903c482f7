import FECommon
import Foundation

/// A whole input file read as UTF-8 text, with the errors every text reader gives.
public enum TextFile {
  /// The file's text.
  ///
  /// - Parameter expected: what the file should be, for the message ("a fringe CSV").
  /// - Throws: `InputError` at `path` when the file cannot be read or is not UTF-8.
  public static func read(path: String, expected: String) throws -> String {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw InputError("cannot read the file (\(error.localizedDescription)); expected \(expected)",
                       at: SourceLocation(file: path))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw InputError("found bytes that are not UTF-8; expected a text (CSV) file", at: SourceLocation(file: path))
    }
    return text
  }
}
