import MetricModel

/// Computes a metric's per-step values for one revision over a step grid.
///
/// Each kind is the PromQL a dashboard would write, evaluated at every step end `t` over
/// `(t - step, t]`:
/// - `ratio`: `sum(increase(numerator[step])) / sum(increase(denominator[step]))`; steps where
///   the denominator is 0 or absent are dropped; an absent numerator counts as 0 (no 5xx yet).
/// - `rate`: `sum(increase(query[step])) / step` seconds, divided by `sum(avg_over_time(per[step]))`
///   when `per` is set (steps where that is 0 or absent are dropped).
/// - `quantile`: `histogram_quantile(q, sum by (le) (increase(histogram_bucket[step])))`.
/// - `gauge`: `AGG(avg_over_time(query[step]))` with AGG the configured aggregate.
struct StepDeriver {
  let data: any MetricData
  let grid: StepGrid
  let revision: String
  /// Values a remote server computed; they win over raw samples (see ``PulledSteps``).
  var pulled = PulledSteps()
  /// Histograms already derived (p50, p90 and p99 share one).
  var cache: DerivationCache?

  /// The per-step values of `metric`, as (step end in Unix milliseconds, value), finite only.
  /// Empty when the metric has no data in the window.
  func values(for metric: MetricSpecification) throws -> [(Int64, Double)] {
    guard grid.sampleRange != nil else { return [] }
    if let values = pulled.values(metric: metric.name, revision: revision, grid: grid) {
      return values
    }
    var result: [(Int64, Double)]
    switch metric.query {
    case .ratio(let numerator, let denominator):
      let top = try summedIncrease(numerator)
      let bottom = try summedIncrease(denominator)
      result = grid.ends.compactMap { end in
        guard let divisor = bottom[end], divisor > 0 else { return nil }
        return (end, (top[end] ?? 0) / divisor)
      }
    case .rate(let query, let per):
      let increases = try summedIncrease(query)
      let seconds = Double(grid.step) / 1000
      let divisors = try per.map { try summedAverage($0) }
      result = grid.ends.compactMap { end in
        guard let increase = increases[end] else { return nil }
        guard let divisors else { return (end, increase / seconds) }
        guard let divisor = divisors[end], divisor != 0 else { return nil }
        return (end, increase / seconds / divisor)
      }
    case .quantile(let histogram, let q):
      let buckets = try bucketIncreases(histogram)
      result = grid.ends.compactMap { end in
        let counts = buckets.compactMap { bucket in bucket.increases[end].map { (bucket.bound, $0) }
        }
        guard !counts.isEmpty,
          let value = PromQLFunctions.histogramQuantile(
            q, buckets: counts.map { (bound: $0.0, count: $0.1) })
        else { return nil }
        return (end, value)
      }
    case .gauge(let query, let aggregate):
      result = try aggregatedGauge(query, aggregate: aggregate)
    }
    return result.filter { $0.1.isFinite }
  }

  /// Every series of `selector` over the grid's sample range.
  /// Every series of `selector` over the grid's sample range, one at a time.
  private func eachSeries(_ selector: Selector, _ body: (SeriesSamples) throws -> Void) throws {
    guard let range = grid.sampleRange else { return }
    try data.forEachSeries(
      matching: selector, revision: revision, after: range.start, upTo: range.end, body)
  }

  /// `sum(increase(selector[step]))` per step end; a step is present when any series has one.
  private func summedIncrease(_ selector: Selector) throws -> [Int64: Double] {
    var sums: [Int64: Double] = [:]
    try eachSeries(selector) { series in
      for end in grid.ends {
        if let increase = PromQLFunctions.increase(
          timestamps: series.timestamps, values: series.values, end: end, range: grid.step)
        {
          sums[end, default: 0] += increase
        }
      }
    }
    return sums
  }

  /// `sum(avg_over_time(selector[step]))` per step end.
  private func summedAverage(_ selector: Selector) throws -> [Int64: Double] {
    var sums: [Int64: Double] = [:]
    try eachSeries(selector) { series in
      for end in grid.ends {
        if let average = PromQLFunctions.averageOverTime(
          timestamps: series.timestamps, values: series.values, end: end, range: grid.step)
        {
          sums[end, default: 0] += average
        }
      }
    }
    return sums
  }

  /// One histogram bucket bound with its summed per-step increases.
  struct Bucket {
    var bound: Double
    var increases: [Int64: Double]
  }

  /// `sum by (le) (increase(histogram_bucket[step]))`: buckets by numeric bound.
  private func bucketIncreases(_ histogram: Selector) throws -> [Bucket] {
    let key = "\(histogram)\u{0}\(revision)\u{0}\(grid.ends.first ?? 0)\u{0}\(grid.ends.count)"
    if let hit = cache?.buckets[key] { return hit }
    let buckets = try deriveBucketIncreases(histogram)
    cache?.buckets[key] = buckets
    return buckets
  }

  private func deriveBucketIncreases(_ histogram: Selector) throws -> [Bucket] {
    var byBound: [Double: [Int64: Double]] = [:]
    try eachSeries(histogram.renamed(histogram.metric + "_bucket")) { series in
      guard let text = series.labels["le"], let bound = Self.bound(text) else { return }
      for end in grid.ends {
        if let increase = PromQLFunctions.increase(
          timestamps: series.timestamps, values: series.values, end: end, range: grid.step)
        {
          byBound[bound, default: [:]][end, default: 0] += increase
        }
      }
    }
    return byBound.keys.sorted().map { Bucket(bound: $0, increases: byBound[$0] ?? [:]) }
  }

  /// A bucket bound as written in `le` (`1`, `1.0`, `1e+06`, `+Inf`).
  static func bound(_ text: String) -> Double? {
    switch text {
    case "+Inf", "Inf", "inf", "+inf": return .infinity
    default: return Double(text)
    }
  }

  /// `AGG(avg_over_time(selector[step]))` per step end.
  private func aggregatedGauge(_ selector: Selector, aggregate: Aggregate) throws -> [(
    Int64, Double
  )] {
    var perStep: [Int64: [Double]] = [:]
    try eachSeries(selector) { series in
      for end in grid.ends {
        if let average = PromQLFunctions.averageOverTime(
          timestamps: series.timestamps, values: series.values, end: end, range: grid.step)
        {
          perStep[end, default: []].append(average)
        }
      }
    }
    return grid.ends.compactMap { end in
      guard let values = perStep[end], !values.isEmpty else { return nil }
      switch aggregate {
      case .sum: return (end, values.reduce(0, +))
      case .avg: return (end, values.reduce(0, +) / Double(values.count))
      case .min: return (end, values.min() ?? 0)
      case .max: return (end, values.max() ?? 0)
      }
    }
  }
}
