import FEBasis
import Dispatch
import FECommon
import SparseSolve

/// Assembles the global stiffness of a mesh straight into compressed sparse
/// storage, in parallel, through a pattern and element-to-pattern map built once.
///
/// Set-up (`init`) does everything that depends only on the mesh: the node-graph
/// pattern, each element's node-pair ranks in it, an element colouring so that no
/// two elements of one colour share a node (the colours are then assembled
/// concurrently without locks), the shape-function tables of each element kind,
/// and the Jacobian check that rejects inverted elements. `assemble` then only
/// evaluates element matrices and adds them in place; it is called once per
/// forward solve and once per fit iteration with new material stiffnesses.
public final class StiffnessAssembler: Sendable {
  public let mesh: Mesh
  let pattern: StiffnessPattern
  /// Volume blocks of the mesh, in `mesh.volumeBlocks` order.
  public let blocks: [ElementBlock]
  let tables: [ElementTables]
  /// Per block, per element, per ordered local pair (a, b) with node(a) ≤ node(b):
  /// the rank of node(a) among node(b)'s lower neighbours; -1 for pairs with node(a) > node(b).
  let pairRanks: [[Int32]]
  /// Elements grouped by colour: (block, element) pairs flattened as block << 32 | element.
  let colours: [[Int]]
  /// First global element number of each block (element order of `mesh.volumeBlocks`).
  public let blockOffsets: [Int]

  public var dofCount: Int { pattern.dofCount }
  public var nonzeroCount: Int { pattern.nonzeroCount }
  public var elementCount: Int { blockOffsets.last ?? 0 }

  /// - Parameters:
  ///   - mesh: the mesh; only its volume blocks carry stiffness.
  ///   - source: the mesh file as the user named it, for messages.
  /// - Throws: `InputError` if an element is inverted or degenerate (det J ≤ 0 at an
  ///   integration point), or the mesh has no volume elements.
  public init(mesh: Mesh, source: String) throws {
    self.mesh = mesh
    let blocks = mesh.volumeBlocks
    guard !blocks.isEmpty else {
      throw InputError(
        "the mesh has no volume elements; expected hex8, hex20, tet4 or tet10 elements",
        at: SourceLocation(file: source))
    }
    self.blocks = blocks
    self.tables = blocks.map { ElementTables(kind: $0.kind, rule: Quadrature.stiffnessRule(for: $0.kind)) }
    var offsets = [0]
    for b in blocks { offsets.append(offsets.last! + b.elementCount) }
    self.blockOffsets = offsets
    let pattern = StiffnessPattern(
      nodeCount: mesh.nodeCount,
      blocks: blocks.map { ($0.kind.nodeCount, $0.connectivity) })
    self.pattern = pattern

    // Node-pair ranks.
    var pairRanks = [[Int32]]()
    for block in blocks {
      let n = block.kind.nodeCount
      var ranks = [Int32](repeating: -1, count: block.elementCount * n * n)
      ranks.withUnsafeMutableBufferPointer { rp in
        block.connectivity.withUnsafeBufferPointer { conn in
          for e in 0..<block.elementCount {
            for a in 0..<n {
              let na = conn[e * n + a]
              for b in 0..<n {
                let nb = conn[e * n + b]
                if na <= nb { rp[(e * n + a) * n + b] = Int32(pattern.rank(of: na, inColumnOf: nb)) }
              }
            }
          }
        }
      }
      pairRanks.append(ranks)
    }
    self.pairRanks = pairRanks
    self.colours = Self.colourElements(blocks: blocks, nodeCount: mesh.nodeCount)
    try Self.checkJacobians(mesh: mesh, blocks: blocks, tables: tables, source: source)
  }

  /// Greedy colouring: each element takes the lowest colour not used by an element
  /// sharing one of its nodes (a bit mask per node; up to 64 colours, more go to a
  /// last colour that is assembled serially).
  static func colourElements(blocks: [ElementBlock], nodeCount: Int) -> [[Int]] {
    var nodeMask = [UInt64](repeating: 0, count: nodeCount)
    var colours = [[Int]](repeating: [], count: 65)
    for (bi, block) in blocks.enumerated() {
      let n = block.kind.nodeCount
      for e in 0..<block.elementCount {
        var used: UInt64 = 0
        for a in 0..<n { used |= nodeMask[block.connectivity[e * n + a]] }
        let colour = used == UInt64.max ? 64 : (~used).trailingZeroBitCount
        if colour < 64 {
          for a in 0..<n { nodeMask[block.connectivity[e * n + a]] |= (1 << UInt64(colour)) }
        }
        colours[colour].append(bi << 32 | e)
      }
    }
    return colours.filter { !$0.isEmpty }
  }

  static func checkJacobians(mesh: Mesh, blocks: [ElementBlock], tables: [ElementTables], source: String) throws {
    for (bi, block) in blocks.enumerated() {
      let t = tables[bi]
      let n = block.kind.nodeCount
      var geometry = ElementGeometry(nodeCount: n)
      for e in 0..<block.elementCount {
        geometry.gather(mesh: mesh, block: block, element: e)
        var worst = Double.infinity
        for q in 0..<t.rule.count { worst = min(worst, geometry.evaluate(t, point: q)) }
        // Inverted or degenerate: det J not positive (or not finite) at an integration point.
        if !(worst > 0) || !worst.isFinite {
          throw InputError(
            "element \(block.elementTags[e]) (\(block.kind)) is inverted or degenerate: Jacobian determinant \(worst) at an integration point; expected a positive value (check the node order)",
            at: SourceLocation(file: source))
        }
      }
    }
  }

  /// The matrix's pattern (upper triangle) with zero values, for an ordering and symbolic
  /// analysis that need no values.
  public func patternMatrix() -> SymmetricCSCMatrix { pattern.emptyMatrix() }

  /// Assembles K for the given per-block constitutive matrices.
  ///
  /// - Parameter stiffness: one 6×6 row-major global stiffness (36 values) per
  ///   volume block, in `blocks` order.
  /// - Returns: the upper triangle of K in the fixed pattern.
  public func assemble(stiffness: [[Double]]) -> SymmetricCSCMatrix {
    var k = pattern.emptyMatrix()
    assemble(stiffness: stiffness, into: &k.values)
    return k
  }

  /// Assembles into an existing value array of the pattern (zeroed first).
  public func assemble(stiffness: [[Double]], into values: inout [Double]) {
    precondition(stiffness.count == blocks.count, "assemble: one stiffness per volume block")
    precondition(values.count == pattern.nonzeroCount, "assemble: values must have the pattern's size")
    for i in values.indices { values[i] = 0 }
    let workers = max(1, ProcessInfo.activeProcessorCountClamped)
    values.withUnsafeMutableBufferPointer { vp in
      let out = UnsafeMutableSendablePointer(vp.baseAddress!)
      for colour in colours {
        let chunk = (colour.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { w in
          let lo = w * chunk, hi = min(colour.count, lo + chunk)
          if lo >= hi { return }
          var scratch = ElementScratch(maxNodes: 20)
          for item in colour[lo..<hi] {
            let bi = item >> 32, e = item & 0xFFFF_FFFF
            self.scatterElement(block: bi, element: e, stiffness: stiffness[bi], scratch: &scratch, into: out.pointer)
          }
        }
      }
    }
  }

  /// Element stiffness (3n × 3n, row-major) of element `e` of block `block`.
  public func elementStiffness(block: Int, element e: Int, stiffness c: [Double]) -> [Double] {
    var scratch = ElementScratch(maxNodes: 20)
    computeElement(block: block, element: e, stiffness: c, scratch: &scratch)
    let n = blocks[block].kind.nodeCount
    return Array(scratch.ke[0..<(9 * n * n)])
  }

  func computeElement(block bi: Int, element e: Int, stiffness c: [Double], scratch: inout ElementScratch) {
    let block = blocks[bi]
    let t = tables[bi]
    let n = block.kind.nodeCount
    let m = 3 * n
    scratch.gather(mesh: mesh, block: block, element: e)
    scratch.ke.withUnsafeMutableBufferPointer { ke in
      for i in 0..<(m * m) { ke[i] = 0 }
      scratch.x.withUnsafeBufferPointer { xp in
        scratch.g.withUnsafeMutableBufferPointer { gp in
          scratch.cb.withUnsafeMutableBufferPointer { cbp in
            t.gradients.withUnsafeBufferPointer { dn in
              c.withUnsafeBufferPointer { cp in
                for q in 0..<t.rule.count {
                  let det = ElasticityKernel.physicalGradients(
                    n: n, coordinates: xp.baseAddress!, referenceGradients: dn.baseAddress! + q * n * 3,
                    into: gp.baseAddress!)
                  ElasticityKernel.accumulateBtCB(
                    n: n, gradients: gp.baseAddress!, stiffness: cp.baseAddress!,
                    weight: det * t.rule.weights[q], scratch: cbp.baseAddress!, into: ke.baseAddress!)
                }
              }
            }
          }
        }
      }
      ElasticityKernel.symmetrize(n: n, ke: ke.baseAddress!)
    }
  }

  func scatterElement(
    block bi: Int, element e: Int, stiffness c: [Double], scratch: inout ElementScratch,
    into values: UnsafeMutablePointer<Double>
  ) {
    computeElement(block: bi, element: e, stiffness: c, scratch: &scratch)
    let block = blocks[bi]
    let n = block.kind.nodeCount
    let m = 3 * n
    let starts = pattern.columnStarts
    pairRanks[bi].withUnsafeBufferPointer { ranks in
      starts.withUnsafeBufferPointer { cs in
        scratch.ke.withUnsafeBufferPointer { ke in
          block.connectivity.withUnsafeBufferPointer { conn in
            for a in 0..<n {
              let na = conn[e * n + a]
              for b in 0..<n {
                let k = Int(ranks[(e * n + a) * n + b])
                if k < 0 { continue }
                let nb = conn[e * n + b]
                // Entry (3na + r, 3nb + c) sits at columnStarts[3nb + c] + 3k + r.
                for cc in 0..<3 {
                  let col = cs[3 * nb + cc] + 3 * k
                  let rMax = na == nb ? cc : 2
                  for r in 0...rMax {
                    values[col + r] += ke[(3 * a + r) * m + 3 * b + cc]
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

/// Per-thread element buffers, allocated once per assembly worker.
struct ElementScratch {
  var x: [Double]
  var g: [Double]
  var cb: [Double]
  var ke: [Double]
  init(maxNodes: Int) {
    x = [Double](repeating: 0, count: 3 * maxNodes)
    g = [Double](repeating: 0, count: 3 * maxNodes)
    cb = [Double](repeating: 0, count: 18 * maxNodes)
    ke = [Double](repeating: 0, count: 9 * maxNodes * maxNodes)
  }
  mutating func gather(mesh: Mesh, block: ElementBlock, element e: Int) {
    let n = block.kind.nodeCount
    for a in 0..<n {
      let node = block.connectivity[e * n + a]
      x[3 * a] = mesh.coordinates[3 * node]
      x[3 * a + 1] = mesh.coordinates[3 * node + 1]
      x[3 * a + 2] = mesh.coordinates[3 * node + 2]
    }
  }
}

/// A raw pointer handed to concurrent workers that write disjoint entries.
struct UnsafeMutableSendablePointer<T>: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<T>
  init(_ p: UnsafeMutablePointer<T>) { pointer = p }
}

import Foundation

extension ProcessInfo {
  /// Active processors, at least 1 and at most 8 (assembly scales no further on this layout).
  static var activeProcessorCountClamped: Int {
    min(8, max(1, ProcessInfo.processInfo.activeProcessorCount))
  }
}
