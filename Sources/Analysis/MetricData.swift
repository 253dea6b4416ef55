import MetricModel

/// Where the analysis reads samples: the database, or memory in tests.
public protocol MetricData {
  /// Samples of every series of `selector` attributed to `revision`, with `after < t <= upTo`.
  func samples(matching selector: Selector, revision: String, after: Int64, upTo: Int64) throws
    -> [SeriesSamples]

  /// The same series handed to `body` one at a time, so a source that can stream (the
  /// database) holds only one series in memory.
  func forEachSeries(
    matching selector: Selector, revision: String, after: Int64, upTo: Int64,
    _ body: (SeriesSamples) throws -> Void) throws
}

extension MetricData {
  /// Reads every series, then hands them over: for sources that hold them anyway.
  public func forEachSeries(
    matching selector: Selector, revision: String, after: Int64, upTo: Int64,
    _ body: (SeriesSamples) throws -> Void
  ) throws {
    for series in try samples(matching: selector, revision: revision, after: after, upTo: upTo) {
      try body(series)
    }
  }
}
