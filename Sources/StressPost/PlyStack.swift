import FECommon

/// The plies of a flat laminate ordered bottom to top by their z-extent, and the
/// interfaces between them: interface k (1-based) lies between the k-th and
/// (k+1)-th ply from the bottom, as `shared/spec/interface.md` counts them.
///
/// The plies are the model's `[[plies]]` volume groups; a mesh whose groups do not
/// stack (a gap or an overlap in z) has no interfaces in this sense and is rejected.
public struct PlyStack: Sendable {
  public struct Ply: Sendable, Equatable {
    /// Index into the model's ply list (0-based), as `elementPly - 1`.
    public var modelPly: Int
    /// The physical group name.
    public var name: String
    public var zBottom: Double
    public var zTop: Double
    public var thickness: Double { zTop - zBottom }
  }

  /// Bottom to top.
  public let plies: [Ply]
  /// Laminate footprint (model length unit).
  public let lower: SIMD3<Double>
  public let upper: SIMD3<Double>

  /// - Parameters:
  ///   - elementPly: the 1-based model ply of each volume element (assembly order).
  ///   - plyNames: the model's ply group names, by model ply index.
  ///   - source: the mesh file, for messages.
  /// - Throws: `InputError` when the plies do not stack in z.
  public init(elements: VolumeElements, elementPly: [Int], plyNames: [String], source: String) throws {
    precondition(elementPly.count == elements.count, "PlyStack: one ply per element")
    var bottom = [Double](repeating: .infinity, count: plyNames.count)
    var top = [Double](repeating: -.infinity, count: plyNames.count)
    var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
    for e in 0..<elements.count {
      let p = elementPly[e] - 1
      bottom[p] = min(bottom[p], elements.lower[e].z)
      top[p] = max(top[p], elements.upper[e].z)
      lo = pointwiseMin(lo, elements.lower[e])
      hi = pointwiseMax(hi, elements.upper[e])
    }
    let present = plyNames.indices.filter { bottom[$0] < top[$0] }
    let sorted = present.sorted { bottom[$0] < bottom[$1] }
    plies = sorted.map { Ply(modelPly: $0, name: plyNames[$0], zBottom: bottom[$0], zTop: top[$0]) }
    lower = lo
    upper = hi
    let tolerance = 1e-6 * max(hi.z - lo.z, .leastNormalMagnitude)
    for k in plies.indices.dropLast() where abs(plies[k].zTop - plies[k + 1].zBottom) > tolerance {
      let a = plies[k], b = plies[k + 1]
      throw InputError(
        "found ply \(a.name) spanning z = \(a.zBottom)...\(a.zTop) and ply \(b.name) starting at z = \(b.zBottom); expected plies stacked through the thickness (each starting where the one below ends) for interlaminar stresses",
        at: SourceLocation(file: source))
    }
  }

  /// The number of interfaces (plies − 1).
  public var interfaceCount: Int { max(0, plies.count - 1) }

  /// z of interface k (1-based).
  public func interfaceZ(_ k: Int) -> Double { plies[k - 1].zTop }

  public var thickness: Double { upper.z - lower.z }
}
