/// Batch (block) means of a time series and its lag-1 autocorrelation: consecutive minutes are
/// not independent (VERDICT.md §1), so tests that need independence use means of blocks of b
/// steps, whose correlation is much weaker (Law & Kelton, Simulation Modeling and Analysis,
/// §9.5.3 "batch means").
public enum BatchMeans {
  /// What to do with the last block when the series length is not a multiple of b.
  public enum PartialBlock: String, Sendable, CaseIterable {
    /// Drop it (the default: every mean then has the same variance).
    case drop
    /// Keep it as a shorter block, averaged over the steps it has.
    case keep
  }

  /// The means of consecutive blocks of `blockLength` values, in order; NumPy
  /// `x[:k*b].reshape(k, b).mean(axis=1)` (plus the mean of the rest for `.keep`). Each mean is
  /// a compensated sum divided by the block's length. A series shorter than b gives no full
  /// block: `[]` with `.drop`, one mean with `.keep`; an empty series gives `[]`. Throws unless
  /// b ≥ 1 and every value is finite (NaN is rejected, never skipped).
  public static func means(
    _ series: [Double], blockLength b: Int, partialBlock: PartialBlock = .drop
  ) throws -> [Double] {
    guard b >= 1 else {
      throw StatisticsError.invalidArgument(
        name: "blockLength", value: Double(b), requirement: "must be ≥ 1")
    }
    try Validation.sample(series, name: "series", minimum: 0)
    var result: [Double] = []
    result.reserveCapacity(series.count / b + 1)
    var start = 0
    while start < series.count {
      let end = Swift.min(start + b, series.count)
      if end - start < b && partialBlock == .drop { break }
      var sum = CompensatedSum()
      for value in series[start..<end] { sum.add(value) }
      result.append(sum.value / Double(end - start))
      start = end
    }
    return result
  }

  /// The lag-1 sample autocorrelation r₁ = Σ_{t<n}(x_t − x̄)(x_{t+1} − x̄) / Σ_t(x_t − x̄)²
  /// (Box & Jenkins; statsmodels `acf(x, nlags=1, adjusted=False)[1]`, NumPy reference), in
  /// [−1, 1]. Throws for fewer than 3 values, a non-finite value, or `undefined` for a constant
  /// series (zero variance).
  public static func lagOneAutocorrelation(_ series: [Double]) throws -> Double {
    try Validation.sample(series, name: "series", minimum: 3)
    var total = CompensatedSum()
    for value in series { total.add(value) }
    let mean = total.value / Double(series.count)
    var numerator = CompensatedSum()
    var denominator = CompensatedSum()
    for index in series.indices {
      let deviation = series[index] - mean
      denominator.add(deviation * deviation)
      if index + 1 < series.count { numerator.add(deviation * (series[index + 1] - mean)) }
    }
    guard denominator.value > 0 else {
      throw StatisticsError.undefined(reason: "the series is constant")
    }
    return numerator.value / denominator.value
  }
}
