import Foundation

/// A scalar expression of the coordinates x, y, z, parsed once and evaluated at many
/// points: the `distribution` of a `[[pressure]]` entry.
///
/// The grammar (precedence from low to high, `^` right-associative and above unary minus,
/// so `-x^2` is −(x²) as in mathematics):
///
///     expr    = term (("+" | "-") term)*
///     term    = unary (("*" | "/") unary)*
///     unary   = "-" unary | "+" unary | power
///     power   = primary ("^" unary)?
///     primary = number | "pi" | "x" | "y" | "z" | name "(" expr ")" | "(" expr ")"
///
/// with `name` one of sin cos tan exp log sqrt abs (`log` is the natural logarithm) and
/// numbers as in `1`, `2.5`, `1e-3`, `.5`. Coordinates are in the model's length unit.
public struct ScalarExpression: Sendable, Equatable, CustomStringConvertible {
  /// The text as written.
  public let text: String
  private let root: Node

  /// A parse error: what was found, at which 1-based column of the text, and what was expected.
  public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var column: Int
    public var message: String
    public var description: String { "column \(column): \(message)" }
  }

  indirect enum Node: Sendable, Equatable {
    case number(Double)
    case coordinate(Int)
    case negate(Node)
    case binary(Character, Node, Node)
    case function(String, Node)
  }

  static let functions: [String: @Sendable (Double) -> Double] = [
    "sin": { Foundation.sin($0) }, "cos": { Foundation.cos($0) }, "tan": { Foundation.tan($0) },
    "exp": { Foundation.exp($0) }, "log": { Foundation.log($0) }, "sqrt": { $0.squareRoot() }, "abs": { Swift.abs($0) },
  ]

  /// Parses `text`.
  ///
  /// - Throws: `ParseError` naming the column of the first offending character.
  public init(_ text: String) throws(ParseError) {
    var parser = Parser(characters: Array(text))
    let node = try parser.expression()
    parser.skipSpace()
    if parser.position < parser.characters.count {
      throw ParseError(column: parser.position + 1, message: "found \"\(parser.characters[parser.position])\" after a complete expression; expected an operator (+ - * / ^) or the end")
    }
    self.text = text
    self.root = node
  }

  public var description: String { text }

  /// The value at the point p = (x, y, z).
  public func evaluate(_ p: SIMD3<Double>) -> Double { Self.evaluate(root, p) }

  private static func evaluate(_ node: Node, _ p: SIMD3<Double>) -> Double {
    switch node {
    case .number(let v): return v
    case .coordinate(let c): return p[c]
    case .negate(let a): return -evaluate(a, p)
    case .function(let name, let a): return functions[name]!(evaluate(a, p))
    case .binary(let op, let a, let b):
      let u = evaluate(a, p), v = evaluate(b, p)
      switch op {
      case "+": return u + v
      case "-": return u - v
      case "*": return u * v
      case "/": return u / v
      default: return Foundation.pow(u, v)
      }
    }
  }

  private struct Parser {
    let characters: [Character]
    var position = 0

    mutating func skipSpace() {
      while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    mutating func peek() -> Character? {
      skipSpace()
      return position < characters.count ? characters[position] : nil
    }

    func found() -> String {
      position < characters.count ? "\"\(characters[position])\"" : "the end of the expression"
    }

    mutating func expression() throws(ParseError) -> Node {
      var left = try term()
      while let c = peek(), c == "+" || c == "-" {
        position += 1
        left = .binary(c, left, try term())
      }
      return left
    }

    mutating func term() throws(ParseError) -> Node {
      var left = try unary()
      while let c = peek(), c == "*" || c == "/" {
        position += 1
        left = .binary(c, left, try unary())
      }
      return left
    }

    mutating func unary() throws(ParseError) -> Node {
      if let c = peek(), c == "-" || c == "+" {
        position += 1
        let operand = try unary()
        return c == "-" ? .negate(operand) : operand
      }
      return try power()
    }

    mutating func power() throws(ParseError) -> Node {
      let base = try primary()
      if peek() == "^" {
        position += 1
        return .binary("^", base, try unary())
      }
      return base
    }

    mutating func primary() throws(ParseError) -> Node {
      guard let c = peek() else {
        throw ParseError(column: position + 1, message: "found the end of the expression; expected a number, x, y, z, pi, a function or \"(\"")
      }
      let start = position
      if c == "(" {
        position += 1
        let inner = try expression()
        guard peek() == ")" else {
          throw ParseError(column: position + 1, message: "found \(found()); expected \")\" to close the \"(\" at column \(start + 1)")
        }
        position += 1
        return inner
      }
      if c.isNumber || c == "." { return try number() }
      if c.isLetter {
        var name = ""
        while position < characters.count, characters[position].isLetter || characters[position].isNumber || characters[position] == "_" {
          name.append(characters[position])
          position += 1
        }
        switch name {
        case "x": return .coordinate(0)
        case "y": return .coordinate(1)
        case "z": return .coordinate(2)
        case "pi": return .number(Double.pi)
        default:
          guard ScalarExpression.functions[name] != nil else {
            throw ParseError(column: start + 1, message: "found \"\(name)\"; expected x, y, z, pi or one of the functions abs, cos, exp, log, sin, sqrt, tan")
          }
          guard peek() == "(" else {
            throw ParseError(column: position + 1, message: "found \(found()) after \"\(name)\"; expected \"(\" and its argument")
          }
          position += 1
          let argument = try expression()
          guard peek() == ")" else {
            throw ParseError(column: position + 1, message: "found \(found()); expected \")\" to close \(name)(")
          }
          position += 1
          return .function(name, argument)
        }
      }
      throw ParseError(column: start + 1, message: "found \"\(c)\"; expected a number, x, y, z, pi, a function or \"(\"")
    }

    mutating func number() throws(ParseError) -> Node {
      let start = position
      var text = ""
      func digits() {
        while position < characters.count, characters[position].isASCII, characters[position].isNumber {
          text.append(characters[position])
          position += 1
        }
      }
      digits()
      if position < characters.count, characters[position] == "." {
        text.append(".")
        position += 1
        digits()
      }
      if position < characters.count, characters[position] == "e" || characters[position] == "E" {
        var lookahead = position + 1
        if lookahead < characters.count, characters[lookahead] == "+" || characters[lookahead] == "-" { lookahead += 1 }
        if lookahead < characters.count, characters[lookahead].isASCII, characters[lookahead].isNumber {
          text += String(characters[position..<lookahead])
          position = lookahead
          digits()
        }
      }
      guard let v = Double(text), v.isFinite else {
        throw ParseError(column: start + 1, message: "found \"\(text)\"; expected a number")
      }
      return .number(v)
    }
  }
}
