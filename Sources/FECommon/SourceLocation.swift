/// Where in an input file a problem was found.
///
/// Printed as `file:line` when the line is known, `file: key.path` when only the
/// key is known (TOMLKit gives no positions for values), or just `file`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
  /// The file as the user named it (not resolved), so the message matches the command line.
  public var file: String
  /// 1-based line number, when known.
  public var line: Int?
  /// Dotted key path inside a structured file (`materials.IM7_8552.nu12`), when known.
  public var key: String?

  public init(file: String, line: Int? = nil, key: String? = nil) {
    self.file = file
    self.line = line
    self.key = key
  }

  public var description: String {
    switch (line, key) {
    case let (line?, key?): return "\(file):\(line): \(key)"
    case let (line?, nil): return "\(file):\(line)"
    case let (nil, key?): return "\(file): \(key)"
    case (nil, nil): return file
    }
  }
}
