/// The Brunner-Munzel test of stochastic equality P(X < Y) + ½P(X = Y) = ½ (Brunner & Munzel
/// 2000), SciPy `scipy.stats.brunnermunzel(x, y, alternative=..., distribution="t")`.
///
/// With placements Pₓ(i) = #{y < xᵢ} + ½#{y = xᵢ} (the combined rank minus the within-sample
/// rank, as SciPy forms it), Sₓ = Σ(Pₓ(i) − P̄ₓ)²/(n − 1) and likewise Sᵧ,
/// W = n·m·(R̄ᵧ − R̄ₓ) / ((n + m)·√(n·Sₓ + m·Sᵧ)) where R̄ are mean combined ranks, and the
/// p-value uses Student's t with ν = (n·Sₓ + m·Sᵧ)² / ((n·Sₓ)²/(n − 1) + (m·Sᵧ)²/(m − 1)),
/// evaluated at −W as SciPy does (`two-sided`: 2·P(T > |W|); `greater`: P(T > −W);
/// `less`: P(T < −W)). Ranks come from merging the sorted samples (O(n log n)).
///
/// Throws `tooFewObservations` below 2 values per sample, `nonFiniteValue` for NaN/±infinity,
/// and `undefined` when n·Sₓ + m·Sᵧ = 0 — all values tied, or the samples completely
/// separated without ties — where SciPy returns NaN.
public enum BrunnerMunzel {
  /// The test; `statistic` is SciPy's W.
  public static func test(
    _ x: [Double], _ y: [Double], alternative: Alternative = .twoSided
  ) throws -> TestResult {
    try Validation.sample(x, name: "x", minimum: 2)
    try Validation.sample(y, name: "y", minimum: 2)
    let sx = x.sorted()
    let sy = y.sorted()
    let px = placements(of: sx, among: sy)
    let py = placements(of: sy, among: sx)
    let n = Double(sx.count)
    let m = Double(sy.count)
    let meanX = px.reduce(0, +) / n
    let meanY = py.reduce(0, +) / m
    let varianceX = px.reduce(0) { $0 + ($1 - meanX) * ($1 - meanX) } / (n - 1)
    let varianceY = py.reduce(0) { $0 + ($1 - meanY) * ($1 - meanY) } / (m - 1)
    let pooled = n * varianceX + m * varianceY
    guard pooled > 0 else {
      throw StatisticsError.undefined(
        reason: "Brunner-Munzel variance is zero (all values tied or samples separated)")
    }
    // Mean combined ranks: within-sample mean rank (count + 1)/2 plus mean placement.
    let rankMeanX = (n + 1) / 2 + meanX
    let rankMeanY = (m + 1) / 2 + meanY
    let w = n * m * (rankMeanY - rankMeanX) / ((n + m) * pooled.squareRoot())
    let df =
      pooled * pooled
      / ((n * varianceX) * (n * varianceX) / (n - 1)
        + (m * varianceY) * (m * varianceY) / (m - 1))
    let p: Double
    switch alternative {
    case .twoSided: p = 2 * StudentT.upperTail(abs(w), df)
    case .greater: p = -w > 0 ? StudentT.upperTail(-w, df) : 1 - StudentT.upperTail(w, df)
    case .less: p = -w < 0 ? StudentT.upperTail(w, df) : 1 - StudentT.upperTail(-w, df)
    }
    return TestResult(statistic: w, pValue: p)
  }

  /// For each value of sorted `a`: #{b < a} + ½·#{b = a}, with `b` sorted.
  static func placements(of a: [Double], among b: [Double]) -> [Double] {
    var below = 0
    var result = [Double]()
    result.reserveCapacity(a.count)
    for value in a {
      while below < b.count && b[below] < value { below += 1 }
      var equal = below
      while equal < b.count && b[equal] == value { equal += 1 }
      result.append(Double(below) + 0.5 * Double(equal - below))
    }
    return result
  }
}
