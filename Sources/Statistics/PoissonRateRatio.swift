/// The exact conditional test and interval for the ratio of two Poisson rates,
/// R = (λ₁/λ₀), canary x₁ events in exposure n₁ against baseline x₀ events in n₀.
///
/// Conditional on M = x₀ + x₁, x₁ ~ Binomial(M, π₀) under H0: R = R₀, with
/// π₀ = R₀n₁/(R₀n₁ + n₀) (Przyborowski & Wilenski 1940). Reference: statsmodels
/// `test_poisson_2indep(x₁, n₁, x₀, n₀, value=R₀, method="exact-cond", compare="ratio")` and
/// `scipy.stats.binomtest(x₁, M, π₀)`:
/// - `greater` (H1: R > R₀): P(X ≥ x₁); `less`: P(X ≤ x₁); two-sided: SciPy `binomtest`'s
///   definition, the probability of every outcome no more likely than x₁ (relative tolerance
///   1e-7), not twice the smaller tail.
/// - Interval: the Clopper-Pearson interval on π (`ClopperPearson`) mapped to
///   R = π·n₀/((1 − π)·n₁); two-sided for `twoSided`, the lower bound (upper = +∞) for
///   `greater`, the upper bound (lower = 0) for `less`.
/// - Zeros are exact: x₀ = 0 < x₁ gives ratio +∞, a finite lower bound and upper bound +∞
///   (5 in 10,000 against 0 in 100,000: p = (1/11)⁵ = 6.2e-6, two-sided 95% interval
///   [9.16, ∞)). M = 0 carries no information: p = 1, ratio `nil`, interval [0, ∞).
/// Throws for negative counts, exposures that are not finite and > 0, R₀ not finite and > 0,
/// or confidence outside (0, 1).
public enum PoissonRateRatio {
  /// Estimate, p-value and interval.
  public struct Result: Sendable, Equatable {
    /// (x₁/n₁)/(x₀/n₀); +∞ when x₀ = 0 < x₁; `nil` when x₀ = x₁ = 0.
    public var ratio: Double?
    /// The p-value for the alternative.
    public var pValue: Double
    /// π₀, the canary's share of the events expected under H0.
    public var nullShare: Double
    /// The interval on R (low may be 0, high may be +∞).
    public var interval: ConfidenceInterval
  }

  /// The test; see the type's documentation.
  public static func test(
    canaryEvents x1: Int, canaryExposure n1: Double, baselineEvents x0: Int,
    baselineExposure n0: Double, nullRatio r0: Double = 1, alternative: Alternative = .twoSided,
    confidence: Double = 0.95
  ) throws -> Result {
    try validate(events: x1, exposure: n1, name: "canary")
    try validate(events: x0, exposure: n0, name: "baseline")
    try Validation.positive(r0, name: "nullRatio")
    try ClopperPearson.validateConfidence(confidence)
    let m = x0 + x1
    let share = r0 * n1 / (r0 * n1 + n0)
    let complement = n0 / (r0 * n1 + n0)
    let ratio: Double? =
      m == 0 ? nil : (x0 == 0 ? .infinity : (Double(x1) / n1) / (Double(x0) / n0))
    if m == 0 {
      return Result(
        ratio: nil, pValue: 1, nullShare: share,
        interval: ConfidenceInterval(low: 0, high: .infinity, confidence: confidence))
    }
    let p = Binomial.pValue(x1, m, share, complement, alternative)
    let (low, high) = ClopperPearson.bounds(x1, m, confidence, alternative)
    return Result(
      ratio: ratio, pValue: min(max(p, 0), 1), nullShare: share,
      interval: ConfidenceInterval(
        low: mappedRatio(low, n1, n0), high: mappedRatio(high, n1, n0), confidence: confidence))
  }

  /// R = π·n₀/((1 − π)·n₁) from a share and its exact complement.
  static func mappedRatio(_ share: ClopperPearson.Bound, _ n1: Double, _ n0: Double) -> Double {
    if share.value <= 0 { return 0 }
    if share.complement <= 0 { return .infinity }
    return (share.value / share.complement) * (n0 / n1)
  }

  static func validate(events: Int, exposure: Double, name: String) throws {
    guard events >= 0 else {
      throw StatisticsError.invalidArgument(
        name: "\(name)Events", value: Double(events), requirement: "must be ≥ 0")
    }
    try Validation.positive(exposure, name: "\(name)Exposure")
  }
}
