import FECommon
import FEKernel
@testable import FeinvertIO
import LaminateFit
import SparseSolve
import Testing

/// The one model reader: one parse gives the model, the fit settings and the solver
/// choice, and an error raised far from the reader (binding to the mesh) still gets its line.
@Suite struct ModelReaderTests {
  static let model = """
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
    angle = 30.0

    [[plies]]
    group = "ply2"
    material = "IM7"

    [[boundary]]
    group = "end_x0"
    ux = 0.0

    [solver]
    factorization = "cholmod"

    [fit.parameters]
    "IM7.E2" = { initial = 9000.0, bounds = [3000.0, 30000.0] }
    "ply1.angle" = { initial = 25.0, bounds = [0.0, 60.0] }
    "IM7.nu12" = { initial = 0.3 }

    [fit]
    max_iterations = 7
    """

  @Test func oneParseGivesModelFitAndSolver() throws {
    let file = try ModelReader.parse(text: Self.model, path: "m.toml")
    #expect(file.model.materials.map(\.name) == ["IM7"])
    // Degrees in the file, radians in the model; an omitted angle is 0.
    #expect(abs(file.model.plies[0].angle - 30 * Double.pi / 180) < 1e-15)
    #expect(file.model.plies[1].angle == 0)
    #expect(file.factorization == .cholmod(.nestedDissectionOfBlocks(blockSize: 3)))
    let fit = try file.requireFitSettings()
    #expect(fit.maxIterations == 7)
    // File order, and each parameter keeps its identity: a constant, not an index.
    #expect(fit.parameters.map(\.name) == ["IM7.E2", "ply1.angle", "IM7.nu12"])
    #expect(fit.parameters[0].target == .materialConstant(material: "IM7", constant: .E2))
    #expect(fit.parameters[1].target == .plyAngleDegrees(plyIndex: 0))
    #expect(fit.parameters[2].target == .materialConstant(material: "IM7", constant: .nu12))
    // Degrees → radians → degrees: 30 to round-off (two roundings, 1e-14 relative).
    #expect(abs(fit.parameters[1].value(in: file.model) - 30) < 30e-14)
    #expect(fit.parameters[0].location.line == 29)
  }

  @Test func withoutFitOrSolverTheDefaultsHold() throws {
    let text = Self.model.components(separatedBy: "[solver]")[0]
    let file = try ModelReader.parse(text: text, path: "m.toml")
    #expect(file.factorization == .standard)
    #expect(file.fitSettings == nil)
    #expect(throws: InputError.self) { try file.requireFitSettings() }
    do {
      _ = try file.requireFitSettings()
    } catch let e as InputError {
      #expect(e.description.hasPrefix("m.toml: fit: no [fit.parameters] table"), "\(e.description)")
    }
  }

  /// A check the kernel makes at a key (no line there) gets the key's line here, and a
  /// nested key falls back to its entry's line.
  @Test func locatingKeysAddsTheLine() throws {
    let file = try ModelReader.parse(text: Self.model, path: "m.toml")
    #expect(file.location("plies[1].group").line == 18)
    #expect(file.location("plies[1].nothing").line == 17)
    do {
      try file.locatingKeys { throw InputError("bad group", at: file.model.location("plies[1].group")) }
    } catch let e as InputError {
      #expect(e.description == "m.toml:18: plies[1].group: bad group")
    }
    // Errors at another file are left as they are.
    do {
      try file.locatingKeys { throw InputError("elsewhere", at: SourceLocation(file: "data.csv", key: "x")) }
    } catch let e as InputError {
      #expect(e.description == "data.csv: x: elsewhere")
    }
  }

  /// Each constant's key, unit and place in the material; the moduli are the six E and G.
  @Test(arguments: OrthotropicConstant.allCases)
  func constantsKnowTheirKeyAndUnit(constant: OrthotropicConstant) throws {
    #expect(OrthotropicConstant(key: constant.key) == constant)
    #expect(constant.isModulus == (constant.key.hasPrefix("E") || constant.key.hasPrefix("G")))
    var m = OrthotropicMaterial.isotropic(name: "m", E: 1, nu: 0)
    m[constant] = 0.25
    #expect(OrthotropicConstant.allCases.filter { m[$0] == 0.25 } == [constant])
  }

  /// The fit's honesty keys: read when valid, refused at their line with what was expected.
  @Test func honestyKeysAreReadOrRefused() throws {
    let base = Self.model.replacingOccurrences(of: "max_iterations = 7", with: "max_iterations = 7\n")
    let good = try ModelReader.parse(
      text: base + "discretization = \"correct\"\nrestarts = 3\nintervals = \"profile\"\nprofile = [\"IM7.E2\"]\n", path: "m.toml")
    let fit = try good.requireFitSettings()
    #expect(fit.discretization == .correct && fit.restarts == 3 && fit.profileParameters == ["IM7.E2"])
    #expect(try ModelReader.parse(text: base, path: "m.toml").requireFitSettings().discretization == .check)
    let bad: [(String, String)] = [
      ("discretization = \"maybe\"", "m.toml:35: fit.discretization: \"maybe\"; expected \"check\", \"off\" or \"correct\""),
      ("restarts = 1.5", "m.toml:35: fit.restarts: 1.5; expected a whole number from 0 to 100"),
      ("intervals = \"bootstrap\"", "m.toml:35: fit.intervals: \"bootstrap\"; expected \"linearized\" or \"profile\""),
      ("profile = [\"IM7.E2\"]", "m.toml:35: fit.profile: is given but intervals is not \"profile\""),
      ("intervals = \"profile\"\nprofile = [\"IM7.E9\"]", "m.toml:36: fit.profile: \"IM7.E9\" is not a fitted parameter"),
    ]
    for (line, message) in bad {
      do {
        _ = try ModelReader.parse(text: base + line + "\n", path: "m.toml")
        Issue.record("\(line) was accepted")
      } catch let e as InputError {
        #expect(e.description.hasPrefix(message), "\(e.description)")
      }
    }
  }
}
