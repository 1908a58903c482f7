import FECommon
import FEKernel
import SparseSolve
import Foundation

/// Synthetic moiré data from the forward model, for `feinvert synth`.
///
/// The model's own constants are the truth. Points lie on a regular grid of the
/// observation surface; each observed component is the interpolated FE
/// displacement plus an optional rigid-body motion (translation, and rotation
/// about the surface's mean normal through its centroid) plus Gaussian noise of
/// standard deviation `noise` (length unit). Optional circular holes are masked.
public struct SyntheticDataSpec: Sendable {
  /// Grid spacing on the surface (length unit); nil: the surface's larger extent / 60.
  public var spacing: Double?
  /// Standard deviation of the added noise (length unit); 0 for none.
  public var noise: Double = 0
  public var seed: UInt64 = 1
  /// Translation (length unit) and rotation about the surface normal (radians).
  public var rigidTranslation: SIMD3<Double> = .zero
  public var rigidRotation: Double = 0
  /// Number of masked circular holes and their radius (length unit; nil: 5 % of the larger extent).
  public var holes: Int = 0
  public var holeRadius: Double?

  public init() {}
}

public enum SyntheticData {
  /// Samples the model's own displacement on a grid of the observation surface.
  ///
  /// - Parameter inspect: called with the forward solution before any data are made (the
  ///   jobs' small-strain check); an error it throws ends the call.
  public static func generate(
    problem: LinearElasticProblem, spec: SyntheticDataSpec, source: String, factorization: FactorizationMethod = .standard,
    inspect: (ForwardSolution) throws -> Void = { _ in }
  ) throws -> FringeData {
    guard let observation = problem.model.observation else {
      throw InputError("no [observation] table; expected the surface and components to synthesize", at: problem.model.location("observation"))
    }
    let mesh = problem.mesh
    let group = observation.group
    let surfaceNodes = mesh.nodes(in: mesh.group(named: group)!)
    var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
    for n in surfaceNodes { lo = pointwiseMin(lo, mesh.point(n)); hi = pointwiseMax(hi, mesh.point(n)) }
    let extent = (hi - lo).max()
    let spacing = spec.spacing ?? extent / 60
    let points = try ObservationOperator.regularGrid(mesh: mesh, group: group, spacing: spacing)
    let op = try ObservationOperator(
      mesh: mesh, group: group, points: points, lines: (0..<points.count).map { $0 + 1 },
      source: source, dropOffSurface: true)
    let kept = op.keptIndices.map { points[$0] }
    let solution = try ForwardSolution.run(problem, factorization: factorization)
    try inspect(solution)
    let u = solution.displacement
    let normal = SurfaceGeometry.meanNormal(mesh: mesh, group: group)
    let centroid = SurfaceGeometry.rotationCentre(mesh: mesh, group: group)
    var rng = SplitMix64(seed: spec.seed)
    // Holes: centres uniform in the bounding box, masked where a point lies within the radius.
    let radius = spec.holeRadius ?? 0.05 * extent
    var centres = [SIMD3<Double>]()
    for _ in 0..<spec.holes {
      centres.append(lo + SIMD3(rng.nextUnit(), rng.nextUnit(), rng.nextUnit()) * (hi - lo))
    }
    let components = observation.components
    var values = [Double]()
    let fields = components.map { op.interpolate(u, component: $0) }
    for (i, p) in kept.enumerated() {
      let rotation = spec.rigidRotation * cross(normal, p - centroid)
      let masked = centres.contains { c in
        let d = p - c
        let inPlane = d - (d * normal).sum() * normal
        return (inPlane * inPlane).sum() < radius * radius
      }
      for (ci, c) in components.enumerated() {
        if masked {
          values.append(.nan)
        } else {
          let noise = spec.noise > 0 ? spec.noise * rng.nextGaussian() : 0
          values.append(fields[ci][i] + spec.rigidTranslation[c] + rotation[c] + noise)
        }
      }
    }
    let sigma: [Double]? = spec.noise > 0 ? values.map { $0.isNaN ? .nan : spec.noise } : nil
    return FringeData(
      source: source, points: kept, lines: (0..<kept.count).map { $0 + 1 }, components: components,
      values: values, sigma: sigma, weight: nil, metadata: [:])
  }
}

/// Geometry of a physical surface.
public enum SurfaceGeometry {
  /// The point the data's rigid-body rotation turns about, in `synth` and in `fit` alike:
  /// the centre of the bounding box of the observation group's nodes (model length unit).
  /// A rotation θ about another centre c' is the same motion as θ about c plus the
  /// translation θ n × (c − c'), so only the reported translation depends on the choice.
  public static func rotationCentre(mesh: Mesh, group name: String) -> SIMD3<Double> {
    guard let group = mesh.group(named: name) else { return .zero }
    var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
    for n in mesh.nodes(in: group) { lo = pointwiseMin(lo, mesh.point(n)); hi = pointwiseMax(hi, mesh.point(n)) }
    return lo.x.isFinite ? (lo + hi) / 2 : .zero
  }

  /// The area-weighted mean unit normal of a surface group (right-hand rule of its faces).
  public static func meanNormal(mesh: Mesh, group name: String) -> SIMD3<Double> {
    guard let group = mesh.group(named: name) else { return SIMD3(0, 0, 1) }
    var total = SIMD3<Double>(repeating: 0)
    for block in mesh.blocks(in: group) where block.kind.dimension == 2 {
      for e in 0..<block.elementCount {
        let nodes = Array(block.nodes(of: e))
        let p0 = mesh.point(nodes[0]), p1 = mesh.point(nodes[1])
        let p2 = mesh.point(nodes[block.kind == .quad4 || block.kind == .quad8 ? 3 : 2])
        let c = cross(p1 - p0, p2 - p0)
        total += c
      }
    }
    let norm = (total * total).sum().squareRoot()
    return norm > 0 ? total / norm : SIMD3(0, 0, 1)
  }
}
