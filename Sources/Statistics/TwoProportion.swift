/// Comparison of two binomial proportions k₁/n₁ and k₂/n₂.
///
/// - Test: the pooled two-proportion z-test (statsmodels `proportions_ztest` with its default
///   pooled variance; equal to the square root of the 2×2 chi-square test without continuity
///   correction): z = (p̂₁ − p̂₂)/√(p̂(1 − p̂)(1/n₁ + 1/n₂)), p̂ = (k₁ + k₂)/(n₁ + n₂).
///   When p̂ is 0 or 1 (no variance) the result is z = 0, p = 1 (no evidence of a difference).
/// - Interval for p₁ − p₂: Newcombe's hybrid score interval (Newcombe 1998, method 10) built
///   from the Wilson score intervals of each proportion (SciPy
///   `binomtest(k, n).proportion_ci(method="wilson")`).
public enum TwoProportion {
  /// Test statistic, p-value, observed difference and its interval.
  public struct Result: Sendable, Equatable {
    /// The z statistic.
    public var statistic: Double
    /// p-value for the chosen alternative.
    public var pValue: Double
    /// p̂₁ − p̂₂.
    public var difference: Double
    /// Newcombe interval for p₁ − p₂.
    public var interval: ConfidenceInterval
  }

  /// The test and interval. Throws unless 0 ≤ kᵢ ≤ nᵢ, nᵢ ≥ 1, 0 < confidence < 1.
  public static func test(
    successes1 k1: Int, trials1 n1: Int, successes2 k2: Int, trials2 n2: Int,
    confidence: Double = 0.95, alternative: Alternative = .twoSided
  ) throws -> Result {
    for (name, k, n) in [("successes1", k1, n1), ("successes2", k2, n2)]
    where n < 1 || k < 0 || k > n {
      throw StatisticsError.invalidArgument(
        name: name, value: Double(k), requirement: "need 0 ≤ successes ≤ trials, trials ≥ 1")
    }
    guard confidence > 0, confidence < 1 else {
      throw StatisticsError.invalidArgument(
        name: "confidence", value: confidence, requirement: "must be in (0, 1)")
    }
    let p1 = Double(k1) / Double(n1)
    let p2 = Double(k2) / Double(n2)
    let pooled = Double(k1 + k2) / Double(n1 + n2)
    let variance = pooled * (1 - pooled) * (1 / Double(n1) + 1 / Double(n2))
    var z = 0.0
    var p = 1.0
    if variance > 0 {
      z = (p1 - p2) / variance.squareRoot()
      switch alternative {
      case .twoSided: p = 2 * Normal.sf(abs(z))
      case .greater: p = Normal.sf(z)
      case .less: p = Normal.cdf(z)
      }
    }
    let critical = Normal.ppnd16(1 - (1 - confidence) / 2)
    let w1 = wilson(k1, n1, critical)
    let w2 = wilson(k2, n2, critical)
    let d = p1 - p2
    let low = d - ((p1 - w1.low) * (p1 - w1.low) + (w2.high - p2) * (w2.high - p2)).squareRoot()
    let high = d + ((w1.high - p1) * (w1.high - p1) + (p2 - w2.low) * (p2 - w2.low)).squareRoot()
    return Result(
      statistic: z, pValue: min(max(p, 0), 1), difference: d,
      interval: ConfidenceInterval(low: low, high: high, confidence: confidence))
  }

  /// Wilson score interval for k/n with critical value z (Wilson 1927).
  static func wilson(_ k: Int, _ n: Int, _ z: Double) -> (low: Double, high: Double) {
    let nd = Double(n)
    let p = Double(k) / nd
    let z2 = z * z
    let center = (p + z2 / (2 * nd)) / (1 + z2 / nd)
    let half = z / (1 + z2 / nd) * (p * (1 - p) / nd + z2 / (4 * nd * nd)).squareRoot()
    return (max(0, center - half), min(1, center + half))
  }
}
