import Foundation
import Testing

/// The convergence study of `Validation/open_hole/README.md`, opt-in: `OPEN_HOLE_STUDY`
/// holds the meshes, `;`-separated, each a space-separated list of `open_hole.geo`
/// parameters (`hex=1 bore=0.125 layers=2 L=64`); each is meshed by Gmsh, solved with the
/// model `open_hole.toml` (its force scaled to keep σ∞ = 100 MPa when W or t change), and
/// K_T is printed against Lekhnitskii with Tan's correction, with the ligament's
/// thickness-averaged σxx against Lekhnitskii's distribution. It checks only that each case
/// ran (a table for the README, not a test of a tolerance: `OpenHoleTests` holds those).
@Suite("Open-hole convergence study")
struct OpenHoleStudyTests {
  /// Makes the mesh of `settings` (cached under `OPEN_HOLE_STUDY_DIR`, default a temporary
  /// directory) and its model; returns the paths.
  static func make(_ settings: [(String, String)], in dir: String) throws -> (mesh: String, model: String) {
    let tag = settings.map { "\($0.0)\($0.1)" }.joined(separator: "_")
    let mesh = dir + "/oh_\(tag).msh"
    if !FileManager.default.fileExists(atPath: mesh) {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      p.arguments = ["gmsh", "-3"] + settings.flatMap { ["-setnumber", $0.0, $0.1] }
        + [OpenHolePlate.directory() + "/open_hole.geo", "-o", mesh]
      p.standardOutput = FileHandle.nullDevice
      try p.run()
      p.waitUntilExit()
      try #require(p.terminationStatus == 0, "gmsh \(settings)")
    }
    let value = { (key: String, fallback: Double) in settings.first { $0.0 == key }.flatMap { Double($0.1) } ?? fallback }
    let force = 100 * value("W", 16) * 4 * value("t", 0.25)
    var text = try String(contentsOfFile: OpenHolePlate.directory() + "/open_hole.toml", encoding: .utf8)
    let original = "force = [1600.0, 0.0, 0.0]"
    try #require(text.contains(original))
    text = text.replacingOccurrences(of: original, with: "force = [\(force), 0.0, 0.0]")
    let model = dir + "/oh_\(tag).toml"
    try text.write(toFile: model, atomically: true, encoding: .utf8)
    return (mesh, model)
  }

  @Test(.enabled(if: ProcessInfo.processInfo.environment["OPEN_HOLE_STUDY"] != nil))
  func study() throws {
    let env = ProcessInfo.processInfo.environment
    let dir = env["OPEN_HOLE_STUDY_DIR"] ?? NSTemporaryDirectory() + "feinvert-open-hole-study"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let cases = (env["OPEN_HOLE_STUDY"] ?? "").split(separator: ";").map { c in
      c.split(separator: " ").compactMap { kv -> (String, String)? in
        let parts = kv.split(separator: "=", maxSplits: 1)
        return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
      }
    }
    for settings in cases where !settings.isEmpty {
      let (mesh, model) = try Self.make(settings, in: dir)
      let start = Date()
      let plate = try OpenHolePlate(mesh: mesh, model: model)
      let seconds = Date().timeIntervalSince(start)
      let (kInfinite, kFinite, beta) = plate.lekhnitskii()
      let (k90, _) = try plate.boreConcentration(nearDegrees: 90)
      let (k270, _) = try plate.boreConcentration(nearDegrees: 270)
      let (kNodes, _) = try plate.boreConcentration(nearDegrees: 90, rule: .nodeIntervals)
      var line = "study \(settings.map { "\($0.0)=\($0.1)" }.joined(separator: " ")): \(plate.problem.mesh.nodeCount) nodes, "
      line += "bore element \(String(format: "%.4g", plate.boreElementSize)), R/h \(String(format: "%.3g", plate.radius / plate.thickness)), "
      line += "K_T(90) \(String(format: "%.4f", k90)) (\(String(format: "%+.2f", 100 * (k90 / kFinite - 1)))%), "
      line += "K_T(270) \(String(format: "%.4f", k270)) (\(String(format: "%+.2f", 100 * (k270 / kFinite - 1)))%), "
      line += "K_T(90, layer-exact) \(String(format: "%.4f", kNodes)) (\(String(format: "%+.2f", 100 * (kNodes / kFinite - 1)))%); "
      line += "Lekhnitskii \(String(format: "%.4f", kInfinite)), Tan \(String(format: "%.4f", kFinite)); \(String(format: "%.1f", seconds)) s"
      print(line)
      var profile = "study   ligament sigma_xx/sigma_inf (FE / Lekhnitskii infinite):"
      for f in [0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 4.0] {
        let rho = plate.radius * (1 + f)
        guard rho < 0.5 * plate.width else { continue }
        let fe = plate.averagedStress(x: plate.centre.x, y: plate.centre.y + rho, direction: SIMD2(1, 0)) ?? .nan
        let exact = OpenHolePlate.ligament(rho: rho, radius: plate.radius, beta: beta)
        profile += " \(String(format: "%.2f", f)):\(String(format: "%.4f", fe))/\(String(format: "%.4f", exact))"
      }
      print(profile)
    }
  }
}

/// The ligament distribution used by the study, against independent truths.
@Suite("Lekhnitskii ligament distribution")
struct LekhnitskiiLigamentTests {
  /// Near-isotropic roots (β1 = 1 + ε, β2 = 1 − ε) give Kirsch's σx(0, y)/σ∞ =
  /// 1 + R²/(2y²) + 3R⁴/(2y⁴) to O(ε²); at the bore 1 + β1 + β2 for any roots; and the
  /// excess over σ∞ carries the load the hole removes, ∫_R^∞ (σx/σ∞ − 1) dy = R
  /// (trapezoid on a stretched grid, to 1e-4 R).
  @Test func isotropicLimitBoreValueAndEquilibrium() {
    let r = 1.3
    for y in [1.3, 1.5, 2.0, 3.0, 7.0] {
      let kirsch = 1 + r * r / (2 * y * y) + 3 * pow(r, 4) / (2 * pow(y, 4))
      let value = OpenHolePlate.ligament(rho: y, radius: r, beta: (1 + 1e-4, 1 - 1e-4))
      #expect(abs(value - kirsch) < 1e-6, "\(y): \(value) against \(kirsch)")
    }
    for beta in [(4.06, 0.246), (2.1, 0.7), (1.3, 1.1)] {
      #expect(abs(OpenHolePlate.ligament(rho: r, radius: r, beta: beta) - (1 + beta.0 + beta.1)) < 1e-12)
      // y = R + u², u in [0, U]: dy = 2u du; the tail beyond decays as y⁻² (two terms of the expansion).
      let n = 200_000, upper = 40.0
      var integral = 0.0
      for i in 0...n {
        let u = upper * Double(i) / Double(n)
        let w = (i == 0 || i == n) ? 0.5 : 1.0
        integral += w * (OpenHolePlate.ligament(rho: r + u * u, radius: r, beta: beta) - 1) * 2 * u * upper / Double(n)
      }
      let yEnd = r + upper * upper
      let tail = yEnd * (OpenHolePlate.ligament(rho: yEnd, radius: r, beta: beta) - 1)  // ∫ c/y² = c/yEnd
      #expect(abs(integral + tail - r) < 1e-4 * r, "\(beta): \(integral + tail) against \(r)")
    }
  }
}
