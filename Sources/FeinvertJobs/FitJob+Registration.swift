import FeinvertIO
import FECommon
import FEKernel
import Foundation
import LaminateFit

/// Data measured in a camera's frame (`[observation.registration]`): the initial alignment
/// before the points are projected onto the face, and the registration the fit refines.
extension FitJob {
  /// Aligns a data set's points to the model's frame (its values stay in the data's
  /// frame), then projects them onto the face as an unregistered set's are: within the
  /// tolerance projected, beyond it dropped (`--drop-off-surface`) or bad input. A frame
  /// so far off that points miss the face is bad input that says so.
  ///
  /// - Returns: the operator on the registered points, the registration for the forward
  ///   model, and the notes for the user.
  static func registeredOperator(
    _ data: inout FringeData, spec: ObservationSpec, registration: DataRegistrationSpec, input: ProblemInput, path: String,
    dropOffSurface: Bool, displacement: () throws -> [Double]
  ) throws -> (ObservationOperator, DataFrameRegistration, [String]) {
    let model = input.modelFile.model
    let mesh = input.problem.mesh
    let key = spec.location.key ?? "observation"
    let original = data.points
    var (transform, tied, note) = try DataFrameRegistration.alignmentCandidates(
      registration, points: original, mesh: mesh, group: spec.group, unit: model.lengthUnit)
    if tied.count > 1 {
      // A symmetric face: the displacement data at the initial values choose (a half turn
      // of a bending coupon's field is not the field).
      let misfits = try DataFrameRegistration.dataMisfits(tied, data: data, displacement: displacement(), mesh: mesh, group: spec.group)
      let order = misfits.indices.sorted { misfits[$0] < misfits[$1] }
      let best = misfits[order[0]], next = misfits[order[1]]
      if best < 0.5 * next {
        transform = tied[order[0]]
        note += String(format: "; then the displacement data at the initial values chose the one turned %.4g° (its misfit %.3g of the next best's)", transform.angle * 180 / .pi, best / next)
      } else {
        note += String(format: "; the displacement data at the initial values cannot tell them apart either (misfits within a factor %.3g): the smallest rotation kept; state reference points if the camera is turned further", next / max(best, 1e-300))
      }
    }
    data.points = original.map { transform.apply($0) }
    let tolerance = input.modelFile.dataOptions.projectionTolerance
    let op: ObservationOperator
    do {
      op = try ObservationOperator(
        mesh: mesh, group: spec.group, points: data.points, lines: data.lines, source: path, dropOffSurface: dropOffSurface,
        groupLocation: model.location("\(key).group"), projectionTolerance: tolerance)
    } catch let error as InputError where error.location.file == path {
      throw InputError(
        "after registering the data frame to the model's (\(note)): \(error.message). The registration puts the data off the observed face: check the alignment (\(key).registration)",
        at: error.location)
    }
    var notes = [String]()
    if op.pointCount == 0, let first = op.firstDropped.first {
      throw InputError(
        "after registering the data frame to the model's (\(note)), all \(op.droppedCount) points miss surface group \"\(spec.group)\" (the first, on line \(first.line), by \(first.distance) \(model.lengthUnit)); expected the registered points on the observed face: check the alignment (\(key).registration)",
        at: SourceLocation(file: path, line: first.line))
    }
    notes.append("\(path): data in a camera frame, registered to the model's by \(note); the points projected onto the face after the registration")
    var frame = DataFrameRegistration(
      transform: transform, centre: registration.centre ?? SurfaceGeometry.rotationCentre(mesh: mesh, group: spec.group),
      dataPoints: op.keptIndices.map { original[$0] }, refine: registration.refine, alignmentNote: note,
      location: registration.location)
    frame.tolerances = try DataFrameRegistration.tolerances(mesh: mesh, group: spec.group, operator: op, stated: tolerance)
    return (op, frame, notes)
  }
}
