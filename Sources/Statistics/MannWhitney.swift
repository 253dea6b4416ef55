/// The Mann-Whitney U test (Wilcoxon rank-sum test) of two independent samples, matching
/// `scipy.stats.mannwhitneyu(x, y, alternative=..., method="auto", use_continuity=True)`
/// (SciPy 1.17).
///
/// - Statistic: U1 of `x` against `y`, the number of pairs with `x_i > y_j` plus half the tied
///   pairs (SciPy's `statistic`). U1 + U2 = n·m.
/// - Method (SciPy's `_mwu_choose_method`): exact when either sample has at most 8 values and
///   the pooled sample has no ties; otherwise the normal approximation.
/// - Exact: p = P(U ≥ U′) under the null (times 2 for two-sided, clipped to 1), with U′ = U1
///   (`greater`), U2 (`less`) or max(U1, U2) (two-sided); see `MannWhitneyDistribution`.
/// - Asymptotic: z = (U′ − n·m/2 − ½) / σ with the tie-corrected
///   σ² = n·m/12 · ((N + 1) − Σ(t³ − t)/(N(N − 1))), p = Φ(−z) (times 2 for two-sided).
///   All values tied gives σ = 0 and p = 1, as SciPy.
///
/// Cost: O((n + m) log(n + m)) for the sorts, O(n + m) for ranks and ties by merging; the exact
/// branch adds O(min(n,m)² · max(n,m)). Empty samples and NaN/±infinity are rejected with
/// `StatisticsError` (SciPy would return NaN).
public enum MannWhitney {
  /// How the p-value was obtained.
  public enum Method: String, Sendable {
    /// Exact null distribution of U (no ties, a sample of ≤ 8 values).
    case exact
    /// Normal approximation with tie and continuity corrections.
    case asymptotic
  }

  /// SciPy's `method="auto"` choice: exact iff `min(n1, n2) ≤ 8` and there are no ties.
  public static func method(n1: Int, n2: Int, hasTies: Bool) -> Method {
    if n1 > 8 && n2 > 8 { return .asymptotic }
    return hasTies ? .asymptotic : .exact
  }

  /// U1 of `x` against `y` and the p-value for `alternative`; see the type's documentation.
  /// Throws if a sample is empty or holds NaN or ±infinity.
  public static func test(
    _ x: [Double], _ y: [Double], alternative: Alternative = .twoSided
  ) throws -> TestResult {
    try Validation.sample(x, name: "x")
    try Validation.sample(y, name: "y")
    return sortedTest(x.sorted(), y.sorted(), alternative: alternative)
  }

  /// The U1 statistic alone (pairs with x > y plus half the ties).
  public static func uStatistic(_ x: [Double], _ y: [Double]) throws -> Double {
    try Validation.sample(x, name: "x")
    try Validation.sample(y, name: "y")
    return RankSummary(sortedX: x.sorted(), sortedY: y.sorted()).u1
  }

  /// The test on already sorted, validated samples.
  static func sortedTest(_ x: [Double], _ y: [Double], alternative: Alternative) -> TestResult {
    let n1 = x.count
    let n2 = y.count
    let ranks = RankSummary(sortedX: x, sortedY: y)
    let u1 = ranks.u1
    let u2 = Double(n1) * Double(n2) - u1
    let u: Double
    let factor: Double
    switch alternative {
    case .greater: (u, factor) = (u1, 1)
    case .less: (u, factor) = (u2, 1)
    case .twoSided: (u, factor) = (Swift.max(u1, u2), 2)
    }
    let p: Double
    switch method(n1: n1, n2: n2, hasTies: ranks.hasTies) {
    case .exact:
      p = MannWhitneyDistribution.sf(Int(u), n1, n2)
    case .asymptotic:
      let z = zScore(u: u, n1: n1, n2: n2, tieTerm: ranks.tieTerm)
      p = Normal.cdf(-z)
    }
    return TestResult(statistic: u1, pValue: p * factor)
  }

  /// SciPy's `_get_mwu_z` with continuity correction, evaluated in the same order.
  static func zScore(u: Double, n1: Int, n2: Int, tieTerm: Double) -> Double {
    let mu = Double(n1) * Double(n2) / 2
    let n = Double(n1 + n2)
    let s = (Double(n1) * Double(n2) / 12 * ((n + 1) - tieTerm / (n * (n - 1)))).squareRoot()
    let numerator = u - mu - 0.5
    return numerator / s
  }
}
