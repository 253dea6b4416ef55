import Analysis
import MetricModel
import Store

extension CanaryDatabase: MetricData {
  /// Reads the series of the selector's metric, keeps those its matchers select, then their
  /// samples.
  public func samples(matching selector: Selector, revision: String, after: Int64, upTo: Int64)
    throws -> [SeriesSamples]
  {
    let chosen = try series(metric: selector.metric, revision: revision).filter {
      selector.matches($0.labels)
    }
    return try samples(of: chosen, after: after, upTo: upTo)
  }

  /// Streams the selected series one at a time (flat memory).
  public func forEachSeries(
    matching selector: Selector, revision: String, after: Int64, upTo: Int64,
    _ body: (SeriesSamples) throws -> Void
  ) throws {
    let chosen = try series(metric: selector.metric, revision: revision).filter {
      selector.matches($0.labels)
    }
    try forEachSeriesSamples(of: chosen, after: after, upTo: upTo, body)
  }
}

/// No samples at all: the data of an analysis whose database does not exist (`analyze
/// --prometheus --no-save` on a new machine), where pulled values are all there is.
struct NoMetricData: MetricData {
  func samples(matching selector: Selector, revision: String, after: Int64, upTo: Int64)
    -> [SeriesSamples]
  { [] }
}
