/// The Hodges-Lehmann estimate of the location shift between two samples and its confidence
/// interval obtained by inverting the Mann-Whitney test (Hodges & Lehmann 1963; Moses 1965;
/// Bauer 1972), as R's `wilcox.test(x, y, conf.int = TRUE, correct = TRUE)` builds it.
///
/// Differences are `x_i − y_j` in floating point (x is the canary). No n·m array is built:
/// order statistics of the differences are selected from the sorted samples
/// (`PairwiseDifferences`), so 100,000 against 100,000 values take O((n + m) log) time and
/// O(n + m) memory. Empty samples and NaN/±infinity are rejected with `StatisticsError`.
/// Differences of values beyond ±9e307 may overflow to ±infinity.
public enum HodgesLehmann {
  /// Estimate, interval and the method the interval used.
  public struct Estimate: Sendable, Equatable {
    /// Median of all n·m differences `x_i − y_j` (the Hodges-Lehmann shift).
    public var shift: Double
    /// The (1 − alpha) interval for the shift.
    public var interval: ConfidenceInterval
    /// `exact` for Moses' order-statistic interval, `asymptotic` for the normal approximation.
    public var method: MannWhitney.Method
  }

  /// Median of all pairwise differences `x_i − y_j` (mean of the two middle ones when n·m is
  /// even). This is always the median, also in the asymptotic case (R's asymptotic branch
  /// instead reports a `uniroot` solution of the standardized statistic = 0; the two agree up
  /// to R's tolerance of 1e-4 and the step structure).
  public static func shift(_ x: [Double], _ y: [Double]) throws -> Double {
    try Validation.sample(x, name: "x")
    try Validation.sample(y, name: "y")
    return PairwiseDifferences(sortedX: x.sorted(), sortedY: y.sorted()).median()
  }

  /// The two-sided `confidence` interval for the shift; see `estimate(_:_:confidence:)`.
  public static func interval(
    _ x: [Double], _ y: [Double], confidence: Double = 0.95
  ) throws -> ConfidenceInterval {
    try estimate(x, y, confidence: confidence).interval
  }

  /// Shift and two-sided interval by inverting the Mann-Whitney test.
  ///
  /// The method follows `MannWhitney.method` (SciPy's `auto` rule, so that interval and test
  /// agree; R instead uses exact when both samples have fewer than 50 values and no ties):
  ///
  /// - Exact (a sample of ≤ 8 values, no ties): Moses' interval
  ///   `[d_(k), d_(nm − k + 1)]` of the sorted differences, with k the smallest q such that
  ///   P(U ≤ q) ≥ α/2 − 10ε (R's `qwilcox(α/2, n, m)` with its fuzz), and k = 1 if that q is 0.
  /// - Asymptotic: R solves `(U(d) − nm/2 − sign·½)/σ = ±z_{α/2}` for the shift d with
  ///   `uniroot` (tolerance 1e-4), where U(d) is the statistic of `x − d` against `y`
  ///   and σ its tie-corrected deviation. Between consecutive differences that function is
  ///   constant (σ then only has the within-sample ties), so its root is exactly a difference:
  ///   the lower end is `d_(kL)` with `kL = ⌈nm/2 − ½ − z·σ⌉`, the upper end `d_(kU)` with
  ///   `kU = ⌈nm/2 + ½ + z·σ⌉`, both clamped to 1...nm (R's `mumin`/`mumax` fallbacks), where
  ///   z = Φ⁻¹(1 − α/2). We return these exact step locations instead of R's approximate root.
  ///
  /// `confidence` must be strictly between 0 and 1.
  public static func estimate(
    _ x: [Double], _ y: [Double], confidence: Double = 0.95
  ) throws -> Estimate {
    try Validation.sample(x, name: "x")
    try Validation.sample(y, name: "y")
    guard confidence > 0, confidence < 1 else {
      throw StatisticsError.invalidArgument(
        name: "confidence", value: confidence, requirement: "must be in (0, 1)")
    }
    let sx = x.sorted()
    let sy = y.sorted()
    let differences = PairwiseDifferences(sortedX: sx, sortedY: sy)
    let n = sx.count
    let m = sy.count
    let nm = n * m
    let alpha = 1 - confidence
    let ranks = RankSummary(sortedX: sx, sortedY: sy)
    let method = MannWhitney.method(n1: n, n2: m, hasTies: ranks.hasTies)
    let lowRank: Int
    let highRank: Int
    switch method {
    case .exact:
      let distribution = MannWhitneyDistribution(n, m, maxU: nm / 2 + 1)
      let target = alpha / 2 - 10 * Double.ulpOfOne
      var q = 0
      while q < nm / 2 + 1 && distribution.cdf(q) < target { q += 1 }
      let k = Swift.max(q, 1)
      lowRank = k
      highRank = nm - k + 1
    case .asymptotic:
      let z = Normal.ppnd16(1 - alpha / 2)
      let total = Double(n + m)
      let within = RankSummary.withinTieTerm(sx) + RankSummary.withinTieTerm(sy)
      let sigma =
        (Double(n) * Double(m) / 12 * ((total + 1) - within / (total * (total - 1))))
        .squareRoot()
      let half = Double(nm) / 2
      lowRank = clampedRank((half - 0.5 - z * sigma).rounded(.up), nm)
      highRank = clampedRank((half + 0.5 + z * sigma).rounded(.up), nm)
    }
    let interval = ConfidenceInterval(
      low: differences.orderStatistic(Swift.min(lowRank, highRank)),
      high: differences.orderStatistic(Swift.max(lowRank, highRank)),
      confidence: confidence)
    return Estimate(shift: differences.median(), interval: interval, method: method)
  }

  private static func clampedRank(_ rank: Double, _ nm: Int) -> Int {
    if rank <= 1 { return 1 }
    if rank >= Double(nm) { return nm }
    return Int(rank)
  }
}
