/// Post-processing of a solved laminate: interlaminar stresses at ply interfaces
/// (direct and equilibrium-recovered), along lines across the width, and the
/// singularity-aware summaries of their free-edge peaks.
public enum StressPost {}
