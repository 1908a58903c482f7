import FEKernel
import FECommon

/// A laminate stacking sequence: one fibre angle per ply, listed bottom to top.
///
/// **Convention (bottom-up).** `anglesDegrees[0]` is ply 1, the bottom ply, whose lower
/// face lies at z = 0; `anglesDegrees[k]` is ply `k + 1`, the physical group `"ply\(k + 1)"`
/// of ``CouponMesher``. Some textbooks list plies from the top; for a symmetric layup the
/// two readings agree, for an unsymmetric one they do not, so the first listed ply is
/// always the one at z = 0 here.
///
/// Angles are in degrees (the IO edge: radians inside the kernels), the fibre axis turned
/// about +z from +x, as in the model file's `[[plies]] angle`.
///
/// ## Notation
///
/// ``parse(_:source:)`` reads the usual compact notation:
///
/// | text | plies, bottom to top |
/// | --- | --- |
/// | `[0/90]` | 0, 90 |
/// | `[0/90]3` | 0, 90, 0, 90, 0, 90 |
/// | `[45/-45]s` | 45, -45, -45, 45 |
/// | `[0/90]2s` | 0, 90, 0, 90, 90, 0, 90, 0 (repeat first, then mirror) |
/// | `[0_2/90]s` | 0, 0, 90, 90, 0, 0 (`_n` repeats one ply n times) |
/// | `[±45]s`, `[+-45]s` | 45, -45, -45, 45 |
/// | `[∓45]`, `[-+45]` | -45, 45 |
/// | `[(0/90)2/45]s` | 0, 90, 0, 90, 45, 45, 90, 0, 90, 0 (a group in parentheses, repeated) |
/// | `[(±45)2/0]` | 45, -45, 45, -45, 0 (groups may nest) |
/// | `[0/90/0]T` | 0, 90, 0 (`T`, the total laminate: as written) |
///
/// Plies are separated by `/` (a `,` is accepted too). Whitespace around plies, groups
/// and brackets is ignored, the `s` and `T` may be upper or lower case, an `_` before a
/// repeat count is allowed (`[0/90]_2s`, `(0/90)_2`), and the Unicode minus `−` reads as
/// `-`. Not supported: a `±` pair with a ply repeat (`±45_2`, which texts read two ways:
/// write `(±45)2` or the plies out), and the bar notation for a midplane ply.
public struct Layup: Sendable, Equatable, CustomStringConvertible {
  /// Fibre angle of each ply in degrees, bottom (ply 1, z = 0) to top.
  public var anglesDegrees: [Double]

  public init(anglesDegrees: [Double]) {
    self.anglesDegrees = anglesDegrees
  }

  /// Number of plies.
  public var plyCount: Int { anglesDegrees.count }

  /// Every ply written out, bottom to top, e.g. `[45/-45/-45/45]`.
  public var description: String {
    "[" + anglesDegrees.map(Self.format).joined(separator: "/") + "]"
  }

  /// The largest number of plies a layup may expand to.
  public static let maximumPlyCount = 10_000
  /// The largest repeat count (`_n` on a ply, or the count after `]`).
  public static let maximumRepeat = 1000

  /// Reads a layup in compact notation, such as `[45/-45]s` or `[0_2/90]2s`.
  ///
  /// See the type's discussion for the notation and the bottom-up convention.
  ///
  /// - Parameters:
  ///   - text: the layup as the user wrote it.
  ///   - source: where it came from; for the command line pass
  ///     `SourceLocation(file: "--layup")`, so an error prints as
  ///     `--layup: "[45/-45" has no closing bracket; expected a layup such as "[45/-45]s"`.
  /// - Returns: the expanded layup, at least one ply.
  /// - Throws: `InputError` at `source`, saying what was found and what was expected.
  public static func parse(_ text: String, source: SourceLocation) throws -> Layup {
    let expected = "expected a layup such as \"[45/-45]s\""
    func fail(_ message: String) -> InputError { InputError(message, at: source) }

    let normalized = String(text.map { $0 == "\u{2212}" ? "-" : $0 })
    let trimmed = normalized.trimmed
    guard !trimmed.isEmpty else { throw fail("\"\(text)\" is empty; \(expected)") }
    guard trimmed.first == "[" else {
      throw fail("\"\(text)\" does not start with \"[\"; \(expected)")
    }
    guard let close = trimmed.firstIndex(of: "]") else {
      throw fail("\"\(text)\" has no closing bracket; \(expected)")
    }
    let inner = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
    let suffix = String(trimmed[trimmed.index(after: close)...])

    // Plies and groups inside the brackets.
    var position = 0
    var cursor = inner[...]
    let group = try parseSequence(&cursor, depth: 0, text: text, position: &position, fail: fail)
    if let stray = cursor.first {
      throw fail("\"\(text)\": found \"\(stray)\" without a matching \"(\"; expected groups such as \"(0/90)2\"")
    }

    // What follows "]": [_][count][s], or T alone.
    var rest = Substring(suffix.trimmed)
    if rest == "T" || rest == "t" { rest = "" }
    if rest.first == "_" { rest = Substring(rest.dropFirst().trimmed) }
    let digits = rest.prefix { $0.isASCII && $0.isNumber }
    rest = Substring(rest.dropFirst(digits.count).trimmed)
    var symmetric = false
    if rest.first == "s" || rest.first == "S" {
      symmetric = true
      rest = rest.dropFirst()
    }
    guard rest.trimmed.isEmpty else {
      throw fail(
        "\"\(text)\": \"\(suffix.trimmed)\" after \"]\" is not a repeat count or \"s\"; "
          + "expected nothing, a count, \"s\", a count then \"s\" (as in \"[0/90]2s\"), or \"T\"")
    }
    var repeats = 1
    if !digits.isEmpty {
      guard let n = Int(digits), (1...maximumRepeat).contains(n) else {
        throw fail(
          "\"\(text)\": repeat count \(digits) is out of range; expected a whole number from 1 to \(maximumRepeat)")
      }
      repeats = n
    }

    let total = group.count * repeats * (symmetric ? 2 : 1)
    guard total <= maximumPlyCount else {
      throw fail("\"\(text)\" makes \(total) plies; expected at most \(maximumPlyCount)")
    }
    var angles: [Double] = []
    angles.reserveCapacity(total)
    for _ in 0..<repeats { angles += group }
    if symmetric { angles += angles.reversed() }
    return Layup(anglesDegrees: angles)
  }

  /// Plies and parenthesized groups separated by `/` or `,`, up to a `)` or the end;
  /// `cursor` is left at the `)` (or empty). `position` numbers the plies in the text, for
  /// messages. A group's repeat count follows its `)`: `(0/90)2`, `(0/90)_2`, or none.
  private static func parseSequence(
    _ cursor: inout Substring, depth: Int, text: String, position: inout Int, fail: (String) -> InputError
  ) throws -> [Double] {
    var angles: [Double] = []
    while true {
      cursor = Substring(cursor.trimmed)
      if cursor.first == "(" {
        guard depth < 10 else { throw fail("\"\(text)\": groups nest deeper than 10; expected at most 10 levels of parentheses") }
        cursor = cursor.dropFirst()
        let inner = try parseSequence(&cursor, depth: depth + 1, text: text, position: &position, fail: fail)
        guard cursor.first == ")" else {
          throw fail("\"\(text)\": a group \"(\" is not closed; expected \")\" after its plies, as in \"[(0/90)2]s\"")
        }
        cursor = Substring(cursor.dropFirst().trimmed)
        if cursor.first == "_" { cursor = Substring(cursor.dropFirst().trimmed) }
        let digits = cursor.prefix { $0.isASCII && $0.isNumber }
        cursor = cursor.dropFirst(digits.count)
        var count = 1
        if !digits.isEmpty {
          guard let n = Int(digits), (1...maximumRepeat).contains(n) else {
            throw fail("\"\(text)\": group repeat count \(digits) is out of range; expected a whole number from 1 to \(maximumRepeat)")
          }
          count = n
        }
        // Checked before the group is written out: nested counts multiply.
        guard angles.count + inner.count * count <= maximumPlyCount else {
          throw fail("\"\(text)\" makes more than \(maximumPlyCount) plies; expected at most \(maximumPlyCount)")
        }
        for _ in 0..<count { angles += inner }
      } else {
        position += 1
        let token = cursor.prefix { !"/,()".contains($0) }
        cursor = cursor.dropFirst(token.count)
        let trimmedToken = token.trimmed
        guard !trimmedToken.isEmpty else {
          throw fail("\"\(text)\": ply \(position) is empty; expected angles separated by \"/\", such as \"[0/90]s\"")
        }
        angles += try parsePly(trimmedToken, text: text, position: position, fail: fail)
        guard angles.count <= maximumPlyCount else {
          throw fail("\"\(text)\" makes more than \(maximumPlyCount) plies; expected at most \(maximumPlyCount)")
        }
      }
      cursor = Substring(cursor.trimmed)
      guard let next = cursor.first, next == "/" || next == "," else { return angles }
      cursor = cursor.dropFirst()
    }
  }

  /// One ply token: `45`, `-45`, `0_2`, `±45`, `+-45`, `∓45`, `-+45`.
  private static func parsePly(
    _ token: String, text: String, position: Int, fail: (String) -> InputError
  ) throws -> [Double] {
    let notAngle =
      "\"\(text)\": ply \(position) \"\(token)\" is not an angle; "
      + "expected a number of degrees such as 45, -45, ±45 or 0_2"

    // A ± pair.
    var pairSign: Double? = nil
    var body = Substring(token)
    for (prefix, sign) in [("±", 1.0), ("+-", 1.0), ("∓", -1.0), ("-+", -1.0)] where body.hasPrefix(prefix) {
      pairSign = sign
      body = body.dropFirst(prefix.count)
      break
    }
    if let sign = pairSign {
      guard !body.contains("_") else {
        throw fail(
          "\"\(text)\": ply \(position) \"\(token)\" combines a ± pair with a repeat; "
            + "expected the pair alone, such as \"±45\", or the plies written out, such as \"45/-45/45/-45\"")
      }
      guard let first = body.first, first.isASCII, first.isNumber || first == ".",
        let angle = Double(body), angle.isFinite
      else { throw fail(notAngle) }
      return [sign * angle, -sign * angle]
    }

    // A single angle with an optional "_n" repeat.
    let parts = body.split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)
    let angleText = String(parts[0]).trimmed
    guard !angleText.isEmpty, let angle = Double(angleText), angle.isFinite else { throw fail(notAngle) }
    var count = 1
    if parts.count == 2 {
      let countText = String(parts[1]).trimmed
      guard let n = Int(countText), (1...maximumRepeat).contains(n) else {
        throw fail(
          "\"\(text)\": ply \(position) \"\(token)\" has repeat \"\(countText)\"; "
            + "expected a whole number from 1 to \(maximumRepeat) after \"_\"")
      }
      count = n
    }
    return Array(repeating: angle, count: count)
  }

  /// `45.0` prints as `45`, `22.5` as `22.5`.
  private static func format(_ angle: Double) -> String {
    if angle == angle.rounded(), abs(angle) < 1e15 { return String(Int(angle)) }
    return String(angle)
  }
}

extension StringProtocol {
  /// The text without leading and trailing whitespace.
  fileprivate var trimmed: String {
    var s = Substring(self)
    while let c = s.first, c.isWhitespace { s = s.dropFirst() }
    while let c = s.last, c.isWhitespace { s = s.dropLast() }
    return String(s)
  }
}
