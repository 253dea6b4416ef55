import MetricModel

/// Where the analysis reads samples: the database, or memory in tests.
public protocol MetricData {
  /// Samples of every series of `selector` attributed to `revision`, with `after < t <= upTo`.
  func samples(matching selector: Selector, revision: String, after: Int64, upTo: Int64) throws
    -> [SeriesSamples]
}

/// Remembers what was read, so metrics sharing a selector (p50, p90 and p99 of one
/// histogram) read its samples once.
final class CachedMetricData: MetricData {
  private let source: any MetricData
  private var cache: [String: [SeriesSamples]] = [:]

  init(_ source: any MetricData) {
    self.source = source
  }

  func samples(matching selector: Selector, revision: String, after: Int64, upTo: Int64) throws
    -> [SeriesSamples]
  {
    let key = "\(selector)\u{0}\(revision)\u{0}\(after)\u{0}\(upTo)"
    if let hit = cache[key] { return hit }
    let found = try source.samples(matching: selector, revision: revision, after: after, upTo: upTo)
    cache[key] = found
    return found
  }
}
