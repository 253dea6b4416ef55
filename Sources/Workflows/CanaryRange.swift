import Analysis
import Store

/// The time range a canary revision covers in the database, from when it first served a
/// workload: its control plane may report long before anything moves to it, and a window
/// from then would compare its idle istiod and dilute every look of a watch.
enum CanaryRange {
  /// The counter whose first sample on the canary marks its start: the denominator of the
  /// configuration's first `ratio` metric (requests, in the built-in configuration).
  static func trafficMetric(_ configuration: AnalysisConfiguration) -> String? {
    for metric in configuration.metrics {
      if case .ratio(_, let denominator) = metric.query { return denominator.metric }
    }
    return nil
  }

  /// First and last sample of `revision`, the first moved to its first traffic sample when it
  /// has any; nil without samples.
  static func of(
    _ revision: String, in store: CanaryDatabase, configuration: AnalysisConfiguration
  ) throws -> (first: Int64, last: Int64)? {
    guard var range = try store.timeRange(revision: revision) else { return nil }
    if let traffic = trafficMetric(configuration),
      let served = try store.timeRange(revision: revision, metric: traffic),
      served.first < range.last
    {
      range.first = served.first
    }
    return range
  }
}
