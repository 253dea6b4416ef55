import MetricModel

/// The PromQL that computes a metric's per-workload observations (``UnitSteps``) on a
/// Prometheus-compatible server, as ``UnitDeriver`` derives them from raw samples: the parts
/// of each observation, summed by the labels that name the unit instead of over the revision.
///
/// Per kind, with `G` the unit labels of the selector and the revision matcher appended as in
/// ``PromQLQueries``:
/// - `ratio`: `numerator` = `sum by (G) (increase(NUM[STEP]))`, `denominator` the same of DEN;
/// - `rate`: `increase` = `sum by (G) (increase(Q[STEP]))` (divided by the step's seconds on
///   the client, as ``UnitDeriver`` does), `per` = `sum by (G) (avg_over_time(PER[STEP]))`;
/// - `quantile`: `bucket` = `sum by (G, le) (increase(H_bucket[STEP]))`, `sum` and `count`
///   the increases of `H_sum` and `H_count`;
/// - `gauge`: `sum`/`min`/`max` = `AGG by (G) (avg_over_time(Q[STEP]))`; `avg` is `sum` and
///   `count` (`count by (G) (...)`), divided on the client.
///
/// `G` for Istio's rule: `destination_workload_namespace, destination_workload` for a selector
/// with `reporter="destination"`, the `source_*` pair for `reporter="source"`, else the labels
/// that name a proxy's workload (`namespace`, `kubernetes_namespace`, `pod`,
/// `kubernetes_pod_name`, `app`); the client names each returned group's unit with the metric's
/// ``UnitRule`` (a pod's owner, say) and adds up groups of one unit. istiod's own families
/// (`pilot_*`) name no workload: those metrics keep their per-revision query only.
public enum UnitQueries {
  /// One part of a metric's observations.
  public enum Component: String, Sendable, CaseIterable {
    /// Ratio: the numerator counter's increase.
    case numerator
    /// Ratio: the denominator counter's increase.
    case denominator
    /// Rate: the counter's increase (per step, not yet per second).
    case increase
    /// Rate: the summed `per` gauge.
    case per
    /// Quantile: the increase per bucket (`le`).
    case bucket
    /// Quantile: the increase of `_sum`; gauge (sum, avg): the summed step averages.
    case sum
    /// Quantile: the increase of `_count`; gauge (avg): how many series had a step average.
    case count
    /// Gauge (min): the smallest step average.
    case min
    /// Gauge (max): the largest step average.
    case max

    /// How two groups that name one unit combine.
    public func combine(_ a: Double, _ b: Double) -> Double {
      switch self {
      case .min: Swift.min(a, b)
      case .max: Swift.max(a, b)
      default: a + b
      }
    }
  }

  /// One query: a component of a metric for one revision.
  public struct Query: Sendable, Equatable {
    /// The component it computes.
    public var component: Component
    /// PromQL.
    public var text: String
    /// Label values every series of the query's selector carries (its `=` matchers, e.g.
    /// `reporter="destination"`): added to each returned group's labels before the rule
    /// names the unit.
    public var fixedLabels: [String: String]
  }

  /// The label that holds a bucket's bound.
  public static let bucketLabel = "le"

  /// The unit key of groups that name no workload: the revision as a whole.
  public static let revisionUnit = UnitSteps.revisionUnit

  /// The component queries of `metric` for the revision `matcher` selects; nil for a metric
  /// compared revision against revision (istiod's) or by threshold, which keep the
  /// per-revision query of ``PromQLQueries`` only.
  public static func queries(
    for metric: MetricSpecification, revision matcher: Matcher, stepMilliseconds step: Int64
  ) -> [Query]? {
    guard metric.threshold == nil, !isRevisionLevel(metric) else { return nil }
    func query(
      _ component: Component, _ aggregate: String, _ function: String, _ selector: Selector
    )
      -> Query
    {
      var labels = grouping(of: selector, rule: metric.unit)
      if component == .bucket { labels.append(bucketLabel) }
      let inner = PromQLQueries.rangeSelector(selector, revision: matcher, stepMilliseconds: step)
      return Query(
        component: component,
        text: "\(aggregate) by (\(labels.joined(separator: ", "))) (\(function)(\(inner)))",
        fixedLabels: fixedLabels(of: selector))
    }
    switch metric.query {
    case .ratio(let numerator, let denominator):
      return [
        query(.numerator, "sum", "increase", numerator),
        query(.denominator, "sum", "increase", denominator),
      ]
    case .rate(let counter, let per):
      return [query(.increase, "sum", "increase", counter)]
        + (per.map { [query(.per, "sum", "avg_over_time", $0)] } ?? [])
    case .quantile(let histogram, _):
      return [
        query(.bucket, "sum", "increase", histogram.renamed(histogram.metric + "_bucket")),
        query(.sum, "sum", "increase", histogram.renamed(histogram.metric + "_sum")),
        query(.count, "sum", "increase", histogram.renamed(histogram.metric + "_count")),
      ]
    case .gauge(let gauge, let aggregate):
      switch aggregate {
      case .sum: return [query(.sum, "sum", "avg_over_time", gauge)]
      case .avg:
        return [
          query(.sum, "sum", "avg_over_time", gauge),
          query(.count, "count", "avg_over_time", gauge),
        ]
      case .min: return [query(.min, "min", "avg_over_time", gauge)]
      case .max: return [query(.max, "max", "avg_over_time", gauge)]
      }
    }
  }

  /// Whether `metric` is compared revision against revision: under Istio's rule, every
  /// selector reads one of istiod's own families (`pilot_*`), whose series name no workload.
  public static func isRevisionLevel(_ metric: MetricSpecification) -> Bool {
    guard metric.unit == .istio else { return false }
    return selectors(of: metric.query).allSatisfy { $0.metric.hasPrefix("pilot_") }
  }

  /// The unit a returned group belongs to: its labels (without `le`) and the query's fixed
  /// labels, named by `rule`; ``revisionUnit`` when they name none.
  public static func unit(ofGroup labels: [String: String], query: Query, rule: UnitRule)
    -> String
  {
    var all = labels.merging(query.fixedLabels) { group, _ in group }
    all[bucketLabel] = nil
    return rule.unit(of: LabelSet(all)) ?? revisionUnit
  }

  /// The labels whose values name the unit of `selector`'s series under `rule`.
  static func grouping(of selector: Selector, rule: UnitRule) -> [String] {
    switch rule {
    case .labels(let names):
      return names
    case .istio:
      switch fixedLabels(of: selector)["reporter"] {
      case "destination": return ["destination_workload_namespace", "destination_workload"]
      case "source": return ["source_workload_namespace", "source_workload"]
      default: return ["namespace", "kubernetes_namespace", "pod", "kubernetes_pod_name", "app"]
      }
    }
  }

  /// The `=` matchers of `selector` as labels.
  static func fixedLabels(of selector: Selector) -> [String: String] {
    selector.matchers.filter { $0.operation == .equal }.reduce(into: [:]) {
      $0[$1.name] = $1.value
    }
  }

  static func selectors(of query: MetricQuery) -> [Selector] {
    switch query {
    case .ratio(let numerator, let denominator): [numerator, denominator]
    case .rate(let counter, let per): [counter] + (per.map { [$0] } ?? [])
    case .quantile(let histogram, _): [histogram]
    case .gauge(let gauge, _): [gauge]
    }
  }
}
