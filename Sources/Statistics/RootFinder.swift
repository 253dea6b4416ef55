/// Brent's method for a root of a continuous function on a bracket (Brent 1973, "Algorithms
/// for Minimization without Derivatives", ch. 4), the algorithm of `scipy.optimize.brentq`.
///
/// Each step takes inverse quadratic interpolation or the secant through the bracket ends and
/// falls back to bisection whenever that would not shrink the bracket fast enough, so it
/// never needs more than about (log₂ of the bracket over the tolerance)² evaluations and
/// usually a handful.
enum RootFinder {
  /// A root of `f` in [low, high] to `absoluteTolerance` + `relativeTolerance`·|root|, given
  /// `f(low)` and `f(high)` of opposite signs (or zero). Throws `undefined` for a bracket
  /// without a sign change or when 200 steps do not converge.
  static func brent(
    _ f: (Double) throws -> Double, low: Double, high: Double, valueAtLow: Double,
    valueAtHigh: Double, absoluteTolerance: Double = 1e-13, relativeTolerance: Double = 1e-12
  ) throws -> Double {
    var (a, b, fa, fb) = (low, high, valueAtLow, valueAtHigh)
    if fa == 0 { return a }
    if fb == 0 { return b }
    guard (fa < 0) != (fb < 0) else {
      throw StatisticsError.undefined(reason: "no sign change to bracket a root")
    }
    var (c, fc) = (a, fa)
    var d = b - a
    var e = d
    for _ in 0..<200 {
      if (fb < 0) == (fc < 0) {
        (c, fc) = (a, fa)
        d = b - a
        e = d
      }
      if abs(fc) < abs(fb) {
        (a, b, c) = (b, c, b)
        (fa, fb, fc) = (fb, fc, fb)
      }
      let tolerance = 0.5 * (absoluteTolerance + relativeTolerance * abs(b))
      let half = 0.5 * (c - b)
      if abs(half) <= tolerance || fb == 0 { return b }
      if abs(e) >= tolerance && abs(fa) > abs(fb) {
        let (p, q) = interpolationStep(a: a, b: b, c: c, fa: fa, fb: fb, fc: fc)
        if 2 * p < min(3 * half * q - abs(tolerance * q), abs(e * q)) {
          e = d
          d = p / q
        } else {
          d = half
          e = d
        }
      } else {
        d = half
        e = d
      }
      (a, fa) = (b, fb)
      b += abs(d) > tolerance ? d : (half > 0 ? tolerance : -tolerance)
      fb = try f(b)
    }
    throw StatisticsError.undefined(reason: "root search did not converge in 200 steps")
  }

  /// The step p/q (q > 0 after the sign flip) of inverse quadratic interpolation through the
  /// three points, or of the secant when a = c.
  private static func interpolationStep(
    a: Double, b: Double, c: Double, fa: Double, fb: Double, fc: Double
  ) -> (p: Double, q: Double) {
    let s = fb / fa
    var p: Double
    var q: Double
    if a == c {
      p = (c - b) * s
      q = 1 - s
    } else {
      let r = fb / fc
      let t = fa / fc
      p = s * ((c - b) * t * (t - r) - (b - a) * (r - 1))
      q = (t - 1) * (r - 1) * (s - 1)
    }
    if p > 0 { q = -q } else { p = -p }
    return (p, q)
  }
}
