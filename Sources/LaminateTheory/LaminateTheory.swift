/// Analytic laminate solutions used as independent truths: classical lamination
/// theory and Pagano's exact elasticity solutions for simply supported cross-ply
/// plates. They share no code with the finite-element kernel beyond the
/// material's engineering constants.
///
/// - ``ClassicalLaminationTheory``: Q, Q̄(θ), A, B, D, mixed solves, ply stresses and the
///   sub-laminate resultants of the Pipes–Pagano free-edge balance.
/// - ``PaganoPlate``: the simply supported rectangular cross-ply plate under
///   q0 sin(πx/a) sin(πy/b) (Pagano 1970), with ``PaganoPlate/normalizedTableValues(S:)``.
/// - ``PaganoCylindricalBending``: the same laminate as a strip in plane strain
///   (Pagano 1969), with ``PaganoCylindricalBending/normalizedValues(S:)``.
/// - ``PaganoBenchmark``: the [0/90/0] laminate and material of both papers.
///
/// Coordinates: z from the laminate's mid-plane, up; Voigt order xx yy zz yz xz xy for 3D
/// stresses, x y xy for CLT's in-plane ones.
public enum LaminateTheory {}
