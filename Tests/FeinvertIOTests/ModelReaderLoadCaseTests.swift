import FECommon
import FEKernel
@testable import FeinvertIO
import Testing

/// `[[load_case]]`, `[[observation]]` arrays and `[[pressure]]` read from TOML, and their
/// bad inputs at their line and key.
@Suite struct ModelReaderLoadCaseTests {
  static let head = """
    [materials.IM7]
    E1 = 161000.0
    E2 = 11380.0
    E3 = 11380.0
    G12 = 5170.0
    G13 = 5170.0
    G23 = 3980.0
    nu12 = 0.32
    nu13 = 0.32
    nu23 = 0.436

    [[plies]]
    group = "ply1"
    material = "IM7"

    [[boundary]]
    group = "end_x0"
    ux = 0.0

    """

  static let cases = head + """
    [[observation]]
    group = "edge_yplus"
    components = ["ux", "uz"]
    rigid_body = "fit"
    [[observation]]
    name = "top"
    group = "top"
    components = ["ux", "uy"]
    sigma = 0.0001

    [[pressure]]
    group = "top"
    value = 2.0

    [[load_case]]
    name = "tension"
    [[load_case.load]]
    group = "end_xL"
    force = [100.0, 0.0, 0.0]

    [[load_case]]
    name = "plate"
    data = "plate.csv"
    [[load_case.pressure]]
    group = "top"
    distribution = "sin(pi*x/10) * sin(pi*y/4)"
    [[load_case.boundary]]
    group = "end_xL"
    uz = 0.0
    [[load_case.observation]]
    group = "bottom"
    components = ["uz"]

    """

  @Test func casesFacesAndPressuresAreRead() throws {
    let model = try ModelReader.parse(text: Self.cases, path: "m.toml").model
    #expect(model.observations.map { $0.name ?? $0.group } == ["edge_yplus", "top"])
    #expect(model.observation?.group == "edge_yplus")
    #expect(model.observations[1].sigma == 0.0001)
    #expect(model.pressures.first?.value == 2.0)
    #expect(model.loadCases.map(\.name) == ["tension", "plate"])
    let plate = model.caseModels[1]
    #expect(plate.boundary.map(\.group) == ["end_x0", "end_xL"])
    #expect(plate.pressures.count == 2)
    #expect(plate.pressures[1].pressure(at: SIMD3(5, 2, 0)) == 1.0)
    #expect(plate.observations.map(\.group) == ["bottom"])
    #expect(plate.observations[0].dataPath == "plate.csv")
    let tension = model.caseModels[0]
    #expect(tension.observations.count == 2)  // the top-level faces
    #expect(model.dataSets.map(\.name) == ["tension/edge_yplus", "tension/top", "plate"])
    #expect(model.dataSets[2].aliases == ["plate/bottom"])
    // Entries of a case keep their own key paths, for binding errors.
    #expect(plate.boundary[1].location.key == "load_case[1].boundary[0]")
  }

  /// Each bad entry names its line (nested arrays of tables counted per case) and key.
  @Test(arguments: [
    ("[[load_case]]\nname = \"a\"\n[[load_case.load]]\ngroup = \"g\"\nforce = [1.0, 0.0, 0.0]\n[[load_case]]\nname = \"b\"\n[[load_case.pressure]]\ngroup = \"top\"\ndistribution = \"sin(x\"\n",
     "m.toml:28: load_case[1].pressure[0].distribution: in \"sin(x\" at column 6: found the end of the expression; expected \")\""),
    ("[[pressure]]\ngroup = \"top\"\nvalue = 1.0\ndistribution = \"x\"\n", "m.toml:19: pressure[0]: pressure on \"top\" gives both value and distribution"),
    ("[[load_case]]\nname = \"a b\"\n", "m.toml:20: load_case[0].name: \"a b\" is not a usable name"),
    ("[[load_case]]\nname = \"a\"\n", "m.toml:19: load_case[0]: load case \"a\" has no [[load_case.boundary]]"),
    ("[[load_case]]\nname = \"a\"\n[[load_case.load]]\ngroup = \"g\"\nforce = [1.0, 0.0, 0.0]\n[[load_case]]\nname = \"a\"\n[[load_case.load]]\ngroup = \"g\"\nforce = [1.0, 0.0, 0.0]\n",
     "m.toml:25: load_case[1].name: \"a\" is already the name of load_case[0]"),
    ("[[observation]]\ngroup = \"top\"\ncomponents = [\"ux\"]\n[[observation]]\ngroup = \"top\"\ncomponents = [\"uy\"]\n",
     "m.toml:22: observation[1]: observation \"top\" is defined twice"),
    ("[[observation]]\ngroup = \"top\"\ncomponents = [\"ux\"]\nsigma = -1.0\n", "m.toml:22: observation[0].sigma: = -1.0; expected a positive standard deviation"),
  ])
  func badEntriesAreRefusedAtTheirLine(tail: String, message: String) {
    do {
      _ = try ModelReader.parse(text: Self.head + tail, path: "m.toml")
      Issue.record("expected an error: \(message)")
    } catch {
      #expect("\(error)".hasPrefix(message), "\(error)")
    }
  }
}
