/// The exact conditional test of a common rate ratio across strata of count data, and the
/// interval obtained by inverting it.
///
/// Given M_k = a_k + b_k, the canary's events a_k ~ Binomial(M_k, π_k(R)) independently, with
/// π_k(R) = R·T1_k/(R·T1_k + T0_k). The statistic S = Σ a_k then has the convolution of the
/// per-stratum binomials as its null distribution (Gart 1970; Breslow & Day vol. II §3.3):
/// - `greater`: P(S ≥ s); `less`: P(S ≤ s); two-sided: the probability of every total no more
///   likely than s (relative tolerance 1e-7), which for one stratum is exactly
///   `scipy.stats.binomtest`'s two-sided p.
/// - Interval: for `twoSided`, [L, U] with P_L(S ≥ s) = α/2 and P_U(S ≤ s) = α/2; one-sided
///   bounds at α for `greater` (U = ∞) and `less` (L = 0); L = 0 when s = 0 and U = ∞ when
///   s = ΣM_k. Found by bisection on log R to 1e-12 relative.
/// Reference: the explicit convolution of `scipy.stats.binom.pmf` (and `binomtest` for one
/// stratum), roots by `scipy.optimize.brentq`. Strata without events are skipped; no events at
/// all gives p = 1 and [0, ∞). Cost: O(ΣM_k · max M_k) per distribution, about 90
/// distributions for an interval. Throws as `RateStratum.validate`, for R₀ not finite and > 0
/// or a confidence outside (0, 1).
public enum StratifiedExactRateTest {
  /// The observed total, its p-value and the interval for the common ratio.
  public struct Result: Sendable, Equatable {
    /// s = Σ a_k, the canary's events.
    public var canaryEvents: Int
    /// The p-value for the alternative.
    public var pValue: Double
    /// The interval for R (low may be 0, high +∞).
    public var interval: ConfidenceInterval
  }

  /// The test and interval; see the type's documentation.
  public static func test(
    _ strata: [RateStratum], nullRatio: Double = 1, alternative: Alternative = .twoSided,
    confidence: Double = 0.95
  ) throws -> Result {
    try RateStratum.validate(strata)
    try Validation.positive(nullRatio, name: "nullRatio")
    try ClopperPearson.validateConfidence(confidence)
    let used = strata.filter { $0.events > 0 }
    let s = used.reduce(0) { $0 + $1.canaryEvents }
    let total = used.reduce(0) { $0 + $1.events }
    if total == 0 {
      return Result(
        canaryEvents: 0, pValue: 1,
        interval: ConfidenceInterval(low: 0, high: .infinity, confidence: confidence))
    }
    let pmf = distribution(used, ratio: nullRatio)
    let p: Double
    switch alternative {
    case .greater: p = upperTail(pmf, s)
    case .less: p = lowerTail(pmf, s)
    case .twoSided:
      let threshold = pmf[s] * (1 + 1e-7)
      var sum = CompensatedSum()
      for value in pmf where value <= threshold { sum.add(value) }
      p = sum.value
    }
    let alpha = alternative == .twoSided ? (1 - confidence) / 2 : 1 - confidence
    var low = 0.0
    var high = Double.infinity
    if s > 0 && alternative != .less {
      low = root(rising: true, alpha) { upperTail(distribution(used, ratio: $0), s) }
    }
    if s < total && alternative != .greater {
      high = root(rising: false, alpha) { lowerTail(distribution(used, ratio: $0), s) }
    }
    return Result(
      canaryEvents: s, pValue: min(max(p, 0), 1),
      interval: ConfidenceInterval(low: low, high: high, confidence: confidence))
  }

  /// The null distribution of S = Σ a_k at common ratio R (index = total).
  static func distribution(_ strata: [RateStratum], ratio: Double) -> [Double] {
    var pmf = [1.0]
    for stratum in strata {
      let m = stratum.events
      let scale = ratio * stratum.canaryExposure + stratum.baselineExposure
      let p = ratio * stratum.canaryExposure / scale
      let q = stratum.baselineExposure / scale
      let own = (0...m).map { Binomial.probability($0, m, p, q) }
      var next = [Double](repeating: 0, count: pmf.count + m)
      for (i, left) in pmf.enumerated() where left > 0 {
        for (j, right) in own.enumerated() { next[i + j] += left * right }
      }
      pmf = next
    }
    return pmf
  }

  static func upperTail(_ pmf: [Double], _ s: Int) -> Double {
    var sum = CompensatedSum()
    for value in pmf[s...].reversed() { sum.add(value) }
    return Swift.min(1, sum.value)
  }

  static func lowerTail(_ pmf: [Double], _ s: Int) -> Double {
    var sum = CompensatedSum()
    for value in pmf[...s] { sum.add(value) }
    return Swift.min(1, sum.value)
  }

  /// R with tail(R) = alpha, for a tail probability monotone in R (`rising` or falling).
  static func root(rising: Bool, _ alpha: Double, _ tail: (Double) -> Double) -> Double {
    // h(u) = tail(e^u) − α, oriented to rise with u.
    func h(_ u: Double) -> Double { (tail(LibM.exp(u)) - alpha) * (rising ? 1 : -1) }
    // Ratios beyond e^±600 (1e±260) are clamped: R·T1 must stay finite.
    var lo = -1.0
    var hi = 1.0
    while h(lo) > 0 && lo > -600 { lo = Swift.max(2 * lo, -600) }
    while h(hi) < 0 && hi < 600 { hi = Swift.min(2 * hi, 600) }
    for _ in 0..<200 where hi - lo > 1e-13 * Swift.max(1, abs(lo) + abs(hi)) {
      let mid = 0.5 * (lo + hi)
      if h(mid) < 0 { lo = mid } else { hi = mid }
    }
    return LibM.exp(0.5 * (lo + hi))
  }
}
