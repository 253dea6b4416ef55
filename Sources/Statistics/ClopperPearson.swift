/// The Clopper-Pearson ("exact") confidence interval for a binomial proportion (Clopper &
/// Pearson 1934), SciPy `binomtest(k, n).proportion_ci(confidence_level, method="exact")`.
///
/// Two-sided: the ends are the beta quantiles Beta(α/2; k, n − k + 1) and
/// Beta(1 − α/2; k + 1, n − k), α = 1 − confidence, with low = 0 at k = 0 and high = 1 at k = n.
/// `greater` gives the one-sided lower bound at level α (high = 1), `less` the upper bound
/// (low = 0), as SciPy's `alternative`. SciPy finds the ends with `brentq` to an absolute 2e-12;
/// here they are beta quantiles to ~1e-13 relative, which matters for tiny proportions.
public enum ClopperPearson {
  /// One end of the interval as the pair (π, 1 − π), each accurate in its own right.
  public struct Bound: Sendable, Equatable {
    /// The proportion π.
    public var value: Double
    /// 1 − π, computed without cancellation.
    public var complement: Double
  }

  /// Lower and upper ends. Throws unless n ≥ 1, 0 ≤ k ≤ n and 0 < confidence < 1.
  public static func interval(
    successes k: Int, trials n: Int, confidence: Double = 0.95,
    alternative: Alternative = .twoSided
  ) throws -> (low: Bound, high: Bound) {
    guard n >= 1, k >= 0, k <= n else {
      throw StatisticsError.invalidArgument(
        name: "successes", value: Double(k), requirement: "need 0 ≤ successes ≤ trials ≥ 1")
    }
    try validateConfidence(confidence)
    return bounds(k, n, confidence, alternative)
  }

  static func validateConfidence(_ confidence: Double) throws {
    guard confidence > 0, confidence < 1 else {
      throw StatisticsError.invalidArgument(
        name: "confidence", value: confidence, requirement: "must be in (0, 1)")
    }
  }

  /// The ends for validated arguments.
  static func bounds(_ k: Int, _ n: Int, _ confidence: Double, _ alternative: Alternative) -> (
    low: Bound, high: Bound
  ) {
    let alpha = alternative == .twoSided ? (1 - confidence) / 2 : 1 - confidence
    var low = Bound(value: 0, complement: 1)
    var high = Bound(value: 1, complement: 0)
    if k > 0 && alternative != .less {
      let root = Beta.inverse(
        a: Double(k), b: Double(n - k + 1), target: alpha, upperTail: false)
      low = Bound(value: root.x, complement: root.y)
    }
    if k < n && alternative != .greater {
      let root = Beta.inverse(
        a: Double(k + 1), b: Double(n - k), target: alpha, upperTail: true)
      high = Bound(value: root.x, complement: root.y)
    }
    return (low, high)
  }
}
