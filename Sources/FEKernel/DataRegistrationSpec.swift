import FECommon

/// How measured data given in a camera's frame are registered to the model's frame
/// (`[observation.registration]`, a feinvert extension): x_model = R x_data + t and
/// u_model = R u_data, R a proper rotation.
///
/// The initial alignment comes from reference points given in both frames, from the
/// data's principal axes matched to the observed face's, or from stated angles and a
/// translation; the fit then refines the six parameters (three small rotations about
/// `centre` and three translations) as nuisances unless `refine` is false.
public struct DataRegistrationSpec: Sendable, Equatable {
  public enum Alignment: Sendable, Equatable {
    /// Least-squares rigid fit of points given in the data frame onto the same points in
    /// the model frame (at least three, not collinear; model length unit).
    case referencePoints(data: [SIMD3<Double>], model: [SIMD3<Double>])
    /// The data's centroid and principal axes matched to the observed face's.
    case principalAxes
    /// R = R_z(γ) R_y(β) R_x(α) from angles (α, β, γ) in radians, and t (length unit).
    case given(eulerXYZ: SIMD3<Double>, translation: SIMD3<Double>)
  }

  public var alignment: Alignment
  /// The point the refined rotations turn about (model frame, length unit); nil: the
  /// centre of the observed face's bounding box.
  public var centre: SIMD3<Double>?
  /// Whether the fit refines the registration (false: the initial alignment is held).
  public var refine: Bool
  /// Where the table was defined (`observation.registration`).
  public var location: SourceLocation

  public init(alignment: Alignment, centre: SIMD3<Double>? = nil, refine: Bool = true, location: SourceLocation) {
    self.alignment = alignment
    self.centre = centre
    self.refine = refine
    self.location = location
  }
}
