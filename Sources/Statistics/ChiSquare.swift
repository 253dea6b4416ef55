/// The chi-square distribution with `df` degrees of freedom: CDF P(df/2, x/2) and survival
/// Q(df/2, x/2) via `Gamma` (SciPy `stats.chi2.cdf`/`sf`).
public enum ChiSquare {
  /// P(X ≤ x). x ≤ 0 gives 0. Throws unless df > 0 and x is not NaN.
  public static func cdf(_ x: Double, degreesOfFreedom df: Double) throws -> Double {
    try Validation.positive(df, name: "degreesOfFreedom")
    try Validation.notNaN(x, name: "x")
    return Gamma.pair(a: df / 2, x: max(0, x) / 2).lower
  }

  /// P(X > x), accurate in the upper tail.
  public static func sf(_ x: Double, degreesOfFreedom df: Double) throws -> Double {
    try Validation.positive(df, name: "degreesOfFreedom")
    try Validation.notNaN(x, name: "x")
    return Gamma.pair(a: df / 2, x: max(0, x) / 2).upper
  }
}
