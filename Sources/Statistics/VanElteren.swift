/// Van Elteren's stratified Wilcoxon-Mann-Whitney test (van Elteren 1960), on bucket counts:
/// each stratum (e.g. one workload) is ranked on its own and the strata are combined with the
/// locally most powerful weights w_k = 1/(N_k + 1), N_k = n₁_k + n₀_k.
///
/// Z = Σ w_k (U_k − n₁_k n₀_k/2) / √(Σ w_k² Var U_k), U_k the canary's U in stratum k and
/// Var U_k its tie-corrected null variance (`BucketMannWhitney`); no continuity correction.
/// `greater`: P(N(0,1) ≥ Z); `less`: P(N(0,1) ≤ Z); two-sided: 2·P(N(0,1) ≥ |Z|).
/// Reference: per stratum `scipy.stats.rankdata` on the expanded values (U_k = R₁ −
/// n₁(n₁ + 1)/2, checked against `mannwhitneyu`), combined in NumPy. Strata where a side has no
/// observations carry no information and are skipped; when every remaining stratum is tied
/// (Σ w² Var U = 0) Z = 0 and p = 1. Throws for no strata with both sides present, or for
/// invalid buckets (see `BucketMannWhitney`).
public enum VanElteren {
  /// One stratum: the canary's and the baseline's bucket counts over the same buckets.
  public struct Stratum: Sendable, Equatable {
    /// Canary counts per bucket.
    public var canary: [Int]
    /// Baseline counts per bucket.
    public var baseline: [Int]

    /// A stratum.
    public init(canary: [Int], baseline: [Int]) {
      self.canary = canary
      self.baseline = baseline
    }
  }

  /// The test; see the type's documentation.
  public static func test(_ strata: [Stratum], alternative: Alternative = .twoSided) throws
    -> TestResult
  {
    var numerator = CompensatedSum()
    var variance = CompensatedSum()
    var used = 0
    for stratum in strata {
      try BucketRankSummary.validate(canary: stratum.canary, baseline: stratum.baseline)
      guard stratum.canary.contains(where: { $0 > 0 }),
        stratum.baseline.contains(where: { $0 > 0 })
      else { continue }
      let summary = try BucketRankSummary(canary: stratum.canary, baseline: stratum.baseline)
      let n = Double(summary.canaryCount + summary.baselineCount)
      let weight = 1 / (n + 1)
      let expected = Double(summary.canaryCount) * Double(summary.baselineCount) / 2
      numerator.add(weight * (summary.u - expected))
      variance.add(weight * weight * summary.variance)
      used += 1
    }
    if used == 0 {
      throw StatisticsError.tooFewObservations(
        sample: "strata with both sides", count: 0, needed: 1)
    }
    guard variance.value > 0 else { return TestResult(statistic: 0, pValue: 1) }
    let z = numerator.value / variance.value.squareRoot()
    switch alternative {
    case .greater: return TestResult(statistic: z, pValue: Normal.sf(z))
    case .less: return TestResult(statistic: z, pValue: Normal.cdf(z))
    case .twoSided: return TestResult(statistic: z, pValue: 2 * Normal.sf(abs(z)))
    }
  }
}
