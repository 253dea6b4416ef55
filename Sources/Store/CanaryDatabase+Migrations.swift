import GRDB
import MetricModel

/// One stored series of a counter over its stored time (`canary migrations`).
public struct SeriesSpan: Sendable, Hashable {
  /// Revision the series is attributed to.
  public var revision: String
  /// Its labels.
  public var labels: LabelSet
  /// The rule that chose the revision.
  public var attribution: Attribution
  /// First sample time, Unix milliseconds.
  public var firstTimestamp: Int64
  /// Last sample time, Unix milliseconds.
  public var lastTimestamp: Int64
  /// How much the counter grew between its first and last stored samples: a value below the
  /// one before it is a reset, after which the counter counts from 0 again.
  public var increase: Double

  /// Creates a span.
  public init(
    revision: String, labels: LabelSet, attribution: Attribution, firstTimestamp: Int64,
    lastTimestamp: Int64, increase: Double
  ) {
    self.revision = revision
    self.labels = labels
    self.attribution = attribution
    self.firstTimestamp = firstTimestamp
    self.lastTimestamp = lastTimestamp
    self.increase = increase
  }
}

extension CanaryDatabase {
  /// Every series of `metric` that has samples, with its time range and counter increase, in
  /// stored order.
  public func seriesSpans(metric: String) throws -> [SeriesSpan] {
    try Self.mapErrors(path: path) {
      try writer.read { db in
        var spans: [SeriesSpan] = []
        var current: (id: Int64, span: SeriesSpan, last: Double?)?
        let cursor = try Row.fetchCursor(
          db,
          sql: """
            SELECT s.id AS id, s.revision AS revision, s.labels AS labels,
                   s.attribution AS attribution, p.ts AS ts, p.value AS value
              FROM series s JOIN samples p ON p.series_id = s.id
             WHERE s.metric = ?
             ORDER BY s.id, p.ts
            """,
          arguments: [metric])
        while let row = try cursor.next() {
          let id: Int64 = row["id"]
          let timestamp: Int64 = row["ts"]
          let value: Double? = row["value"]
          if current?.id != id {
            if let done = current { spans.append(done.span) }
            let rule = Attribution(rawValue: row["attribution"]) ?? .default
            current = (
              id,
              SeriesSpan(
                revision: row["revision"], labels: Self.labels(fromJSON: row["labels"]),
                attribution: rule, firstTimestamp: timestamp, lastTimestamp: timestamp,
                increase: 0),
              value
            )
            continue
          }
          guard var open = current else { continue }
          open.span.lastTimestamp = timestamp
          if let value, value.isFinite {
            if let previous = open.last, value >= previous {
              open.span.increase += value - previous
            } else if open.last != nil {
              open.span.increase += value
            }
            open.last = value
          }
          current = open
        }
        if let done = current { spans.append(done.span) }
        return spans
      }
    }
  }
}
