import FECommon
import Foundation

/// Repeated single-valued options (`--fringes a.csv --fringes b.csv`): ArgumentParser keeps
/// the last silently, so the command would run on an input the user may not have meant.
/// The command line is checked against the command tree's own description before parsing.
package enum RepeatedOptions {
  /// The first option given more than once that its command declares single-valued.
  ///
  /// - Parameters:
  ///   - arguments: the arguments after the program name.
  ///   - commandTree: ArgumentParser's description of the root command
  ///     (`ParsableCommand._dumpHelp()`, its `ToolInfoV0` JSON).
  /// - Returns: nil, or bad input naming the option and both values.
  package static func check(_ arguments: [String], commandTree: String) -> InputError? {
    guard let root = try? JSONSerialization.jsonObject(with: Data(commandTree.utf8)) as? [String: Any],
          var command = root["command"] as? [String: Any]
    else { return nil }
    var rest = arguments[...]
    // Descend through the subcommand names at the front.
    while let token = rest.first, let subcommands = command["subcommands"] as? [[String: Any]],
          let next = subcommands.first(where: { ($0["commandName"] as? String) == token || (($0["aliases"] as? [String]) ?? []).contains(token) }) {
      command = next
      rest = rest.dropFirst()
    }
    // Each option's spellings ("--mesh", "-o") mapped to its preferred spelling.
    var single = [String: String](), takesValue = Set<String>()
    for argument in (command["arguments"] as? [[String: Any]]) ?? [] {
      guard (argument["kind"] as? String) == "option" else { continue }
      let spellings = ((argument["names"] as? [[String: Any]]) ?? []).compactMap { name -> String? in
        guard let n = name["name"] as? String, let kind = name["kind"] as? String else { return nil }
        return kind == "long" ? "--" + n : "-" + n
      }
      guard let preferred = spellings.first(where: { $0.hasPrefix("--") }) ?? spellings.first else { continue }
      for spelling in spellings {
        takesValue.insert(spelling)
        if (argument["isRepeating"] as? Bool) != true { single[spelling] = preferred }
      }
    }
    var seen = [String: String]()
    var i = rest.startIndex
    while i < rest.endIndex {
      let token = rest[i]
      if token == "--" { break }
      let (name, inline) = token.firstIndex(of: "=").map { (String(token[..<$0]), String(token[token.index(after: $0)...])) }
        ?? (token, nil)
      var value = inline
      if takesValue.contains(name), inline == nil, i + 1 < rest.endIndex {
        value = rest[i + 1]
        i += 1
      }
      if let preferred = single[name] {
        if let first = seen[preferred] {
          return InputError(
            "found \(preferred) twice (\(first), then \(value ?? "")); expected it once: the command takes one value and would silently use the last",
            at: SourceLocation(file: "command line", key: preferred))
        }
        seen[preferred] = value ?? ""
      }
      i += 1
    }
    return nil
  }
}
