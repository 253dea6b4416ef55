import MetricModel

/// Derives a metric's ``UnitSteps`` for one revision over a step grid: the same PromQL
/// arithmetic as ``StepDeriver`` (`increase` with resets and extrapolation, `avg_over_time`),
/// summed per unit instead of per revision.
struct UnitDeriver {
  let data: any MetricData
  var grid: StepGrid
  let revision: String
  let rule: UnitRule
  /// Histograms already derived (p50, p90 and p99 share one).
  var cache: DerivationCache?

  /// The metric's per-unit observations.
  func steps(for metric: MetricSpecification) throws -> UnitSteps {
    if let cache, let span = cache.span, span.step == grid.step, let first = grid.ends.first,
      let last = grid.ends.last, let spanFirst = span.ends.first, let spanLast = span.ends.last,
      first >= spanFirst, last <= spanLast
    {
      // p50, p90 and p99 of one histogram share one derivation.
      var what = "\(metric.query)"
      if case .quantile(let histogram, _) = metric.query { what = "histogram \(histogram)" }
      let key = "\(what)\u{0}\(revision)\u{0}\(rule)"
      let whole: UnitSteps
      if let hit = cache.spanned[key] {
        whole = hit
      } else {
        var wide = self
        wide.grid = span
        wide.cache = nil
        whole = try wide.steps(for: metric)
        cache.spanned[key] = whole
      }
      var sliced = whole
      sliced.units = whole.units.mapValues { $0.filter { $0.key >= first && $0.key <= last } }
        .filter { !$0.value.isEmpty }
      return sliced
    }
    var result = UnitSteps()
    guard grid.sampleRange != nil else { return result }
    // What a server computed per workload wins over raw samples (see ``PulledUnitSteps``).
    if let pulled = cache?.pulled.units.steps(for: metric, revision: revision, grid: grid) {
      return pulled
    }
    switch metric.query {
    case .ratio(let numerator, let denominator):
      let top = try increases(numerator)
      for (unit, bottom) in try increases(denominator) {
        result.units[unit] = bottom.reduce(into: [:]) { steps, entry in
          guard entry.value > 0 else { return }
          steps[entry.key] = .init(numerator: top[unit]?[entry.key] ?? 0, denominator: entry.value)
        }
      }
    case .rate(let query, let per):
      let seconds = Double(grid.step) / 1000
      let divisors = try per.map { try averages($0, aggregate: .sum) }
      for (unit, increases) in try increases(query) {
        result.units[unit] = increases.reduce(into: [:]) { steps, entry in
          let divisor = divisors == nil ? 1 : divisors?[unit]?[entry.key] ?? 0
          guard divisor != 0 else { return }
          steps[entry.key] = .init(numerator: entry.value / seconds, denominator: divisor)
        }
      }
    case .quantile(let histogram, _):
      let key =
        "\(histogram)\u{0}\(revision)\u{0}\(rule)\u{0}\(grid.ends.first ?? 0)\u{0}\(grid.ends.count)"
      if let hit = cache?.units[key] { return hit }
      result = try histogramSteps(histogram)
      cache?.units[key] = result
    case .gauge(let query, let aggregate):
      for (unit, values) in try averages(query, aggregate: aggregate) {
        result.units[unit] = values.mapValues { .init(numerator: $0, denominator: 1) }
      }
    }
    return result
  }

  /// Every series of `selector` over the grid's sample range.
  /// Every series of `selector` over the grid's sample range, one at a time.
  private func eachSeries(_ selector: Selector, _ body: (SeriesSamples) throws -> Void) throws {
    guard let range = grid.sampleRange else { return }
    try data.forEachSeries(
      matching: selector, revision: revision, after: range.start, upTo: range.end, body)
  }

  private func unit(of series: SeriesSamples) -> String {
    rule.unit(of: series.labels) ?? UnitSteps.revisionUnit
  }

  /// `sum by (unit) (increase(selector[step]))` per step end.
  private func increases(_ selector: Selector) throws -> [String: [Int64: Double]] {
    // The request counter serves the error share, requests per proxy and the mix: derive once.
    let key =
      "inc\u{0}\(selector)\u{0}\(revision)\u{0}\(rule)\u{0}\(grid.ends.first ?? 0)\u{0}\(grid.ends.count)"
    if let hit = cache?.increases[key] { return hit }
    let sums = try deriveIncreases(selector)
    cache?.increases[key] = sums
    return sums
  }

  private func deriveIncreases(_ selector: Selector) throws -> [String: [Int64: Double]] {
    var sums: [String: [Int64: Double]] = [:]
    try eachSeries(selector) { series in
      let unit = unit(of: series)
      for end in grid.ends {
        if let increase = PromQLFunctions.increase(
          timestamps: series.timestamps, values: series.values, end: end, range: grid.step)
        {
          sums[unit, default: [:]][end, default: 0] += increase
        }
      }
    }
    return sums
  }

  /// `aggregate by (unit) (avg_over_time(selector[step]))` per step end.
  private func averages(_ selector: Selector, aggregate: Aggregate) throws
    -> [String: [Int64: Double]]
  {
    var combined: [String: [Int64: Double]] = [:]
    var counts: [String: [Int64: Double]] = [:]
    try eachSeries(selector) { series in
      let unit = unit(of: series)
      for end in grid.ends {
        guard
          let average = PromQLFunctions.averageOverTime(
            timestamps: series.timestamps, values: series.values, end: end, range: grid.step)
        else { continue }
        let previous = combined[unit]?[end]
        switch aggregate {
        case .sum, .avg: combined[unit, default: [:]][end] = (previous ?? 0) + average
        case .min: combined[unit, default: [:]][end] = min(previous ?? average, average)
        case .max: combined[unit, default: [:]][end] = max(previous ?? average, average)
        }
        counts[unit, default: [:]][end, default: 0] += 1
      }
    }
    guard aggregate == .avg else { return combined }
    return combined.reduce(into: [:]) { result, entry in
      result[entry.key] = entry.value.reduce(into: [:]) { steps, step in
        steps[step.key] = step.value / (counts[entry.key]?[step.key] ?? 1)
      }
    }
  }

  /// Buckets, `_sum` and `_count` increases per unit and step.
  private func histogramSteps(_ histogram: Selector) throws -> UnitSteps {
    var byBound: [String: [Double: [Int64: Double]]] = [:]
    try eachSeries(histogram.renamed(histogram.metric + "_bucket")) { series in
      guard let text = series.labels["le"], let bound = StepDeriver.bound(text) else {
        return
      }
      let unit = unit(of: series)
      for end in grid.ends {
        if let increase = PromQLFunctions.increase(
          timestamps: series.timestamps, values: series.values, end: end, range: grid.step)
        {
          byBound[unit, default: [:]][bound, default: [:]][end, default: 0] += increase
        }
      }
    }
    let sums = try increases(histogram.renamed(histogram.metric + "_sum"))
    let counts = try increases(histogram.renamed(histogram.metric + "_count"))
    return UnitSteps.histogram(byBound: byBound, sums: sums, counts: counts, ends: grid.ends)
  }
}
