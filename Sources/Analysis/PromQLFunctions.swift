/// The PromQL functions the per-step derivation needs, with Prometheus' own definitions, so
/// values computed here equal what a Prometheus server returns for the same samples.
public enum PromQLFunctions {
  /// `increase(v[range])` at `end` over the samples with `end - range < t <= end`
  /// (Prometheus 3's left-open range), or nil with fewer than two samples.
  ///
  /// Follows Prometheus' `extrapolatedRate` for counters: the raw increase adds back the value
  /// before each reset (a value lower than the one before it), then is extrapolated towards
  /// the range's edges — fully when the first or last sample lies within 1.1 average sample
  /// intervals of the edge, else by half an interval — and never below the point where the
  /// counter would have been zero. NaN samples (staleness) are skipped.
  ///
  /// The zero-point cap is applied before the 1.1-interval rule, as Prometheus 2.x does (the
  /// version Debian 12 ships, which the live-server tests compare against). Prometheus 3
  /// applies it after, which differs only for a series whose first sample in the range lies
  /// more than 1.1 intervals after the range's start and whose zero point falls within that
  /// distance: a counter born inside the step.
  ///
  /// - Parameters:
  ///   - timestamps: Unix milliseconds, increasing.
  public static func increase(
    timestamps: [Int64], values: [Double], end: Int64, range: Int64
  ) -> Double? {
    let start = end - range
    var first = -1
    var last = -1
    var count = 0
    var raw = 0.0
    var previous = 0.0
    var index = firstIndex(after: start, in: timestamps)
    while index < timestamps.count && timestamps[index] <= end {
      let value = values[index]
      if !value.isNaN {
        if first < 0 {
          first = index
        } else {
          raw += value - previous
          if value < previous { raw += previous }
        }
        previous = value
        last = index
        count += 1
      }
      index += 1
    }
    guard count >= 2 else { return nil }
    let firstValue = values[first]
    let sampled = Double(timestamps[last] - timestamps[first]) / 1000
    var toStart = Double(timestamps[first] - start) / 1000
    let toEnd = Double(end - timestamps[last]) / 1000
    let average = sampled / Double(count - 1)
    if raw > 0 && firstValue >= 0 {
      let toZero = sampled * (firstValue / raw)
      if toZero < toStart { toStart = toZero }
    }
    let threshold = average * 1.1
    var interval = sampled
    interval += toStart < threshold ? toStart : average / 2
    interval += toEnd < threshold ? toEnd : average / 2
    return raw * (interval / sampled)
  }

  /// `avg_over_time(v[range])` at `end`: the mean of the non-NaN samples with
  /// `end - range < t <= end`, or nil when there are none.
  public static func averageOverTime(
    timestamps: [Int64], values: [Double], end: Int64, range: Int64
  ) -> Double? {
    let start = end - range
    var sum = 0.0
    var count = 0
    var index = firstIndex(after: start, in: timestamps)
    while index < timestamps.count && timestamps[index] <= end {
      if !values[index].isNaN {
        sum += values[index]
        count += 1
      }
      index += 1
    }
    return count > 0 ? sum / Double(count) : nil
  }

  /// `histogram_quantile(q, buckets)` for one histogram: cumulative bucket counts by upper
  /// bound; nil where Prometheus returns NaN.
  ///
  /// Prometheus' rules: buckets sorted by bound, equal bounds merged; the highest bound must be
  /// +Inf; counts made monotonic (a count lower than one before it is raised to it, as
  /// scrapes of buckets at slightly different moments can produce); no observations → NaN;
  /// the quantile's rank is found by linear interpolation inside its bucket, the lowest bucket
  /// starting at 0 (unless its bound is ≤ 0), and a rank in the +Inf bucket answers the
  /// second-highest bound. q < 0 gives -Inf, q > 1 +Inf.
  public static func histogramQuantile(_ q: Double, buckets: [(bound: Double, count: Double)])
    -> Double?
  {
    if q.isNaN { return nil }
    if q < 0 { return -.infinity }
    if q > 1 { return .infinity }
    var sorted = buckets.filter { !$0.bound.isNaN && !$0.count.isNaN }.sorted {
      $0.bound < $1.bound
    }
    guard let top = sorted.last, top.bound == .infinity else { return nil }
    var merged: [(bound: Double, count: Double)] = []
    for bucket in sorted {
      if let previous = merged.last, previous.bound == bucket.bound {
        merged[merged.count - 1].count += bucket.count
      } else {
        merged.append(bucket)
      }
    }
    sorted = merged
    var maximum = -Double.infinity
    for index in sorted.indices {
      if sorted[index].count < maximum {
        sorted[index].count = maximum
      } else {
        maximum = sorted[index].count
      }
    }
    guard sorted.count >= 2, let observations = sorted.last?.count, observations > 0 else {
      return nil
    }
    var rank = q * observations
    let position = sorted.firstIndex { $0.count >= rank } ?? sorted.count - 1
    if position == sorted.count - 1 { return sorted[sorted.count - 2].bound }
    if position == 0 && sorted[0].bound <= 0 { return sorted[0].bound }
    var bucketStart = 0.0
    let bucketEnd = sorted[position].bound
    var count = sorted[position].count
    if position > 0 {
      bucketStart = sorted[position - 1].bound
      count -= sorted[position - 1].count
      rank -= sorted[position - 1].count
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / count)
  }

  /// The index of the first timestamp later than `start` (binary search; `count` when none).
  static func firstIndex(after start: Int64, in timestamps: [Int64]) -> Int {
    var low = 0
    var high = timestamps.count
    while low < high {
      let middle = (low + high) / 2
      if timestamps[middle] <= start { low = middle + 1 } else { high = middle }
    }
    return low
  }
}
