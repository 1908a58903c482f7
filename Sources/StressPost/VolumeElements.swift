import FEBasis
import FEKernel

/// The volume elements of a mesh in assembly order (`mesh.volumeBlocks`, block by
/// block), with the per-element lookups the post-processor needs: which block and
/// local index a global element number is, its nodes, its bounding box.
public struct VolumeElements: Sendable {
  public let mesh: Mesh
  public let blocks: [ElementBlock]
  /// Global number of the first element of each block; last entry = element count.
  public let blockOffsets: [Int]
  /// Axis-aligned bounding box of each element (model length unit).
  public let lower: [SIMD3<Double>]
  public let upper: [SIMD3<Double>]

  public init(mesh: Mesh) {
    self.mesh = mesh
    blocks = mesh.volumeBlocks
    var offsets = [0]
    for block in blocks { offsets.append(offsets.last! + block.elementCount) }
    blockOffsets = offsets
    var lo = [SIMD3<Double>](), hi = [SIMD3<Double>]()
    lo.reserveCapacity(offsets.last!)
    hi.reserveCapacity(offsets.last!)
    for block in blocks {
      let n = block.kind.nodeCount
      for e in 0..<block.elementCount {
        var a = SIMD3<Double>(repeating: .infinity), b = SIMD3<Double>(repeating: -.infinity)
        for node in block.connectivity[(e * n)..<((e + 1) * n)] {
          let p = mesh.point(node)
          a = pointwiseMin(a, p)
          b = pointwiseMax(b, p)
        }
        lo.append(a)
        hi.append(b)
      }
    }
    lower = lo
    upper = hi
  }

  public var count: Int { blockOffsets.last ?? 0 }

  /// (block index, element index within the block) of global element `e`.
  public func locate(_ e: Int) -> (block: Int, local: Int) {
    var b = 0
    while blockOffsets[b + 1] <= e { b += 1 }
    return (b, e - blockOffsets[b])
  }

  /// The node indices of global element `e`, in the element's node order.
  public func nodes(of e: Int) -> ArraySlice<Int> {
    let (b, local) = locate(e)
    return blocks[b].nodes(of: local)
  }

  public func kind(of e: Int) -> ElementKind { blocks[locate(e).block].kind }
}
