/// Quantiles of the beta distribution: the inverse of the regularized incomplete beta function.
extension Beta {
  /// x with I_x(a, b) = p (SciPy `scipy.special.betaincinv(a, b, p)`, `stats.beta.ppf`).
  /// p = 0 gives 0 and p = 1 gives 1. Throws unless a, b > 0 and 0 ≤ p ≤ 1 (NaN throws).
  public static func quantile(a: Double, b: Double, p: Double) throws -> Double {
    try Validation.positive(a, name: "a")
    try Validation.positive(b, name: "b")
    try Validation.probability(p, name: "p")
    return inverse(a: a, b: b, target: p, upperTail: false).x
  }

  /// x with 1 − I_x(a, b) = q, without forming 1 − q (SciPy `special.betainccinv`,
  /// `stats.beta.isf`).
  public static func inverseSurvival(a: Double, b: Double, q: Double) throws -> Double {
    try Validation.positive(a, name: "a")
    try Validation.positive(b, name: "b")
    try Validation.probability(q, name: "q")
    return inverse(a: a, b: b, target: q, upperTail: true).x
  }

  /// The root (x, 1 − x) of I_x(a, b) = target (or 1 − I_x(a, b) = target when `upperTail`),
  /// both components accurate to relative ~1e-13: the unknown t is whichever of x and 1 − x
  /// lies in (0, ½], so a root near 1 keeps the digits of its complement (Clopper-Pearson
  /// bounds near 1 are mapped to odds π/(1 − π)).
  ///
  /// Safeguarded Newton: the bracket [lo, hi] always holds the root; a Newton step leaving it
  /// is replaced by bisection (geometric while the bracket spans more than a factor of 2, so
  /// roots down to 1e-300 are reached in a few dozen steps).
  static func inverse(a: Double, b: Double, target: Double, upperTail: Bool) -> (
    x: Double, y: Double
  ) {
    if target <= 0 { return upperTail ? (1, 0) : (0, 1) }
    if target >= 1 { return upperTail ? (0, 1) : (1, 0) }
    // Solve for the smaller tail: 1 − target is exact for target ≥ ½ (Sterbenz), while a
    // target near 1 would leave the root's complement at the mercy of rounding near 1.
    if target > 0.5 { return inverse(a: a, b: b, target: 1 - target, upperTail: !upperTail) }
    let middle = pair(a: a, b: b, x: 0.5, y: 0.5)
    let middleValue = upperTail ? middle.upper : middle.lower
    // Lower tail rises with x, the upper tail falls: pick the half that holds the root.
    let unknownIsX = upperTail ? middleValue <= target : middleValue >= target
    // h(t) = s·(F − target) rises with t.
    let sign: Double = (unknownIsX != upperTail) ? 1 : -1
    func point(_ t: Double) -> (x: Double, y: Double) { unknownIsX ? (t, 1 - t) : (1 - t, t) }
    func h(_ t: Double) -> Double {
      let (x, y) = point(t)
      let value = pair(a: a, b: b, x: x, y: y)
      return sign * ((upperTail ? value.upper : value.lower) - target)
    }
    func slope(_ t: Double) -> Double {
      let (x, y) = point(t)
      return LibM.exp((a - 1) * LibM.log(x) + (b - 1) * LibM.log(y) - LogGamma.logBeta(a, b))
    }
    var lo = Double.leastNormalMagnitude
    var hi = 0.5
    if h(lo) >= 0 { return point(lo) }
    var t = geometricMiddle(lo, hi)
    for _ in 0..<400 {
      let value = h(t)
      if value == 0 { break }
      if value < 0 { lo = t } else { hi = t }
      let step = value / slope(t)
      var next = t - step
      if !next.isFinite || next <= lo || next >= hi {
        next = hi / lo > 2 ? geometricMiddle(lo, hi) : 0.5 * (lo + hi)
      }
      if abs(next - t) <= 2e-16 * t || hi - lo <= 2e-16 * hi {
        t = next
        break
      }
      t = next
    }
    return point(t)
  }

  private static func geometricMiddle(_ lo: Double, _ hi: Double) -> Double {
    (lo.squareRoot() * hi.squareRoot())
  }
}
