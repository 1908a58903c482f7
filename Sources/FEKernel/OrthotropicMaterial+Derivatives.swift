import FECommon

extension OrthotropicMaterial {
  /// ∂S/∂c for one engineering constant c, 6×6, material axes.
  ///
  /// S11 = 1/E1, S22 = 1/E2, S33 = 1/E3, S12 = −ν12/E1, S13 = −ν13/E1,
  /// S23 = −ν23/E2, S44 = 1/G23, S55 = 1/G13, S66 = 1/G12, so each derivative
  /// touches at most three entries (and their symmetric twins).
  public func complianceDerivative(_ constant: OrthotropicConstant) -> SmallMatrix {
    var d = SmallMatrix(zeros: 6)
    func set(_ i: Int, _ j: Int, _ v: Double) {
      d[i, j] = v
      d[j, i] = v
    }
    switch constant {
    case .E1:
      set(0, 0, -1 / (E1 * E1))
      set(0, 1, nu12 / (E1 * E1))
      set(0, 2, nu13 / (E1 * E1))
    case .E2:
      set(1, 1, -1 / (E2 * E2))
      set(1, 2, nu23 / (E2 * E2))
    case .E3: set(2, 2, -1 / (E3 * E3))
    case .G12: set(5, 5, -1 / (G12 * G12))
    case .G13: set(4, 4, -1 / (G13 * G13))
    case .G23: set(3, 3, -1 / (G23 * G23))
    case .nu12: set(0, 1, -1 / E1)
    case .nu13: set(0, 2, -1 / E1)
    case .nu23: set(1, 2, -1 / E2)
    }
    return d
  }

  /// ∂C/∂c = −C (∂S/∂c) C, material axes (differentiating C S = I).
  public func stiffnessDerivative(_ constant: OrthotropicConstant) -> SmallMatrix {
    let c = stiffness
    let dc = c * complianceDerivative(constant) * c
    return SmallMatrix(n: 6, values: dc.values.map { -$0 })
  }
}
