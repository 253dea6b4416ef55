/// Overdispersion of counts relative to a Poisson model with one common rate, estimated from the
/// baseline's variation between strata (VERDICT.md §4): pods and minutes vary more than Poisson,
/// and a test that ignores it rejects healthy canaries too often.
///
/// With baseline counts b_k in exposures T0_k (k = 1…K), the pooled rate λ̂ = Σb_k/ΣT0_k gives
/// the expected counts e_k = λ̂·T0_k and Pearson's statistic X² = Σ(b_k − e_k)²/e_k on K − 1
/// degrees of freedom; φ = max(1, X²/(K − 1)) (McCullagh & Nelder 1989, §4.5.2: the
/// moment estimator of the scale). Reference: statsmodels `GLM(b, ones, family=Poisson(),
/// offset=log T0).fit()`, `pearson_chi2 / df_resid`. Multiply a variance by φ
/// (`MantelHaenszelRateRatio.Result.widened(by:)`), i.e. a standard error by √φ.
/// With no events at all every residual is 0/0, taken as 0: X² = 0 and φ = 1 (no evidence of
/// overdispersion). Throws for fewer than two strata, a negative count, an exposure that is
/// not finite and > 0, or counts and exposures of different lengths.
public enum Dispersion {
  /// Pearson's statistic, its degrees of freedom, the ratio and φ.
  public struct Estimate: Sendable, Equatable {
    /// X² = Σ(b_k − e_k)²/e_k.
    public var chiSquare: Double
    /// K − 1.
    public var degreesOfFreedom: Int
    /// X²/(K − 1), which may be below 1 (underdispersion).
    public var ratio: Double
    /// φ = max(1, ratio): the factor applied to variances.
    public var phi: Double
  }

  /// The estimate from per-stratum counts and exposures; see the type's documentation.
  public static func pearson(counts: [Int], exposures: [Double]) throws -> Estimate {
    guard counts.count == exposures.count else {
      throw StatisticsError.invalidArgument(
        name: "exposures", value: Double(exposures.count),
        requirement: "need one exposure per count (\(counts.count))")
    }
    if counts.count < 2 {
      throw StatisticsError.tooFewObservations(sample: "strata", count: counts.count, needed: 2)
    }
    for (count, exposure) in zip(counts, exposures) {
      try PoissonRateRatio.validate(events: count, exposure: exposure, name: "stratum")
    }
    var events = CompensatedSum()
    var exposure = CompensatedSum()
    for (count, t) in zip(counts, exposures) {
      events.add(Double(count))
      exposure.add(t)
    }
    let df = counts.count - 1
    guard events.value > 0 else {
      return Estimate(chiSquare: 0, degreesOfFreedom: df, ratio: 0, phi: 1)
    }
    let rate = events.value / exposure.value
    var chiSquare = CompensatedSum()
    for (count, t) in zip(counts, exposures) {
      let expected = rate * t
      let residual = Double(count) - expected
      chiSquare.add(residual * residual / expected)
    }
    let ratio = chiSquare.value / Double(df)
    return Estimate(
      chiSquare: chiSquare.value, degreesOfFreedom: df, ratio: ratio, phi: Swift.max(1, ratio))
  }
}
