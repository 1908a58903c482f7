import Foundation

/// The lexical rules every CSV reader of feinvert shares: blank trimming and the
/// `# key = value` metadata lines (the fringe CSV of the contract and the apps' tables).
package enum CSVText {
  /// `key = value` after the `#`, when the key is a plain identifier.
  package static func metadataEntry(_ comment: Substring) -> (String, String)? {
    guard let eq = comment.firstIndex(of: "=") else { return nil }
    let key = comment[..<eq].trimmingCharacters(in: .whitespaces)
    guard !key.isEmpty,
          key.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0) })
    else { return nil }
    return (key, comment[comment.index(after: eq)...].trimmingCharacters(in: .whitespaces))
  }

  /// `s` without leading and trailing spaces, tabs, carriage returns and line feeds.
  package static func trim(_ s: Substring) -> Substring {
    let blank: (UInt8) -> Bool = { $0 == 32 || $0 == 9 || $0 == 13 || $0 == 10 }
    var u = s.utf8[...]
    while let first = u.first, blank(first) { u = u.dropFirst() }
    while let last = u.last, blank(last) { u = u.dropLast() }
    return Substring(u)
  }
}
