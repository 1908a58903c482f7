import FECommon
import Foundation

/// A 1-D lattice simulation of loop extrusion on a ring (`shared/spec/apps.md` §5).
///
/// ## Rules
///
/// - 1 site = 1 kb; the ring has L sites; each site holds at most one leg.
/// - A LEF loads on a pair of adjacent free sites (i, i + 1 mod L), chosen uniformly among
///   all such pairs: its left leg on i, its right leg on i + 1.
/// - Each step, every left leg (LEFs in index order) tries to move one site left, then every
///   right leg tries to move one site right. A leg whose target is occupied stalls (stays).
/// - After the moves each LEF unbinds with probability p = 1/τ = 2/λ; an unbound LEF
///   reloads at once (same step, on a fresh free pair) and moves from the next step.
///
/// The unbinding test is drawn as the lifetime itself: at loading, T ~ Geometric(p) steps
/// (P(T = k) = (1 − p)^{k−1} p, by inversion of one uniform), and the LEF unbinds after the
/// moves of its T-th step. This has exactly the law of one Bernoulli(p) test per step, and
/// it couples runs at different λ monotonically (common random numbers: the same uniform
/// gives a longer life at a larger λ). Each LEF draws from its own `SplitMix64` stream, so
/// a change of λ perturbs the other LEFs only through the positions.
///
/// ## Lifetime records and obstruction
///
/// While recording, every lifetime that *started* during recording yields one record:
///
/// - **Obstruction** is the first step of the lifetime in which either of its legs stalls
///   (its target site holds a leg of another LEF, or its own other leg once the loop spans
///   the whole ring). The record is then **censored**, with ℓ = the length extruded before
///   that step, 2 × (steps completed before it): until then both legs moved every step.
/// - A lifetime that unbinds without ever stalling is **uncensored**, ℓ = 2T.
/// - A lifetime still running and unobstructed when recording stops is censored at its
///   current length 2 × (steps completed).
///
/// The lifetime T is drawn independently of where the other LEFs are, so the censoring is
/// non-informative, and the survival likelihood Π (1 − p)^{ℓ_i/2 − δ_i} p^{δ_i} (δ_i = 1
/// if uncensored) is maximized by 2/p̂ = Σℓ_i / Σδ_i: the estimator of the spec, here exact
/// for the discrete model.
///
/// - Complexity: O(N) per step (2N leg attempts and N unbinding checks), plus an expected
///   O(L/(L − 2N)) draws per loading; memory O(L) (an `Int32` occupancy array).
package struct LoopExtrusionSimulator: Sendable {
  package let parameters: LoopExtrusionParameters
  /// 0: free; j + 1: a leg of LEF j.
  var occupancy: [Int32]
  var left: [Int32]
  var right: [Int32]
  /// Steps completed in the current lifetime.
  var age: [Int32]
  /// The step count after which the current lifetime ends.
  var lifetime: [Int32]
  /// The current lifetime has stalled at least once.
  var obstructed: [Bool]
  /// The current lifetime started while recording.
  var recorded: [Bool]
  var streams: [SplitMix64]
  /// log(1 − p), for the geometric draw.
  let logSurvival: Double
  /// Steps taken since construction.
  package private(set) var steps = 0
  /// Whether lifetimes that start now are recorded.
  package private(set) var isRecording = false
  /// The records collected so far.
  package private(set) var records = LoopLifetimeRecords()
  /// Scratch for `coverage()`.
  var coverageScratch: [Int32]

  /// A ring with every LEF loaded in turn (LEF 0 first) at step 0.
  ///
  /// - Parameters:
  ///   - parameters: L, N and λ.
  ///   - seed: the master seed; LEF j's stream is seeded by the j-th output of
  ///     `SplitMix64(seed: seed)`.
  package init(parameters: LoopExtrusionParameters, seed: UInt64) {
    self.init(parameters: parameters, seed: seed, placements: nil)
  }

  /// A ring with LEF j's legs placed at `placements[j]` (left, right) instead of loaded at
  /// random, for tests of the rules. Positions must be distinct and in [0, L), or a
  /// precondition failure occurs.
  init(parameters: LoopExtrusionParameters, seed: UInt64, placements: [(left: Int, right: Int)]?) {
    self.parameters = parameters
    let n = parameters.lefCount, l = parameters.ringSites
    occupancy = Array(repeating: 0, count: l)
    left = Array(repeating: 0, count: n)
    right = Array(repeating: 0, count: n)
    age = Array(repeating: 0, count: n)
    lifetime = Array(repeating: 1, count: n)
    obstructed = Array(repeating: false, count: n)
    recorded = Array(repeating: false, count: n)
    var master = SplitMix64(seed: seed)
    streams = (0..<n).map { _ in SplitMix64(seed: master.next()) }
    logSurvival = parameters.unbindingProbability < 1 ? log1p(-parameters.unbindingProbability) : -.infinity
    coverageScratch = Array(repeating: 0, count: l + 1)
    for j in 0..<n {
      if let p = placements {
        precondition(p.count == n && p[j].left >= 0 && p[j].left < l && p[j].right >= 0 && p[j].right < l
                       && occupancy[p[j].left] == 0 && occupancy[p[j].right] == 0 && p[j].left != p[j].right,
                     "LoopExtrusionSimulator: placements must be distinct sites on the ring")
        left[j] = Int32(p[j].left)
        right[j] = Int32(p[j].right)
        occupancy[p[j].left] = Int32(j + 1)
        occupancy[p[j].right] = Int32(j + 1)
        lifetime[j] = drawLifetime(j)
      } else {
        load(j)
      }
    }
  }

  /// A geometric number of steps ≥ 1 with mean 1/p, from LEF j's stream.
  mutating func drawLifetime(_ j: Int) -> Int32 {
    let u = 1 - streams[j].nextUnit()  // (0, 1]
    guard logSurvival > -.infinity else { return 1 }
    let t = (log(u) / logSurvival).rounded(.up)
    return Int32(min(max(t, 1), Double(Int32.max - 1)))
  }

  /// Puts LEF j on a uniformly chosen free adjacent pair and starts a lifetime.
  mutating func load(_ j: Int) {
    let l = parameters.ringSites
    var site = -1
    for _ in 0..<64 {
      let i = Int(streams[j].next() % UInt64(l))
      if occupancy[i] == 0 && occupancy[i + 1 == l ? 0 : i + 1] == 0 { site = i; break }
    }
    if site < 0 {
      // Crowded ring: enumerate the free pairs (at least one exists since L ≥ 6N).
      var free: [Int] = []
      for i in 0..<l where occupancy[i] == 0 && occupancy[i + 1 == l ? 0 : i + 1] == 0 { free.append(i) }
      site = free[Int(streams[j].next() % UInt64(free.count))]
    }
    let r = site + 1 == l ? 0 : site + 1
    left[j] = Int32(site)
    right[j] = Int32(r)
    occupancy[site] = Int32(j + 1)
    occupancy[r] = Int32(j + 1)
    age[j] = 0
    lifetime[j] = drawLifetime(j)
    obstructed[j] = false
    recorded[j] = isRecording
  }

  /// Marks LEF j obstructed in this step (its first stall censors its record).
  @inline(__always)
  mutating func stall(_ j: Int) {
    guard !obstructed[j] else { return }
    obstructed[j] = true
    if recorded[j] { records.append(2 * Double(age[j]), censored: true) }
  }

  /// Runs `count` steps.
  package mutating func advance(steps count: Int) {
    let n = parameters.lefCount
    let l = Int32(parameters.ringSites)
    for _ in 0..<count {
      for j in 0..<n {
        let from = left[j]
        let to = from == 0 ? l - 1 : from - 1
        if occupancy[Int(to)] == 0 {
          occupancy[Int(from)] = 0
          occupancy[Int(to)] = Int32(j + 1)
          left[j] = to
        } else {
          stall(j)
        }
      }
      for j in 0..<n {
        let from = right[j]
        let to = from == l - 1 ? 0 : from + 1
        if occupancy[Int(to)] == 0 {
          occupancy[Int(from)] = 0
          occupancy[Int(to)] = Int32(j + 1)
          right[j] = to
        } else {
          stall(j)
        }
      }
      for j in 0..<n {
        age[j] += 1
        if age[j] >= lifetime[j] {
          if recorded[j] && !obstructed[j] { records.append(2 * Double(age[j]), censored: false) }
          occupancy[Int(left[j])] = 0
          occupancy[Int(right[j])] = 0
          load(j)
        }
      }
      steps += 1
    }
  }

  /// Starts recording the lifetimes that start from now on (and clears earlier records).
  package mutating func startRecording() {
    isRecording = true
    records = LoopLifetimeRecords()
  }

  /// Stops recording: lifetimes still running and unobstructed are censored at their
  /// current length. Returns every record.
  package mutating func finishRecording() -> LoopLifetimeRecords {
    for j in 0..<parameters.lefCount where recorded[j] && !obstructed[j] {
      records.append(2 * Double(age[j]), censored: true)
      obstructed[j] = true
    }
    isRecording = false
    for j in recorded.indices { recorded[j] = false }
    return records
  }

  /// The loop sizes now: (right − left) mod L per LEF, kb (1 at loading).
  package func loopSizesKb() -> [Int] {
    let l = parameters.ringSites
    return (0..<parameters.lefCount).map { j in
      let s = Int(right[j]) - Int(left[j])
      return s >= 0 ? s : s + l
    }
  }

  /// The fraction of sites inside at least one loop (from a left leg to its right leg,
  /// inclusive; nested and overlapping loops count once).
  package mutating func coverage() -> Double {
    let l = parameters.ringSites
    for i in 0...l { coverageScratch[i] = 0 }
    for j in 0..<parameters.lefCount {
      let a = Int(left[j]), b = Int(right[j])
      if a <= b {
        coverageScratch[a] += 1
        coverageScratch[b + 1] -= 1
      } else {
        coverageScratch[a] += 1
        coverageScratch[l] -= 1
        coverageScratch[0] += 1
        coverageScratch[b + 1] -= 1
      }
    }
    var depth: Int32 = 0, covered = 0
    for i in 0..<l {
      depth += coverageScratch[i]
      if depth > 0 { covered += 1 }
    }
    return Double(covered) / Double(l)
  }

  /// The legs of LEF j (left, right), for tests.
  func legs(_ j: Int) -> (left: Int, right: Int) { (Int(left[j]), Int(right[j])) }
}
