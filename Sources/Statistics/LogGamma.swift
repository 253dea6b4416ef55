/// Logarithms of the gamma and beta functions and of binomial coefficients, accurate for
/// large arguments where `lgamma(a) + lgamma(b) − lgamma(a + b)` would cancel.
///
/// `logBeta` follows R's `lbeta` (nmath/lbeta.c): for large arguments it uses the Stirling
/// remainder `correction(x) = lgamma(x) − ((x − ½)·log x − x + ½·log 2π)` (R's `lgammacor`) so
/// that the large terms cancel analytically. Relative error about 1e-15 for all positive
/// arguments.
enum LogGamma {
  static let halfLogTwoPi = 0.918_938_533_204_672_741_78

  /// log Γ(x) for x > 0 (C library `lgamma_r`).
  static func logGamma(_ x: Double) -> Double { LibM.lgamma(x) }

  /// Stirling-series remainder of log Γ(x) for x ≥ 10: Σ B₂ₖ / (2k(2k − 1) x^(2k−1)).
  static func correction(_ x: Double) -> Double {
    let coefficients: [Double] = [
      1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360_360, 1.0 / 156,
      -3617.0 / 122_400,
    ]
    let inverse = 1 / x
    let inverseSquared = inverse * inverse
    var term = inverse
    var sum = 0.0
    for c in coefficients {
      sum += c * term
      term *= inverseSquared
      if term < 1e-300 { break }
    }
    return sum
  }

  /// log B(a, b) for a, b > 0 (R `lbeta`).
  static func logBeta(_ a: Double, _ b: Double) -> Double {
    let p = min(a, b)
    let q = max(a, b)
    if p >= 10 {
      let corr = correction(p) + correction(q) - correction(p + q)
      return -0.5 * LibM.log(q) + halfLogTwoPi + corr + (p - 0.5) * LibM.log(p / (p + q))
        + q * LibM.log1p(-p / (p + q))
    }
    if q >= 10 {
      let corr = correction(q) - correction(p + q)
      return logGamma(p) + corr + p - p * LibM.log(p + q) + (q - 0.5) * LibM.log1p(-p / (p + q))
    }
    return logGamma(p) + logGamma(q) - logGamma(p + q)
  }

  /// log C(n, k) for 0 ≤ k ≤ n, as `−log(n + 1) − log B(n − k + 1, k + 1)` (R `lchoose`).
  static func logChoose(_ n: Double, _ k: Double) -> Double {
    if k == 0 || k == n { return 0 }
    return -LibM.log1p(n) - logBeta(n - k + 1, k + 1)
  }
}
