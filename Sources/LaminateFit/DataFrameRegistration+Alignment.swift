import FECommon
import FEKernel
import Foundation

/// The initial alignment of data given in a camera's frame to an observed face.
extension DataFrameRegistration {
  /// The transform of a stated alignment and a note for the summary.
  ///
  /// - `referencePoints`: the least-squares rigid fit of the data-frame points onto the
  ///   model-frame points (`RigidAlignment.bestFit`); bad input when a mirror would fit
  ///   them better or when a pair misses by more than 1 % of the points' spread.
  /// - `principalAxes`: the data's centroid and principal axes onto the face's (the face
  ///   sampled on a regular grid, so its moments are the area's); of the candidate sign
  ///   and order choices the one whose points lie closest to the face (RMS distance)
  ///   wins; candidates within 1e-6 of the face's extent of the best are a tie the face's
  ///   shape cannot break: the smallest rotation is taken, the note says so, and
  ///   `alignmentCandidates` returns the tied ones for the data to choose (`dataMisfits`).
  /// - `given`: R = R_z(γ) R_y(β) R_x(α) and t.
  ///
  /// - Throws: `InputError` at `spec.location` (key `…registration.data_points`) for
  ///   mismatched or mirrored reference points.
  public static func initialAlignment(
    _ spec: DataRegistrationSpec, points: [SIMD3<Double>], mesh: Mesh, group: String, unit: String
  ) throws -> (transform: RigidTransform, note: String) {
    let a = try alignmentCandidates(spec, points: points, mesh: mesh, group: group, unit: unit)
    return (a.transform, a.note)
  }

  /// `initialAlignment` with the candidates the face's shape could not tell apart (more
  /// than one only for principal axes on a symmetric face), smallest rotation first.
  public static func alignmentCandidates(
    _ spec: DataRegistrationSpec, points: [SIMD3<Double>], mesh: Mesh, group: String, unit: String
  ) throws -> (transform: RigidTransform, tied: [RigidTransform], note: String) {
    func short(_ x: Double) -> String { String(format: "%.4g", x) }
    let key = spec.location.key ?? "observation.registration"
    switch spec.alignment {
    case let .given(angles, translation):
      var t = RigidTransform.rotation(eulerXYZ: angles)
      t.translation = translation
      return (t, [], "given: rotation (\(short(angles.x * 180 / .pi)), \(short(angles.y * 180 / .pi)), \(short(angles.z * 180 / .pi)))°, translation (\(short(translation.x)), \(short(translation.y)), \(short(translation.z))) \(unit)")
    case let .referencePoints(data, model):
      let fit = RigidAlignment.bestFit(from: data, to: model)
      if fit.reflectionFits {
        throw InputError(
          "the reference points in the data's frame are a mirror image of those in the model's (the best orthogonal map between them is a reflection); expected the same points in a right-handed frame: check the sign of one data axis (a camera's y or z flipped)",
          at: SourceLocation(file: spec.location.file, line: spec.location.line, key: "\(key).data_points"))
      }
      let spread = RigidAlignment.spread(model).last ?? 0
      if fit.largestMisfit > 0.01 * spread {
        var worst = 0, worstDistance = -1.0
        for (i, (p, q)) in zip(data, model).enumerated() {
          let d = fit.transform.apply(p) - q
          let e = (d * d).sum().squareRoot()
          if e > worstDistance { worst = i; worstDistance = e }
        }
        throw InputError(
          "the reference points do not match between the frames: after the best rigid alignment point \(worst + 1) misses its model position by \(short(worstDistance)) \(unit) (rms \(short(fit.rmsMisfit)), spread of the points \(short(spread))); expected the same points in both frames, in the same order, to within 1% of their spread",
          at: SourceLocation(file: spec.location.file, line: spec.location.line, key: "\(key).model_points"))
      }
      return (fit.transform, [], "\(data.count) reference points (rms misfit \(short(fit.rmsMisfit)) \(unit), largest \(short(fit.largestMisfit)) \(unit))")
    case .principalAxes:
      let face = try faceSample(mesh: mesh, group: group)
      let d = RigidAlignment.principalAxes(points), f = RigidAlignment.principalAxes(face)
      let candidates = RigidAlignment.axisCandidates(from: d.axes, fromVariances: d.variances, to: f.axes, toVariances: f.variances)
      let extent = RigidAlignment.spread(face).last.map { $0 * 12.0.squareRoot() } ?? 1
      var scored = [(transform: RigidTransform, rms: Double)]()
      for r in candidates {
        var t = r
        t.translation = f.centroid - r.rotate(d.centroid)
        let op = try ObservationOperator(
          mesh: mesh, group: group, points: points.map { t.apply($0) }, lines: points.indices.map { $0 + 1 },
          source: "registration", dropOffSurface: false, projectionTolerance: .infinity)
        let rms = (op.distances.reduce(0) { $0 + $1 * $1 } / Double(max(op.pointCount, 1))).squareRoot()
        scored.append((t, rms))
      }
      let best = scored.map(\.rms).min() ?? 0
      let tied = scored.filter { $0.rms <= best + 1e-6 * extent }
      let ordered = tied.sorted { $0.transform.angle < $1.transform.angle }.map(\.transform)
      let chosen = tied.min { $0.transform.angle < $1.transform.angle }!
      let angle = short(chosen.transform.angle * 180 / .pi)
      if tied.count > 1 {
        return (chosen.transform, ordered, "principal axes: \(tied.count) of \(scored.count) sign/order choices fit the face equally (rms distance \(short(best)) \(unit); the face's shape cannot tell them apart), the smallest rotation (\(angle)°) taken first")
      }
      let second = scored.map(\.rms).filter { $0 > best + 1e-6 * extent }.min()
      return (chosen.transform, [], "principal axes: the best of \(scored.count) sign/order choices (rms distance from the face \(short(best)) \(unit)\(second.map { ", next best \(short($0))" } ?? "")), rotation \(angle)°")
    }
  }

  /// Of frames the face's shape cannot tell apart, the one whose data best match a
  /// predicted field: for each, Σ w² (r − r̄_c)² over the data's values, r = (Rᵀ u(x))_c − d
  /// with the mean of each component taken out (the data's unknown rigid translation) and
  /// w = 1/σ where the data state it.
  ///
  /// - Parameters: displacement: a nodal field of the model (3 per node), e.g. the solution
  ///   at the fit's initial values.
  /// - Returns: the misfit of each candidate, in order.
  public static func dataMisfits(
    _ candidates: [RigidTransform], data: FringeData, displacement u: [Double], mesh: Mesh, group: String
  ) throws -> [Double] {
    try candidates.map { t in
      let op = try ObservationOperator(
        mesh: mesh, group: group, points: data.points.map { t.apply($0) }, lines: data.points.indices.map { $0 + 1 },
        source: data.source, dropOffSurface: false, projectionTolerance: .infinity)
      let field = (0..<3).map { op.interpolate(u, component: $0) }
      let m = data.components.count
      var sums = [Double](repeating: 0, count: m), weights = sums, residuals = [(Int, Double, Double)]()
      for i in 0..<data.pointCount {
        let v = t.rotateBack(SIMD3(field[0][i], field[1][i], field[2][i]))
        for (k, c) in data.components.enumerated() {
          let d = data.values[i * m + k]
          if d.isNaN { continue }
          let s = data.sigma?[i * m + k]
          let w = s.map { $0.isNaN || $0 <= 0 ? 1 : 1 / $0 } ?? 1
          residuals.append((k, v[c] - d, w * w))
          sums[k] += w * w * (v[c] - d)
          weights[k] += w * w
        }
      }
      return residuals.reduce(0.0) { total, e in
        let mean = weights[e.0] > 0 ? sums[e.0] / weights[e.0] : 0
        return total + e.2 * (e.1 - mean) * (e.1 - mean)
      }
    }
  }

  /// Points spread uniformly over a face group (about 10⁴ of them), for its moments.
  static func faceSample(mesh: Mesh, group: String) throws -> [SIMD3<Double>] {
    try ObservationOperator.regularGrid(mesh: mesh, group: group, count: 10_000)
  }

  /// Each kept point's projection tolerance: the larger of 1 % of its face's size and the
  /// stated tolerance (`ObservationOperator`'s own rule).
  public static func tolerances(mesh: Mesh, group: String, operator op: ObservationOperator, stated: Double?) throws -> [Double] {
    let index = try SurfaceIndex(mesh: mesh, group: group, location: SourceLocation(file: "group \(group)"))
    return op.faceIndices.map { max(0.01 * index.sizes[$0], stated ?? 0) }
  }
}
