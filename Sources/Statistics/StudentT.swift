/// Student's t distribution with `df` > 0 (possibly fractional) degrees of freedom.
///
/// The CDF uses P(T > |t|) = ½·I_x(df/2, ½) with x = df/(df + t²), computing x and 1 − x
/// separately so neither tail loses precision (Abramowitz & Stegun 26.7.1; SciPy `stdtr`).
/// The quantile is closed-form for df = 1 and 2 and otherwise a safeguarded Newton iteration
/// on log P(T > u) started from the normal quantile (which lies inside the t quantile) with a
/// bisection bracket, converging to about 1e-15 relative. `df = +infinity` is the normal.
public enum StudentT {
  /// P(T ≤ t), SciPy `stats.t.cdf(t, df)`. Throws unless df > 0 and t is not NaN.
  public static func cdf(_ t: Double, degreesOfFreedom df: Double) throws -> Double {
    try validate(df)
    try Validation.notNaN(t, name: "t")
    let tail = upperTail(abs(t), df)
    return t < 0 ? tail : 1 - tail
  }

  /// P(T > t), SciPy `stats.t.sf(t, df)`.
  public static func sf(_ t: Double, degreesOfFreedom df: Double) throws -> Double {
    try validate(df)
    try Validation.notNaN(t, name: "t")
    let tail = upperTail(abs(t), df)
    return t > 0 ? tail : 1 - tail
  }

  /// The p-quantile, SciPy `stats.t.ppf(p, df)`; ±infinity at p = 0, 1.
  public static func quantile(_ p: Double, degreesOfFreedom df: Double) throws -> Double {
    try validate(df)
    try Validation.probability(p, name: "p")
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    if p == 0.5 { return 0 }
    let tail = min(p, 1 - p)
    let u = tailQuantile(tail, df)
    return p < 0.5 ? -u : u
  }

  private static func validate(_ df: Double) throws {
    guard df > 0 else {
      throw StatisticsError.invalidArgument(
        name: "degreesOfFreedom", value: df, requirement: "must be > 0")
    }
  }

  /// P(T > u) for u ≥ 0.
  static func upperTail(_ u: Double, _ df: Double) -> Double {
    if df == .infinity { return Normal.sf(u) }
    if u == 0 { return 0.5 }
    if u == .infinity { return 0 }
    let x: Double
    let y: Double
    if u * u <= df {
      let denominator = df + u * u
      x = df / denominator
      y = u * u / denominator
    } else {
      let s = df.squareRoot() / u
      let r = s * s
      x = r / (1 + r)
      y = 1 / (1 + r)
    }
    return 0.5 * Beta.pair(a: df / 2, b: 0.5, x: x, y: y).lower
  }

  /// Density at u.
  static func density(_ u: Double, _ df: Double) -> Double {
    let logNormalizer =
      LogGamma.logGamma((df + 1) / 2) - LogGamma.logGamma(df / 2)
      - 0.5 * LibM.log(df * Double.pi)
    return LibM.exp(logNormalizer - (df + 1) / 2 * LibM.log1p(u * u / df))
  }

  /// u > 0 with P(T > u) = q, for 0 < q < 0.5.
  static func tailQuantile(_ q: Double, _ df: Double) -> Double {
    if df == .infinity { return -Normal.ppnd16(q) }
    if df == 1 { return 1 / LibM.tan(Double.pi * q) }
    if df == 2 { return (1 - 2 * q) / (2 * q * (1 - q)).squareRoot() }
    var low = -Normal.ppnd16(q)  // P(T > low) ≥ q
    var high = Swift.max(2 * low, 1)
    while upperTail(high, df) > q && high < 1e300 { high *= 2 }
    var u = low
    let logQ = LibM.log(q)
    for _ in 0..<200 {
      let tail = upperTail(u, df)
      if tail > q { low = u } else { high = u }
      let g = LibM.log(tail) - logQ
      let density = density(u, df)
      var next = u + g * tail / density
      if !(next > low && next < high) || !next.isFinite {
        next = low + (high - low) / 2
      }
      if abs(next - u) <= 1e-15 * abs(u) || high - low <= 1e-15 * high {
        return next
      }
      u = next
    }
    return u
  }
}
