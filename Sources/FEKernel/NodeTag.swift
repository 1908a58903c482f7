/// A Gmsh node tag: sparse, 1-based, in any order. Not an array index.
///
/// Dense node indices (0-based, `Int`) are a different index space; convert with
/// `Mesh.nodeIndex(for:)`.
public struct NodeTag: Hashable, Sendable, Comparable, CustomStringConvertible {
  public var rawValue: Int
  public init(_ rawValue: Int) { self.rawValue = rawValue }
  public static func < (a: NodeTag, b: NodeTag) -> Bool { a.rawValue < b.rawValue }
  public var description: String { String(rawValue) }
}

/// Degree-of-freedom numbering: `3 * node + component`, node 0-based dense index,
/// component 0 = x, 1 = y, 2 = z. The one place this rule lives.
public enum DOF {
  @inlinable
  public static func index(node: Int, component: Int) -> Int { 3 * node + component }
  @inlinable
  public static func node(of dof: Int) -> Int { dof / 3 }
  @inlinable
  public static func component(of dof: Int) -> Int { dof % 3 }
  /// Component names as the contract spells them.
  public static let componentNames = ["ux", "uy", "uz"]
}
