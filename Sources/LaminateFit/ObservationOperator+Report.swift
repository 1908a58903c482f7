import Foundation

extension ObservationOperator {
  /// The largest distance of a kept point from the surface (what projection moved it),
  /// model length unit; 0 when no point is kept.
  public var largestDistance: Double { distances.max() ?? 0 }

  /// What the user should be told about the points off the surface: how many were
  /// projected onto it and how far the farthest lay; how many were dropped, the
  /// farthest, and the first few by line.
  ///
  /// - Parameters:
  ///   - group: the observation group, for the message.
  ///   - source: the data file as the user named it.
  ///   - unit: the model's length unit name, for the distances.
  public func surfaceNotes(group: String, source: String, unit: String) -> [String] {
    var notes = [String]()
    if projectedCount > 0 {
      notes.append(
        "\(source): \(projectedCount) of \(pointCount) points lay off surface group \"\(group)\" and were projected onto it (largest distance \(Self.short(largestDistance)) \(unit))")
    }
    if droppedCount > 0 {
      let first = firstDropped.map { "line \($0.line) (\(Self.short($0.distance)) \(unit) away, tolerance \(Self.short($0.tolerance)))" }
      notes.append(
        "\(source): \(droppedCount) point\(droppedCount == 1 ? "" : "s") dropped (--drop-off-surface) as farther from surface group \"\(group)\" than the tolerance (largest distance \(Self.short(largestDroppedDistance)) \(unit)); first: \(first.joined(separator: ", "))\(droppedCount > first.count ? ", ..." : "")")
    }
    return notes
  }
}
