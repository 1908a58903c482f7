import FECommon
import FEKernel
@testable import FeinvertIO
import Testing

/// `[observation.registration]` read from TOML, and its bad inputs naming file, line and key.
@Suite struct ModelReaderRegistrationTests {
  static let observation = """
    [observation]
    group = "top"
    components = ["ux", "uy", "uz"]
    rigid_body = "fit"

    """

  static func parse(_ registration: String) throws -> ObservationSpec {
    let model = try ModelReader.parse(text: ModelReaderLoadCaseTests.head + observation + registration, path: "m.toml").model
    return try #require(model.observation)
  }

  @Test func alignmentsAreRead() throws {
    let points = try Self.parse("""
      [observation.registration]
      data_points = [[0.0, 0.0, 0.0], [10.0, 0.0, 0.0], [10.0, 4.0, 0.0]]
      model_points = [[0.1, 0.0, 1.0], [10.1, 0.0, 1.0], [10.1, 4.0, 1.0]]
      centre = [5.0, 2.0, 1.0]
      """)
    let r = try #require(points.registration)
    #expect(r.alignment == .referencePoints(data: [SIMD3(0, 0, 0), SIMD3(10, 0, 0), SIMD3(10, 4, 0)],
                                            model: [SIMD3(0.1, 0, 1), SIMD3(10.1, 0, 1), SIMD3(10.1, 4, 1)]))
    #expect(r.centre == SIMD3(5, 2, 1) && r.refine)
    let axes = try Self.parse("[observation.registration]\nalignment = \"principal_axes\"\nrefine = false\n")
    #expect(axes.registration?.alignment == .principalAxes && axes.registration?.refine == false)
    let given = try Self.parse("[observation.registration]\nalignment = \"given\"\nrotation = [3.0, -2.0, 4.0]\ntranslation = [0.3, -0.2, 0.1]\n")
    guard case let .given(angles, t)? = given.registration?.alignment else { Issue.record("not given"); return }
    #expect(abs(angles.x - 3 * Double.pi / 180) < 1e-15 && abs(angles.y + 2 * Double.pi / 180) < 1e-15 && t == SIMD3(0.3, -0.2, 0.1))
  }

  @Test(arguments: [
    ("data_points = [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0]]\nmodel_points = [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0]]\n",
     "observation.registration.data_points: holds 2 points; expected at least three reference points"),
    ("data_points = [[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]\nmodel_points = [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]\n",
     "observation.registration.data_points: the points lie on one line"),
    ("data_points = [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]\nmodel_points = [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0]]\n",
     "observation.registration.model_points: holds 2 points and data_points 3; expected the same points in both frames"),
    ("alignment = \"principal_axes\"\nscale = 2.0\n", "observation.registration.scale: unknown key \"scale\"; expected one of"),
    ("alignment = \"best\"\n", "observation.registration.alignment: \"best\" is not an alignment"),
    ("refine = true\n", "observation.registration: gives no alignment"),
    ("alignment = \"given\"\nrotation = [3.0, -2.0]\ntranslation = [0.0, 0.0, 0.0]\n", "observation.registration.rotation: is not an array of 3 numbers"),
    ("alignment = \"principal_axes\"\nrotation = [3.0, -2.0, 1.0]\n", "observation.registration.rotation: is not used with alignment = \"principal_axes\""),
    ("data_points = [[0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]\nmodel_points = [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]\n",
     "observation.registration.data_points: holds an array of 2; expected points [x, y, z]"),
    ("alignment = \"principal_axes\"\nrefine = \"yes\"\n", "observation.registration.refine: is a string; expected true or false"),
  ])
  func badRegistrationsNameFileAndKey(body: String, message: String) {
    do {
      _ = try Self.parse("[observation.registration]\n" + body)
      Issue.record("expected an error: \(message)")
    } catch {
      #expect("\(error)".hasPrefix("m.toml:"), "\(error)")
      #expect("\(error)".contains(message), "\(error)")
    }
  }
}
