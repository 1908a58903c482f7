import FECommon
import Foundation
import Testing

/// The rigid transforms of data registration: Horn's least-squares fit against a known
/// transform, the mirror and degeneracy checks, the angle conventions and the
/// principal-axes candidates.
struct RigidTransformTests {
  static let degree = Double.pi / 180
  static let truth: RigidTransform = {
    var t = RigidTransform.rotation(eulerXYZ: SIMD3(3, -2, 4) * degree)
    t.translation = SIMD3(0.3, -0.2, 0.1)
    return t
  }()

  static func distance(_ a: RigidTransform, _ b: RigidTransform) -> Double {
    var d = 0.0
    for i in 0..<3 { d = max(d, norm(a.rows[i] - b.rows[i])) }
    return max(d, norm(a.translation - b.translation))
  }

  /// Three (and five) noise-free points in both frames give back the transform that made
  /// them to 1e-12 (round-off of a 4×4 eigenvector: a few ulps), with zero misfit; a large
  /// rotation too (Horn's closed form has no small-angle assumption).
  @Test(arguments: [3, 5]) func threePointFitIsExactOnNoiseFreePoints(count: Int) throws {
    let model: [SIMD3<Double>] = [SIMD3(0, 0, 1), SIMD3(10, 0, 1), SIMD3(10, 4, 1), SIMD3(2, 3, 0), SIMD3(5, 1, 0.5)]
    for truth in [Self.truth, {
      var t = RigidTransform.rotation(eulerXYZ: SIMD3(170, -50, 95) * Self.degree)
      t.translation = SIMD3(-12, 40, 3)
      return t
    }()] {
      let m = Array(model.prefix(count))
      let data = m.map { truth.inverse.apply($0) }
      #expect(RigidAlignment.degeneracy(data) == nil)
      let fit = RigidAlignment.bestFit(from: data, to: m)
      #expect(Self.distance(fit.transform, truth) < 1e-12, "\(fit.transform) vs \(truth)")
      #expect(fit.rmsMisfit < 1e-12)
      #expect(!fit.reflectionFits)
    }
  }

  /// Points mirrored between the frames (one data axis flipped): four points spanning
  /// 3-space say so; three points cannot (a rotation turns a triangle over).
  @Test func mirroredPointsAreDetected() {
    let model: [SIMD3<Double>] = [SIMD3(0, 0, 0), SIMD3(10, 0, 0), SIMD3(0, 4, 0), SIMD3(0, 0, 1)]
    let mirrored = model.map { Self.truth.inverse.apply($0) * SIMD3(1, 1, -1) }
    let fit = RigidAlignment.bestFit(from: mirrored, to: model)
    #expect(fit.reflectionFits)
    #expect(!RigidAlignment.bestFit(from: Array(mirrored.prefix(3)), to: Array(model.prefix(3))).reflectionFits)
  }

  @Test func tooFewAndCollinearPointsAreDegenerate() {
    #expect(RigidAlignment.degeneracy([SIMD3(0, 0, 0), SIMD3(1, 0, 0)]) == .tooFewPoints(2))
    #expect(RigidAlignment.degeneracy([SIMD3(0, 0, 0), SIMD3(1, 1, 1), SIMD3(2, 2, 2)]) == .collinear)
    #expect(RigidAlignment.degeneracy([SIMD3(0, 0, 0), SIMD3(1, 1, 1), SIMD3(2, 2, 2.001)]) == nil)
  }

  /// Euler angles and rotation vectors round-trip; composition and inverse agree with
  /// applying the maps in turn (1e-14: round-off).
  @Test func conventionsRoundTrip() {
    let angles = SIMD3<Double>(3, -2, 4) * Self.degree
    #expect(norm(RigidTransform.rotation(eulerXYZ: angles).eulerXYZ - angles) < 1e-15)
    // R = Rz Ry Rx: a small rotation about x alone turns y towards z.
    let rx = RigidTransform.rotation(eulerXYZ: SIMD3(0.1, 0, 0))
    #expect(norm(rx.rotate(SIMD3(0, 1, 0)) - SIMD3(0, cos(0.1), sin(0.1))) < 1e-15)
    for w in [SIMD3<Double>(0.01, -0.02, 0.03), SIMD3(1.0, 2.0, -0.5), SIMD3(1e-9, 0, 0)] {
      #expect(norm(RigidTransform.rotation(vector: w).rotationVector - w) < 1e-13)
    }
    let x = SIMD3<Double>(1.5, -2, 0.7)
    #expect(norm(Self.truth.inverse.apply(Self.truth.apply(x)) - x) < 1e-14)
    let other = RigidTransform(rows: RigidTransform.rotation(vector: SIMD3(0.2, 0.1, -0.3)).rows, translation: SIMD3(1, 2, 3))
    #expect(norm(other.after(Self.truth).apply(x) - other.apply(Self.truth.apply(x))) < 1e-14)
  }

  /// A rectangle's points turned and shifted: the candidates of its principal axes include
  /// the truth (to 1e-9: the covariance's eigenvectors), and their centroids map onto each other.
  @Test func principalAxesCandidatesContainTheTruth() {
    var face = [SIMD3<Double>]()
    for i in 0...40 { for j in 0...16 { face.append(SIMD3(Double(i) * 0.25, Double(j) * 0.25, 1)) } }
    let data = face.map { Self.truth.inverse.apply($0) }
    let d = RigidAlignment.principalAxes(data), f = RigidAlignment.principalAxes(face)
    let candidates = RigidAlignment.axisCandidates(from: d.axes, fromVariances: d.variances, to: f.axes, toVariances: f.variances)
    #expect(candidates.count == 4)  // distinct variances: the four sign choices with det +1
    let best = candidates.min { Self.distance($0, Self.truth.rotationOnly) < Self.distance($1, Self.truth.rotationOnly) }!
    #expect(Self.distance(best, Self.truth.rotationOnly) < 1e-9)
    #expect(norm(best.rotate(d.centroid) + Self.truth.translation - f.centroid) < 1e-9)
  }
}

/// The largest component's magnitude.
func norm(_ v: SIMD3<Double>) -> Double { max(abs(v.x), abs(v.y), abs(v.z)) }

extension RigidTransform {
  var rotationOnly: RigidTransform { RigidTransform(rows: rows, translation: .zero) }
}
