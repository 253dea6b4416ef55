/// Welch's unequal-variances t-test (Welch 1947), SciPy
/// `scipy.stats.ttest_ind(x, y, equal_var=False, alternative=...)`.
///
/// t = (x̄ − ȳ) / √(s²ₓ/n + s²ᵧ/m) with Welch-Satterthwaite degrees of freedom
/// ν = (s²ₓ/n + s²ᵧ/m)² / ((s²ₓ/n)²/(n − 1) + (s²ᵧ/m)²/(m − 1)); p from Student's t with ν.
/// Means and variances use compensated sums and the corrected two-pass algorithm on data
/// rescaled by one common power of two into [−2, 2] and shifted by a common pivot (t and ν are
/// invariant under both), so 1e300-sized values and values differing only in their last bits
/// give accurate results where SciPy's plain `var` overflows or cancels.
///
/// Throws `tooFewObservations` for fewer than 2 values in a sample, `nonFiniteValue` for
/// NaN/±infinity, and `undefined` when both variances are zero (SciPy returns NaN there).
public enum WelchT {
  /// The test; see the type's documentation.
  public static func test(
    _ x: [Double], _ y: [Double], alternative: Alternative = .twoSided
  ) throws -> TTestResult {
    try Validation.sample(x, name: "x", minimum: 2)
    try Validation.sample(y, name: "y", minimum: 2)
    var maxAbs = 0.0
    for v in x { maxAbs = max(maxAbs, abs(v)) }
    for v in y { maxAbs = max(maxAbs, abs(v)) }
    let scale = PowerOfTwoScale(normalizing: maxAbs)
    let pivot = x[0] * scale.down
    let mx = Descriptive.scaledMoments(x, scale: scale.down, pivot: pivot)
    let my = Descriptive.scaledMoments(y, scale: scale.down, pivot: pivot)
    let n = Double(x.count)
    let m = Double(y.count)
    let vx = mx.variance / n
    let vy = my.variance / m
    let standardError = (vx + vy).squareRoot()
    guard standardError > 0 else {
      throw StatisticsError.undefined(reason: "both samples have zero variance")
    }
    let t = (mx.mean - my.mean) / standardError
    let df = (vx + vy) * (vx + vy) / (vx * vx / (n - 1) + vy * vy / (m - 1))
    let p: Double
    switch alternative {
    case .twoSided: p = 2 * StudentT.upperTail(abs(t), df)
    case .greater: p = t > 0 ? StudentT.upperTail(t, df) : 1 - StudentT.upperTail(-t, df)
    case .less: p = t < 0 ? StudentT.upperTail(-t, df) : 1 - StudentT.upperTail(t, df)
    }
    return TTestResult(statistic: t, pValue: min(max(p, 0), 1), degreesOfFreedom: df)
  }
}
