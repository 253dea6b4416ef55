/// Non-inferiority of a canary's Poisson rate λ₁ against the baseline's λ₀: H0 says the canary
/// is worse than the margin allows, so rejecting H0 (a small p) means "no worse than the
/// margin". The tolerance of VERDICT.md §4 has both forms: a ratio for rates well above zero and
/// an absolute floor, since a ratio means nothing at a zero baseline.
public enum PoissonNonInferiority {
  /// H0: λ₁/λ₀ ≥ `margin` against H1: λ₁/λ₀ < `margin`, by the exact conditional test
  /// (`PoissonRateRatio` with R₀ = margin, alternative `less`): p = P(Bin(M, π₀) ≤ x₁),
  /// π₀ = margin·n₁/(margin·n₁ + n₀). The interval is the one-sided upper bound on R.
  /// Reference: statsmodels `test_poisson_2indep(x₁, n₁, x₀, n₀, value=margin,
  /// method="exact-cond", alternative="smaller")`, the upper half of `tost_poisson_2indep`.
  /// M = 0 gives p = 1 (no evidence). Throws as `PoissonRateRatio.test`.
  public static func ratio(
    canaryEvents x1: Int, canaryExposure n1: Double, baselineEvents x0: Int,
    baselineExposure n0: Double, margin: Double, confidence: Double = 0.95
  ) throws -> PoissonRateRatio.Result {
    try PoissonRateRatio.test(
      canaryEvents: x1, canaryExposure: n1, baselineEvents: x0, baselineExposure: n0,
      nullRatio: margin, alternative: .less, confidence: confidence)
  }

  /// H0: λ₁ − λ₀ ≥ `margin` (events per unit of exposure, > 0) against H1: λ₁ − λ₀ < margin,
  /// by the score test with the rates re-estimated under the constraint λ₁ − λ₀ = margin
  /// (Miettinen & Nurminen 1985), statsmodels `test_poisson_2indep(x₁, n₁, x₀, n₀,
  /// value=margin, method="score", compare="diff", alternative="smaller")`:
  /// z = (x₁/n₁ − x₀/n₀ − δ)/√(λ̃₁/n₁ + λ̃₀/n₀), λ̃₀ = ½(d + √(d² + 4δx₀/(n₁ + n₀))),
  /// d = (x₁ + x₀)/(n₁ + n₀) − δ, λ̃₁ = λ̃₀ + δ; p = Φ(z). There is no exact conditional test
  /// for a difference (the baseline rate is a nuisance parameter); with a positive margin the
  /// constrained variance is positive even at zero counts. Throws for negative counts,
  /// exposures or a margin that are not finite and > 0.
  public static func difference(
    canaryEvents x1: Int, canaryExposure n1: Double, baselineEvents x0: Int,
    baselineExposure n0: Double, margin delta: Double
  ) throws -> TestResult {
    try PoissonRateRatio.validate(events: x1, exposure: n1, name: "canary")
    try PoissonRateRatio.validate(events: x0, exposure: n0, name: "baseline")
    try Validation.positive(delta, name: "margin")
    let total = n1 + n0
    let d = Double(x1 + x0) / total - delta
    let baselineRate = 0.5 * (d + (d * d + 4 * delta * Double(x0) / total).squareRoot())
    let canaryRate = baselineRate + delta
    let z =
      (Double(x1) / n1 - Double(x0) / n0 - delta)
      / (canaryRate / n1 + baselineRate / n0).squareRoot()
    return TestResult(statistic: z, pValue: Normal.cdf(z))
  }
}
