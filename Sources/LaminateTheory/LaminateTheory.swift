/// Analytic laminate solutions used as independent truths: classical lamination
/// theory and Pagano's exact elasticity solutions for simply supported cross-ply
/// plates. They share no code with the finite-element kernel beyond the
/// material's engineering constants.
public enum LaminateTheory {}
