extension Normal {
  /// log Φ(z), SciPy `norm.logcdf`, accurate in both tails.
  ///
  /// For z ≥ −30 it is log(cdf(z)), with log1p(−sf(z)) above 0 so values near 0 keep their
  /// relative precision. Below −30 (where Φ underflows soon after −37) it is the asymptotic
  /// expansion log Φ(z) = −z²/2 − log(−z) − ½log(2π) + log(1 − 1/z² + 3/z⁴ − 15/z⁶ + …),
  /// whose truncation error after eight terms is below 1e-16 there. NaN gives NaN.
  public static func logCdf(_ z: Double) -> Double {
    if z.isNaN { return .nan }
    if z > 0 { return LibM.log1p(-sf(z)) }
    if z >= -30 { return LibM.log(cdf(z)) }
    if z == -.infinity { return -.infinity }
    let inverseSquare = 1 / (z * z)
    var term = 1.0
    var series = 1.0
    for k in 1...8 {
      term *= -Double(2 * k - 1) * inverseSquare
      series += term
    }
    return -0.5 * z * z - LibM.log(-z) - 0.918_938_533_204_672_741_8 + LibM.log(series)
  }
}
