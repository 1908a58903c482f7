import FECommon
import FEBasis
import FEKernel
import Foundation

/// What can be wrong in a Gmsh MSH file, each with where it was found.
///
/// The reader throws these with typed `throws(MshError)`; the public entry points
/// (`MshReader.read`) turn them into `InputError` (exit code 2), whose text reads
/// `file:line: what was found; what was expected`. In the binary sections of a
/// MSH 4.1 binary file, lines mean nothing, so the location's key is
/// `byte <offset>` (0-based offset into the file) instead of a line.
public enum MshError: Error, Equatable, Sendable, CustomStringConvertible {
  /// `$MeshFormat` names a version or file type feinvert does not read.
  case unsupportedVersion(found: String, at: SourceLocation)
  /// The file ends inside a section.
  case truncated(section: String, at: SourceLocation)
  /// A token where a number belongs is not one (or not finite, or out of range).
  case badNumber(found: String, expected: String, at: SourceLocation)
  /// A count in a header disagrees with what follows, or a line has the wrong
  /// number of fields.
  case wrongCount(what: String, found: Int, expected: Int, at: SourceLocation)
  /// An element lists the wrong number of node tags for its kind.
  case nodeCount(element: Int, kind: ElementKind, found: Int, at: SourceLocation)
  /// An element type feinvert does not know, in a physical group.
  case unknownElementType(type: Int, element: Int?, at: SourceLocation)
  /// An element lists a node tag that `$Nodes` does not define.
  case unknownNode(element: Int, tag: Int, at: SourceLocation)
  /// A node tag defined twice in `$Nodes`.
  case duplicateNode(tag: Int, at: SourceLocation)
  /// An element lists the same node twice (1-based positions in its node list).
  case repeatedNode(element: Int, kind: ElementKind, tag: Int, first: Int, second: Int, at: SourceLocation)
  /// A volume element whose Jacobian determinant is not positive somewhere (inverted, or
  /// without volume); `scaled` is det J relative to the element's size (`ElementShapeCheck`).
  case invertedElement(element: Int, kind: ElementKind, determinant: Double, scaled: Double, place: String, at: SourceLocation)
  /// Anything else out of place: the text says what was found and what was expected.
  case malformed(found: String, expected: String, at: SourceLocation)

  /// Where the problem was found.
  public var location: SourceLocation {
    switch self {
    case .unsupportedVersion(_, let at), .truncated(_, let at), .badNumber(_, _, let at),
      .wrongCount(_, _, _, let at), .nodeCount(_, _, _, let at),
      .unknownElementType(_, _, let at), .unknownNode(_, _, let at),
      .duplicateNode(_, let at), .malformed(_, _, let at), .repeatedNode(_, _, _, _, _, let at),
      .invertedElement(_, _, _, _, _, let at):
      return at
    }
  }

  /// The message without its location: what was found; what was expected.
  public var message: String {
    switch self {
    case .unsupportedVersion(let found, _):
      return "found MSH format \(found); expected 2.2 (ASCII) or 4.1 (ASCII or binary)"
    case .truncated(let section, _):
      return "found the end of the file inside $\(section); expected $End\(section)"
    case .badNumber(let found, let expected, _):
      return "found '\(found)'; expected \(expected)"
    case .wrongCount(let what, let found, let expected, _):
      return "found \(found) \(what); expected \(expected)"
    case .nodeCount(let element, let kind, let found, _):
      return "element \(element) (\(kind)) lists \(found) node tags; \(kind) needs \(kind.nodeCount)"
    case .unknownElementType(let type, let element, _):
      let what = element.map { "element \($0) has" } ?? "found"
      return "\(what) element type \(type)\(Self.gmshTypeWords[type].map { " (\($0))" } ?? "") in a physical group; expected one of the kinds feinvert knows: \(Self.knownKinds)\(Self.advice(type))"
    case .unknownNode(let element, let tag, _):
      return "element \(element) lists node tag \(tag); expected a node tag defined in $Nodes"
    case .duplicateNode(let tag, _):
      return "found node tag \(tag) a second time; expected each node tag once"
    case .repeatedNode(let element, let kind, let tag, let first, let second, _):
      return "element \(element) (\(kind)) lists node tag \(tag) twice (positions \(first) and \(second)); expected \(kind.nodeCount) distinct nodes"
    case .invertedElement(let element, let kind, let det, let scaled, let place, _):
      let what = scaled.isFinite && abs(scaled) < 1e-12 ? "has no volume (all its nodes in one plane or on one line)" : "is inverted"
      return "element \(element) (\(kind)) \(what): Jacobian determinant \(det) at \(place) (\(String(format: "%.3g", scaled)) of its bounding box's); expected a positive value at every integration point and node (check the node order)"
    case .malformed(let found, let expected, _):
      return "found \(found); expected \(expected)"
    }
  }

  public var description: String { "\(location): \(message)" }

  /// The same problem as the `InputError` (exit code 2) the rest of feinvert handles.
  public var inputError: InputError { InputError(message, at: location) }
}

extension MshError {
  /// Gmsh's element types feinvert does not read, in words (Gmsh reference manual,
  /// "MSH file format", element types).
  static let gmshTypeWords: [Int: String] = [
    7: "5-node pyramid", 10: "9-node quadrangle, second-order complete", 12: "27-node hexahedron, second-order complete",
    13: "18-node prism, second-order complete", 14: "14-node pyramid", 19: "13-node pyramid", 20: "9-node triangle",
    21: "10-node triangle", 26: "4-node line", 29: "20-node tetrahedron", 92: "64-node hexahedron", 93: "125-node hexahedron",
  ]

  /// The kinds feinvert reads, in words with their Gmsh type numbers.
  static var knownKinds: String {
    ElementKind.allCases.sorted { $0.gmshType < $1.gmshType }.map { "\($0.words) = \($0.gmshType)" }.joined(separator: ", ")
  }

  /// What to do about a type: complete second-order kinds have an incomplete (serendipity)
  /// counterpart Gmsh makes with `Mesh.SecondOrderIncomplete = 1`.
  static func advice(_ type: Int) -> String {
    switch type {
    case 10, 12, 13:
      return "; mesh with Mesh.SecondOrderIncomplete = 1 (gmsh -order 2 -setnumber Mesh.SecondOrderIncomplete 1) for 8-node quadrangles, 20-node hexahedra and 15-node prisms"
    case 7, 14, 19:
      return "; pyramids are not supported: mesh with hexahedra, prisms or tetrahedra only"
    default:
      return ""
    }
  }
}

