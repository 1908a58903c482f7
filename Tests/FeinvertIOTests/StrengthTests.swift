import FECommon
import FEKernel
import Foundation
import Testing

@testable import FeinvertIO

/// Ply strengths in `[materials]` (an extension) and the Tsai–Wu failure index of
/// `solution.vtu`.
@Suite struct StrengthTests {
  static let strengths = PlyStrengths(Xt: 2560, Xc: 1590, Yt: 73, Yc: 185, S12: 90, S23: 57)

  /// The index is 1 at each uniaxial strength and at each shear strength (the
  /// definitions of the strengths), and linear in the stress: half the strength gives 0.5.
  @Test func tsaiWuIsOneAtEachStrength() {
    let s = Self.strengths
    let cases: [(Int, Double)] = [
      (0, s.Xt), (0, -s.Xc), (1, s.Yt), (1, -s.Yc), (2, s.Zt), (2, -s.Zc), (3, s.S23), (4, s.S13), (5, s.S12), (5, -s.S12),
    ]
    for (component, value) in cases {
      var stress = [Double](repeating: 0, count: 6)
      stress[component] = value
      // Round-off of a square root and a few products: 1e-12.
      #expect(abs(s.tsaiWuIndex(stress) - 1) < 1e-12, "component \(component) = \(value)")
      stress[component] = value / 2
      #expect(abs(s.tsaiWuIndex(stress) - 0.5) < 1e-12, "component \(component) = \(value / 2)")
    }
    #expect(s.tsaiWuIndex([0, 0, 0, 0, 0, 0]) == 0)
    // Defaults: Z as Y, S13 as S12.
    #expect(s.Zt == 73 && s.Zc == 185 && s.S13 == 90 && s.S23 == 57)
  }

  /// A biaxial state against the polynomial written out: with R = 1/index, the Tsai–Wu
  /// polynomial of R σ is 1.
  @Test func tsaiWuPolynomialIsOneAtTheStrengthRatio() {
    let s = Self.strengths
    let stress = [800.0, 30, -10, 5, 12, -40]
    let r = 1 / s.tsaiWuIndex(stress)
    let x = stress.map { $0 * r }
    let f11 = 1 / (s.Xt * s.Xc), f22 = 1 / (s.Yt * s.Yc), f33 = 1 / (s.Zt * s.Zc)
    let polynomial = (1 / s.Xt - 1 / s.Xc) * x[0] + (1 / s.Yt - 1 / s.Yc) * x[1] + (1 / s.Zt - 1 / s.Zc) * x[2]
      + f11 * x[0] * x[0] + f22 * x[1] * x[1] + f33 * x[2] * x[2]
      - (f11 * f22).squareRoot() * x[0] * x[1] - (f11 * f33).squareRoot() * x[0] * x[2] - (f22 * f33).squareRoot() * x[1] * x[2]
      + x[3] * x[3] / (s.S23 * s.S23) + x[4] * x[4] / (s.S13 * s.S13) + x[5] * x[5] / (s.S12 * s.S12)
    #expect(abs(polynomial - 1) < 1e-12)
  }

  static func model(_ extra: String) -> String {
    """
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
    \(extra)

    [[plies]]
    group = "ply1"
    material = "IM7"
    angle = 30.0
    """
  }

  @Test func strengthsAreRead() throws {
    let file = try ModelReader.parse(
      text: Self.model("Xt = 2560.0\nXc = 1590\nYt = 73.0\nYc = 185.0\nS12 = 90.0\nS23 = 57.0"), path: "m.toml")
    #expect(file.model.strengths["IM7"] == Self.strengths)
    #expect(try ModelReader.parse(text: Self.model(""), path: "m.toml").model.strengths.isEmpty)
  }

  /// A partial set names the first missing key and its table's line; a negative strength
  /// names its own key and line.
  @Test func badStrengthsAreBadInput() throws {
    do {
      _ = try ModelReader.parse(text: Self.model("Xt = 2560.0\nYt = 73.0"), path: "m.toml")
      Issue.record("a partial set of strengths was accepted")
    } catch let error as InputError {
      #expect(error.description.contains("m.toml"), "\(error)")
      #expect(error.description.contains("materials.IM7.Xc"), "\(error)")
      #expect(error.description.contains("is missing"), "\(error)")
    }
    do {
      _ = try ModelReader.parse(
        text: Self.model("Xt = 2560.0\nXc = -1590\nYt = 73.0\nYc = 185.0\nS12 = 90.0"), path: "m.toml")
      Issue.record("a negative strength was accepted")
    } catch let error as InputError {
      #expect(error.description.contains("m.toml:12"), "\(error)")
      #expect(error.description.contains("materials.IM7.Xc"), "\(error)")
    }
  }

  /// `solution.vtu` carries the index when the model gives strengths, computed from the
  /// ply-axis stresses the file also holds.
  @Test func solutionFileCarriesTheIndex() throws {
    let (problem, solution) = try SolutionVTUTests.solved()
    var model = problem.model
    model.strengths = ["IM7": Self.strengths]
    let text = SolutionWriter.vtu(solution, problem: problem, model: model, format: .ascii)
    let arrays = try SolutionVTUTests.dataArrays(text)
    let index = try #require(arrays.first { $0.attributes["Name"] == "failure_index_tsai_wu" })
    let values = index.text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { Double($0)! }
    let f = ElementFields.derive(problem: problem, model: model, elementStress: solution.elementStress)
    #expect(values.count == problem.mesh.volumeElementCount)
    for e in values.indices {
      #expect(values[e] == Self.strengths.tsaiWuIndex(Array(f.stressPlyAxes[(6 * e)..<(6 * e + 6)])))
    }
    #expect(!SolutionWriter.vtu(solution, problem: problem, format: .ascii).contains("failure_index"))
  }
}
