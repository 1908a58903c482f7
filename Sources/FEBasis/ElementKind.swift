/// The element types feinvert reads, with Gmsh's type numbers.
///
/// Node ordering of every kind is Gmsh's own (see the Gmsh reference manual,
/// "Node ordering"); connectivity arrays throughout feinvert are in that order.
public enum ElementKind: Int, Sendable, CaseIterable, CustomStringConvertible {
  case line2 = 1
  case tri3 = 2
  case quad4 = 3
  case tet4 = 4
  case hex8 = 5
  case prism6 = 6
  case line3 = 8
  case tri6 = 9
  case tet10 = 11
  case point1 = 15
  case quad8 = 16
  case hex20 = 17
  case prism15 = 18

  /// Gmsh's element type number.
  public var gmshType: Int { rawValue }

  public init?(gmshType: Int) { self.init(rawValue: gmshType) }

  public var nodeCount: Int {
    switch self {
    case .point1: return 1
    case .line2: return 2
    case .line3: return 3
    case .tri3: return 3
    case .tri6: return 6
    case .quad4: return 4
    case .quad8: return 8
    case .tet4: return 4
    case .tet10: return 10
    case .hex8: return 8
    case .hex20: return 20
    case .prism6: return 6
    case .prism15: return 15
    }
  }

  /// Topological dimension: 0 point, 1 curve, 2 surface, 3 volume.
  public var dimension: Int {
    switch self {
    case .point1: return 0
    case .line2, .line3: return 1
    case .tri3, .tri6, .quad4, .quad8: return 2
    case .tet4, .tet10, .hex8, .hex20, .prism6, .prism15: return 3
    }
  }

  public var name: String {
    switch self {
    case .point1: return "point1"
    case .line2: return "line2"
    case .line3: return "line3"
    case .tri3: return "tri3"
    case .tri6: return "tri6"
    case .quad4: return "quad4"
    case .quad8: return "quad8"
    case .tet4: return "tet4"
    case .tet10: return "tet10"
    case .hex8: return "hex8"
    case .hex20: return "hex20"
    case .prism6: return "prism6"
    case .prism15: return "prism15"
    }
  }

  public var description: String { name }

  /// The kind in words, for messages ("8-node hexahedron (hex8)").
  public var words: String {
    switch self {
    case .point1: return "point (point1)"
    case .line2: return "2-node line (line2)"
    case .line3: return "3-node line (line3)"
    case .tri3: return "3-node triangle (tri3)"
    case .tri6: return "6-node triangle (tri6)"
    case .quad4: return "4-node quadrangle (quad4)"
    case .quad8: return "8-node quadrangle (quad8)"
    case .tet4: return "4-node tetrahedron (tet4)"
    case .tet10: return "10-node tetrahedron (tet10)"
    case .hex8: return "8-node hexahedron (hex8)"
    case .hex20: return "20-node hexahedron (hex20)"
    case .prism6: return "6-node prism (prism6, a wedge)"
    case .prism15: return "15-node prism (prism15, a wedge)"
    }
  }

  /// Whether the shape functions are quadratic (mid-edge nodes).
  public var isQuadratic: Bool {
    switch self {
    case .line3, .tri6, .quad8, .tet10, .hex20, .prism15: return true
    default: return false
    }
  }
}
