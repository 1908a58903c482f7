import FECommon
import FEKernel
import Foundation
import TOMLKit

/// `[observation.registration]`: data measured in a camera's frame (a feinvert extension).
extension ModelReader {
  /// The keys of `[observation.registration]`.
  static let registrationKeys: Set<String> = [
    "alignment", "data_points", "model_points", "rotation", "translation", "centre", "refine",
  ]

  /// Reads `registration` of the observation table `t` at `key` (nil when absent).
  ///
  /// - `alignment = "reference_points"` (the default when `data_points` is given) with
  ///   `data_points` and `model_points`: arrays of at least three [x, y, z] (length unit),
  ///   the same points in the data's and the model's frame, in the same order;
  /// - `alignment = "principal_axes"`: the data's centroid and principal axes matched to
  ///   the observed face's;
  /// - `alignment = "given"`: `rotation = [α, β, γ]` (degrees about the model's x, then y,
  ///   then z axes: R = R_z(γ) R_y(β) R_x(α)) and `translation = [tx, ty, tz]`;
  /// - `centre = [x, y, z]`: the point the refined rotations turn about (default: the
  ///   face's centre); `refine = false` holds the initial alignment.
  static func registration(_ t: TOMLTable, key observationKey: String, reader: TableReader) throws -> DataRegistrationSpec? {
    guard let table = try reader.optionalTable(t, "registration", at: observationKey) else { return nil }
    let key = "\(observationKey).registration"
    try reader.allowOnly(registrationKeys, in: table, at: key)
    let dataPoints = try pointList(table, "data_points", at: key, reader: reader)
    let modelPoints = try pointList(table, "model_points", at: key, reader: reader)
    let name = try reader.optionalString(table, "alignment", at: key)
      ?? (dataPoints != nil || modelPoints != nil ? "reference_points" : nil)
    guard let name else {
      throw reader.error(key, "gives no alignment; expected alignment = \"reference_points\" (with data_points and model_points), \"principal_axes\" or \"given\" (with rotation and translation)")
    }
    func refuse(_ keys: [String], for what: String) throws {
      for k in keys where table[k] != nil {
        throw reader.error("\(key).\(k)", "is not used with alignment = \"\(what)\"; expected it only with \(k == "rotation" || k == "translation" ? "alignment = \"given\"" : "alignment = \"reference_points\"")")
      }
    }
    let alignment: DataRegistrationSpec.Alignment
    switch name {
    case "reference_points":
      try refuse(["rotation", "translation"], for: name)
      guard let data = dataPoints else { throw reader.error("\(key).data_points", "is missing; expected the reference points in the data's frame, [[x, y, z], ...]") }
      guard let model = modelPoints else { throw reader.error("\(key).model_points", "is missing; expected the reference points in the model's frame, [[x, y, z], ...]") }
      guard data.count == model.count else {
        throw reader.error("\(key).model_points", "holds \(model.count) points and data_points \(data.count); expected the same points in both frames, in the same order")
      }
      guard data.count >= 3 else {
        throw reader.error("\(key).data_points", "holds \(data.count) point\(data.count == 1 ? "" : "s"); expected at least three reference points (not on one line) to fix a rigid registration")
      }
      for (points, k) in [(data, "data_points"), (model, "model_points")] where RigidAlignment.degeneracy(points) != nil {
        throw reader.error("\(key).\(k)", "the points lie on one line (or coincide), so a rotation about that line is free; expected at least three points not on one line")
      }
      alignment = .referencePoints(data: data, model: model)
    case "principal_axes":
      try refuse(["rotation", "translation", "data_points", "model_points"], for: name)
      alignment = .principalAxes
    case "given":
      try refuse(["data_points", "model_points"], for: name)
      let r = try reader.numberArray(table, "rotation", count: 3, at: key)
      let tr = try reader.numberArray(table, "translation", count: 3, at: key)
      alignment = .given(eulerXYZ: SIMD3(r[0], r[1], r[2]) * (Double.pi / 180), translation: SIMD3(tr[0], tr[1], tr[2]))
    default:
      throw reader.error("\(key).alignment", "\"\(name)\" is not an alignment; expected \"reference_points\", \"principal_axes\" or \"given\"")
    }
    var spec = DataRegistrationSpec(alignment: alignment, location: reader.location(key))
    if table["centre"] != nil {
      let c = try reader.numberArray(table, "centre", count: 3, at: key)
      spec.centre = SIMD3(c[0], c[1], c[2])
    }
    if let v = table["refine"] {
      guard let b = v.bool else { throw reader.error("\(key).refine", "is a \(v.type); expected true or false") }
      spec.refine = b
    }
    return spec
  }

  /// An array of [x, y, z] points at `prefix.name`, or nil when absent.
  static func pointList(_ t: TOMLTable, _ name: String, at prefix: String, reader: TableReader) throws -> [SIMD3<Double>]? {
    guard let v = t[name] else { return nil }
    let key = "\(prefix).\(name)"
    guard let array = v.array else { throw reader.error(key, "is a \(v.type); expected an array of points [[x, y, z], ...]") }
    return try array.map { item in
      guard let p = item.array, p.count == 3 else {
        throw reader.error(key, "holds \(item.array.map { "an array of \($0.count)" } ?? "a \(item.type)"); expected points [x, y, z]")
      }
      let xs = try p.map { e -> Double in
        guard let x = e.double ?? e.int.map(Double.init), x.isFinite else {
          throw reader.error(key, "holds \(e); expected finite numbers")
        }
        return x
      }
      return SIMD3(xs[0], xs[1], xs[2])
    }
  }
}
