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
    dropOffSurface: Bool
  ) throws -> (ObservationOperator, DataFrameRegistration, [String]) {
    let model = input.modelFile.model
    let mesh = input.problem.mesh
    let key = spec.location.key ?? "observation"
    let original = data.points
    let (transform, note) = try DataFrameRegistration.initialAlignment(
      registration, points: original, mesh: mesh, group: spec.group, unit: model.lengthUnit)
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
