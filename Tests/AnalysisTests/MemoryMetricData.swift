import MetricModel

@testable import Analysis

/// Samples held in memory, for analysis tests without a database.
struct MemoryMetricData: MetricData {
  /// (revision, metric name) → series.
  var series: [String: [SeriesSamples]] = [:]

  mutating func add(
    revision: String, metric: String, labels: [String: String] = [:], points: [(Int64, Double)]
  ) {
    series["\(revision)/\(metric)", default: []].append(
      SeriesSamples(labels: LabelSet(labels), timestamps: points.map(\.0), values: points.map(\.1)))
  }

  func samples(matching selector: Selector, revision: String, after: Int64, upTo: Int64) throws
    -> [SeriesSamples]
  {
    (series["\(revision)/\(selector.metric)"] ?? []).filter { selector.matches($0.labels) }.map {
      whole in
      let kept = whole.timestamps.indices.filter {
        whole.timestamps[$0] > after && whole.timestamps[$0] <= upTo
      }
      return SeriesSamples(
        labels: whole.labels, timestamps: kept.map { whole.timestamps[$0] },
        values: kept.map { whole.values[$0] })
    }
  }
}
