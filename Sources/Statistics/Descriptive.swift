/// Descriptive statistics of one sample.
///
/// Every function throws `StatisticsError.tooFewObservations` on empty input (variance needs
/// two values) and `StatisticsError.nonFiniteValue` if any value is NaN or ±infinity: nothing
/// here returns NaN. Values of any finite magnitude (1e300, 1e-300) are handled by exact
/// power-of-two rescaling; a result that truly exceeds the Double range (the variance of
/// ±1e300) is `+infinity`.
public enum Descriptive {
  /// Arithmetic mean, `numpy.mean`, computed as a compensated (Neumaier) sum of rescaled
  /// values: avoids both the overflow of a naive sum of 1e300s and the accumulated rounding
  /// error of left-to-right summation.
  public static func mean(_ values: [Double]) throws -> Double {
    try Validation.sample(values, name: "values")
    return unscaledMean(values)
  }

  /// Sample variance with denominator n − 1 (`numpy.var(ddof=1)`, R `var`).
  ///
  /// Corrected two-pass algorithm (Chan, Golub & LeVeque 1983): the deviations from an accurate
  /// mean are squared and summed, and the tiny sum of deviations corrects the mean's rounding.
  /// Avoids the catastrophic cancellation of the one-pass `Σx² − n·x̄²` formula. Needs at least
  /// two values; all-equal values give exactly 0.
  public static func variance(_ values: [Double]) throws -> Double {
    try Validation.sample(values, name: "values", minimum: 2)
    return unscaledVariance(values)
  }

  /// Sample standard deviation, the square root of `variance(_:)` (n − 1 denominator).
  public static func standardDeviation(_ values: [Double]) throws -> Double {
    try variance(values).squareRoot()
  }

  /// Smallest value.
  public static func min(_ values: [Double]) throws -> Double {
    try Validation.sample(values, name: "values")
    return values.reduce(values[0]) { Swift.min($0, $1) }
  }

  /// Largest value.
  public static func max(_ values: [Double]) throws -> Double {
    try Validation.sample(values, name: "values")
    return values.reduce(values[0]) { Swift.max($0, $1) }
  }

  /// Median: `quantile(values, 0.5)`, i.e. `numpy.median` (mean of the two middle values
  /// for an even count), computed without overflow.
  public static func median(_ values: [Double]) throws -> Double {
    try quantile(values, 0.5)
  }

  /// Quantile of type 7 (R `quantile(type = 7)`, `numpy.quantile(method="linear")`):
  /// with sorted values `v` and `h = (n − 1)·p`, `v[⌊h⌋] + (h − ⌊h⌋)·(v[⌊h⌋+1] − v[⌊h⌋])`.
  ///
  /// Interpolates as numpy's `_lerp` does (from the upper end when the fraction is ≥ 0.5), and
  /// falls back to `(1 − t)·a + t·b` when `b − a` would overflow. `p` must be in [0, 1].
  public static func quantile(_ values: [Double], _ p: Double) throws -> Double {
    try quantiles(values, [p])[0]
  }

  /// Several type-7 quantiles with one sort; see `quantile(_:_:)`.
  public static func quantiles(_ values: [Double], _ ps: [Double]) throws -> [Double] {
    try Validation.sample(values, name: "values")
    for p in ps { try Validation.probability(p, name: "p") }
    let sorted = values.sorted()
    return ps.map { sortedQuantile(sorted, $0) }
  }

  // MARK: - Internal helpers (inputs already validated)

  /// Type-7 quantile of an already sorted, non-empty, finite array.
  static func sortedQuantile(_ sorted: [Double], _ p: Double) -> Double {
    let h = Double(sorted.count - 1) * p
    let lower = Int(h.rounded(.down))
    let t = h - Double(lower)
    if lower >= sorted.count - 1 { return sorted[sorted.count - 1] }
    return lerp(sorted[lower], sorted[lower + 1], t)
  }

  /// numpy's `_lerp`: `a + (b − a)·t`, or `b − (b − a)·(1 − t)` when `t ≥ 0.5`; exact `a` when
  /// `a == b`.
  static func lerp(_ a: Double, _ b: Double, _ t: Double) -> Double {
    if a == b || t == 0 { return a }
    let diff = b - a
    if !diff.isFinite {
      return (1 - t) * a + t * b
    }
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
  }

  /// Mean of finite, non-empty values.
  static func unscaledMean(_ values: [Double]) -> Double {
    let scale = PowerOfTwoScale(values: values)
    let pivot = values[0] * scale.down
    let moments = scaledMoments(values, scale: scale.down, pivot: pivot)
    return (pivot + moments.mean) * scale.up
  }

  /// Variance (n − 1) of finite values, count ≥ 2.
  static func unscaledVariance(_ values: [Double]) -> Double {
    let scale = PowerOfTwoScale(values: values)
    let moments = scaledMoments(values, scale: scale.down, pivot: values[0] * scale.down)
    return moments.variance * scale.up * scale.up
  }

  /// Mean and n − 1 variance of `values · scale − pivot`, by the corrected two-pass algorithm.
  ///
  /// Subtracting a pivot from the data (one of its values) makes values that differ only in
  /// their last bits exact small numbers (Sterbenz's lemma), so their mean and spread are not
  /// lost to the rounding of a mean near 1.
  static func scaledMoments(_ values: [Double], scale: Double, pivot: Double)
    -> (mean: Double, variance: Double)
  {
    let n = Double(values.count)
    var sum = CompensatedSum()
    for v in values { sum.add(v * scale - pivot) }
    let mean = sum.value / n
    if values.count < 2 { return (mean, 0) }
    var squares = CompensatedSum()
    var deviations = CompensatedSum()
    for v in values {
      let d = (v * scale - pivot) - mean
      squares.add(d * d)
      deviations.add(d)
    }
    let correction = deviations.value * deviations.value / n
    return (mean, Swift.max(0, (squares.value - correction) / (n - 1)))
  }
}
