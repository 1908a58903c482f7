import FECommon

/// An orthotropic elastic material given by its nine engineering constants.
///
/// Principal axes: 1 = fibre, 2 = in-plane transverse, 3 = through thickness.
/// Moduli in the model's stress unit; Poisson ratios dimensionless, with the
/// convention ν_ij = −ε_j / ε_i under uniaxial stress σ_i, so that
/// ν_ij / E_i = ν_ji / E_j (Jones, *Mechanics of Composite Materials*, 2nd ed., eq. 2.60).
public struct OrthotropicMaterial: Sendable, Equatable {
  public var name: String
  public var E1: Double
  public var E2: Double
  public var E3: Double
  public var G12: Double
  public var G13: Double
  public var G23: Double
  public var nu12: Double
  public var nu13: Double
  public var nu23: Double

  public init(
    name: String, E1: Double, E2: Double, E3: Double, G12: Double, G13: Double, G23: Double,
    nu12: Double, nu13: Double, nu23: Double
  ) {
    self.name = name
    self.E1 = E1
    self.E2 = E2
    self.E3 = E3
    self.G12 = G12
    self.G13 = G13
    self.G23 = G23
    self.nu12 = nu12
    self.nu13 = nu13
    self.nu23 = nu23
  }

  /// An isotropic material as a special case (G = E / 2(1+ν)).
  public static func isotropic(name: String, E: Double, nu: Double) -> OrthotropicMaterial {
    let g = E / (2 * (1 + nu))
    return OrthotropicMaterial(
      name: name, E1: E, E2: E, E3: E, G12: g, G13: g, G23: g, nu12: nu, nu13: nu, nu23: nu)
  }

  /// A constant by its name in the contract.
  public subscript(constant: OrthotropicConstant) -> Double {
    get {
      switch constant {
      case .E1: E1
      case .E2: E2
      case .E3: E3
      case .G12: G12
      case .G13: G13
      case .G23: G23
      case .nu12: nu12
      case .nu13: nu13
      case .nu23: nu23
      }
    }
    set {
      switch constant {
      case .E1: E1 = newValue
      case .E2: E2 = newValue
      case .E3: E3 = newValue
      case .G12: G12 = newValue
      case .G13: G13 = newValue
      case .G23: G23 = newValue
      case .nu12: nu12 = newValue
      case .nu13: nu13 = newValue
      case .nu23: nu23 = newValue
      }
    }
  }

  /// The compliance matrix S (6×6, material axes, Voigt order 11 22 33 23 13 12,
  /// engineering shear strains), ε = S σ.
  public var compliance: SmallMatrix {
    var s = SmallMatrix(zeros: 6)
    s[0, 0] = 1 / E1
    s[1, 1] = 1 / E2
    s[2, 2] = 1 / E3
    s[0, 1] = -nu12 / E1; s[1, 0] = s[0, 1]
    s[0, 2] = -nu13 / E1; s[2, 0] = s[0, 2]
    s[1, 2] = -nu23 / E2; s[2, 1] = s[1, 2]
    s[3, 3] = 1 / G23
    s[4, 4] = 1 / G13
    s[5, 5] = 1 / G12
    return s
  }

  /// The stiffness matrix C = S⁻¹ in material axes (6×6, Voigt 11 22 33 23 13 12).
  ///
  /// Call `validate(at:)` first: for an indefinite compliance the inverse is meaningless.
  public var stiffness: SmallMatrix {
    guard let c = compliance.inverse() else {
      preconditionFailure("OrthotropicMaterial \(name): compliance is singular; validate() first")
    }
    return c
  }

  /// Checks that every constant is finite, the moduli positive and the compliance
  /// positive definite (strain energy positive for every stress).
  ///
  /// - Parameter location: where the material was defined (file and key path of its table).
  /// - Throws: `InputError` naming the material and the offending constant or condition.
  public func validate(at location: SourceLocation) throws {
    try validate { property in
      property.map { location.appendingKey($0) } ?? location
    }
  }

  /// The same check with a locator that gives the location of each property
  /// (`nil` for the material's table as a whole), so messages carry the key's own line.
  public func validate(locate: (String?) -> SourceLocation) throws {
    let location = locate(nil)
    for constant in OrthotropicConstant.allCases {
      let key = constant.key, value = self[constant]
      let loc = locate(key)
      guard value.isFinite else {
        throw InputError("\(key) = \(value) is not a finite number; expected a finite value", at: loc)
      }
      if constant.isModulus {
        // 1/E and 1/G enter the compliance: a subnormal modulus would make them infinite.
        guard value > 0, (1 / value).isFinite, value <= 1e300 else {
          throw InputError(
            "material \(name): \(key) = \(value); a modulus must be positive, from 1e-300 to 1e300 (its compliance 1/\(key) must be finite)",
            at: loc)
        }
      }
    }
    guard compliance.cholesky() != nil else {
      // Name the Poisson ratios, the usual culprit: 1 − ν12ν21 − ν23ν32 − ν13ν31 − 2ν21ν32ν13 > 0.
      throw InputError(
        "material \(name): the compliance is not positive definite (nu12 = \(nu12), nu13 = \(nu13), nu23 = \(nu23) with E1 = \(E1), E2 = \(E2), E3 = \(E3)); expected Poisson ratios with nu_ij^2 < E_i/E_j and a positive determinant",
        at: location)
    }
  }
}
