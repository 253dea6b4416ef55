import MetricModel

/// The PromQL that computes a metric's per-step values on a Prometheus-compatible server
/// (Prometheus, Thanos, Cortex, Mimir, VictoriaMetrics), exactly as ``StepDeriver`` derives
/// them from raw samples, so a range query with the configuration's step returns the values a
/// local analysis would compare.
///
/// Every selector gets the revision matcher appended (`istio_io_rev="canary"`, or
/// `namespace=~"ns1|ns2"`), and `STEP` is the configuration's step as a PromQL duration:
/// - `ratio`: `(sum(increase(NUM[STEP])) or vector(0)) / (sum(increase(DEN[STEP])) > 0)`; the
///   `or vector(0)` makes an absent numerator count as 0, the `> 0` filter drops steps whose
///   denominator is 0 (an absent one drops them anyway).
/// - `rate`: `sum(increase(Q[STEP])) / SECONDS`, then `/ (sum(avg_over_time(PER[STEP])) != 0)`
///   when `per` is set.
/// - `quantile`: `histogram_quantile(q, sum by (le) (increase(H_bucket[STEP])))`.
/// - `gauge`: `AGG(avg_over_time(Q[STEP]))`.
public enum PromQLQueries {
  /// The query of `metric` for the revision `matcher` selects.
  public static func query(
    for metric: MetricSpecification, revision matcher: Matcher, stepMilliseconds step: Int64
  ) -> String {
    func selected(_ selector: Selector) -> String {
      rangeSelector(selector, revision: matcher, stepMilliseconds: step)
    }
    switch metric.query {
    case .ratio(let numerator, let denominator):
      return "(sum(increase(\(selected(numerator)))) or vector(0)) / "
        + "(sum(increase(\(selected(denominator)))) > 0)"
    case .rate(let query, let per):
      let perSecond = "sum(increase(\(selected(query)))) / \(number(Double(step) / 1000))"
      guard let per else { return perSecond }
      return perSecond + " / (sum(avg_over_time(\(selected(per)))) != 0)"
    case .quantile(let histogram, let quantile):
      let buckets = selected(histogram.renamed(histogram.metric + "_bucket"))
      return "histogram_quantile(\(number(quantile)), sum by (le) (increase(\(buckets))))"
    case .gauge(let query, let aggregate):
      return "\(aggregate.rawValue)(avg_over_time(\(selected(query))))"
    }
  }

  /// `selector` with the revision matcher appended, over one step: `m{a="1", rev="x"}[1m]`.
  static func rangeSelector(
    _ selector: Selector, revision matcher: Matcher, stepMilliseconds step: Int64
  ) -> String {
    Selector(metric: selector.metric, matchers: selector.matchers + [matcher]).description
      + "[" + duration(milliseconds: step) + "]"
  }

  /// The matcher that selects a revision by a label Prometheus' relabelling attached to every
  /// series, e.g. `istio_io_rev="canary"`.
  public static func revisionMatcher(label: String, revision: String) throws -> Matcher {
    try Matcher(name: label, operation: .equal, value: revision)
  }

  /// The matcher that selects the series of `namespaces` (those of one revision), e.g.
  /// `namespace=~"cart|checkout"`; names are regex-escaped and sorted so the query is stable.
  /// An empty list matches nothing (`namespace=~""` would select series without the label).
  public static func namespaceMatcher(label: String = "namespace", namespaces: [String]) throws
    -> Matcher
  {
    let names = Array(Set(namespaces)).sorted()
    // `a^` can never match: an empty alternation would select every unlabelled series.
    let pattern = names.isEmpty ? "a^" : names.map(regexEscaped).joined(separator: "|")
    return try Matcher(name: label, operation: .matchesRegex, value: pattern)
  }

  /// `text` with RE2's metacharacters escaped, so it matches itself literally.
  public static func regexEscaped(_ text: String) -> String {
    var out = ""
    for character in text {
      if "\\.+*?()|[]{}^$".contains(character) { out.append("\\") }
      out.append(character)
    }
    return out
  }

  /// A step as a PromQL duration: `1m`, `30s`, `1h`, `1500ms` (the largest unit that divides it).
  public static func duration(milliseconds: Int64) -> String {
    DurationText.format(milliseconds: milliseconds)
  }

  /// A number as PromQL reads it back exactly: integers without a fraction, others in Swift's
  /// shortest round-tripping form (`0.99`, `1.5`).
  static func number(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
  }
}
