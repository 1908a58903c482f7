/// What `LeafHydraulicsInversion.analyze` found: bounds on K_max, not K_max itself.
package struct LeafHydraulicsResult: Sendable {
  /// K* = min K_leaf/(1 − PLC): the naive upper bound on K_max (biased low with noise).
  package var naiveBound: Double?
  /// Indices of the times attaining K* (within 1e-9 relative).
  package var naiveBinding: [Int]
  /// K̂, the chance-constrained upper bound (z as given); +infinity when no time bounds K.
  package var chanceBound: Double
  /// The index of the binding time of K̂.
  package var chanceBinding: Int?
  /// The z used (1.645: each constraint may be violated by noise with probability 5 %).
  package var z: Double
  /// Parametric bootstrap of K̂: replicates, the 2.5 % and 97.5 % percentiles, the SD.
  package var bootstrapReplicates: Int
  package var bootstrapInterval: (Double, Double)
  package var bootstrapStandardError: Double
  /// Per time: K_xylem = K̂(1 − PLC), K_AQP = K_leaf − K̂(1 − PLC) and its SE
  /// √(σ_K² + K̂² σ_PLC² + (1 − PLC)² SE(K̂)²) (independent errors assumed). Empty when
  /// K̂ is infinite.
  package var xylem: [Double]
  package var outsideXylem: [Double]
  package var outsideXylemSE: [Double]
  /// Times at which K_AQP is within 2 SE of 0 (where K̂ may equal K_max).
  package var consistentWithZeroAQP: [Int]
  /// Times that cannot bound K (PLC ≥ 1, or 1 − PLC ≤ z σ_PLC).
  package var uninformative: [Int]
  package var warnings: [String]
}
