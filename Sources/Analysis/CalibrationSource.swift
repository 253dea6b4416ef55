import MetricModel

/// The baseline revision's data as a calibration sees it: read once, kept in memory for every
/// draw, with what cannot take part in a null split set aside.
///
/// - Metrics whose series name no namespace (istiod's: pilot pushes, convergence, rejects)
///   are left out: one control plane gives no second one to compare with, and comparing it
///   with itself would pass every time and say nothing. ``excludedMetrics`` names them.
/// - A namespace takes part when its series cover the whole range (within one step at each
///   end); one that joined or left the baseline during it (a namespace that really moved to
///   another revision) is set aside with all its series: ``leftOutNamespaces``.
public final class CalibrationSource {
  /// The baseline revision.
  public let revision: String
  /// The configuration without ``excludedMetrics``.
  public let configuration: AnalysisConfiguration
  /// Metrics left out because no series of theirs names a namespace.
  public let excludedMetrics: [String]
  /// The namespaces a split draws from, in name order.
  public let namespaces: [String]
  /// Namespaces whose data does not cover the range, in name order.
  public let leftOutNamespaces: [String]
  /// First to last sample of the workload series the configuration compares.
  public let range: TimeWindow

  private let data: any MetricData
  private let leftOutSet: Set<String>
  /// Metric name → every series of the revision with that name, whole range.
  private var cache: [String: [SeriesSamples]] = [:]

  /// Reads `revision`'s series of every metric of `configuration` from `data`.
  /// - Throws: ``CalibrationError/noWorkloadData(revision:)`` when no metric has a series
  ///   naming a namespace; errors of `data`.
  public init(revision: String, data: any MetricData, configuration: AnalysisConfiguration)
    throws
  {
    self.revision = revision
    self.data = data
    var kept = configuration
    kept.metrics = []
    var excluded: [String] = []
    var spans: [String: (first: Int64, last: Int64)] = [:]
    var loaded: [String: [SeriesSamples]] = [:]
    for metric in configuration.metrics {
      var namespaced = 0
      var found = 0
      let selector = Self.primary(of: metric)
      if loaded[selector.metric] == nil {
        loaded[selector.metric] = try Self.load(selector.metric, data: data, revision: revision)
      }
      for series in loaded[selector.metric] ?? [] where selector.matches(series.labels) {
        guard let first = series.timestamps.first, let last = series.timestamps.last else {
          continue
        }
        found += 1
        guard let namespace = CalibrationSplit.namespace(of: series.labels) else { continue }
        namespaced += 1
        let span = spans[namespace] ?? (first, last)
        spans[namespace] = (min(span.first, first), max(span.last, last))
      }
      if found > 0 && namespaced == 0 {
        excluded.append(metric.name)
      } else {
        kept.metrics.append(metric)
      }
    }
    guard let from = spans.values.map(\.first).min(), let to = spans.values.map(\.last).max()
    else { throw CalibrationError.noWorkloadData(revision: revision) }
    let range = try TimeWindow(from: from, to: max(to, from + 1))
    let step = configuration.stepMilliseconds
    let covering = spans.filter { $0.value.first <= from + step && $0.value.last >= to - step }
    self.configuration = kept
    cache = loaded
    excludedMetrics = excluded
    self.range = range
    namespaces = covering.keys.sorted()
    leftOutNamespaces = spans.keys.filter { covering[$0] == nil }.sorted()
    leftOutSet = Set(leftOutNamespaces)
  }

  /// The series whose per-step values a metric is counted from: the ones that decide whether
  /// it has workloads (`per` divisors and numerators follow their denominator).
  static func primary(of metric: MetricSpecification) -> Selector {
    switch metric.query {
    case .ratio(_, let denominator): return denominator
    case .quantile(let histogram, _): return histogram.renamed(histogram.metric + "_bucket")
    case .rate(let query, _): return query
    case .gauge(let query, _): return query
    }
  }

  /// Every series named `metric` of `revision`, all its samples.
  private static func load(_ metric: String, data: any MetricData, revision: String) throws
    -> [SeriesSamples]
  {
    try data.samples(
      matching: Selector(metric: metric), revision: revision, after: Int64.min,
      upTo: Int64.max)
  }

  /// Every series named `metric` on the baseline over the whole range, left-out namespaces'
  /// included (``takesPart(_:)`` tells them apart); read once, then from memory.
  func series(named metric: String) throws -> [SeriesSamples] {
    if let hit = cache[metric] { return hit }
    let all = try Self.load(metric, data: data, revision: revision)
    cache[metric] = all
    return all
  }

  /// Whether a series of `namespace` (nil: istiod's, or none named) takes part in the draws.
  func takesPart(_ namespace: String?) -> Bool {
    guard let namespace else { return true }
    return !leftOutSet.contains(namespace)
  }
}
