import Foundation
import GRDB
import GRDBSQLite
import MetricModel

/// A stored series as the analysis reads it.
public struct StoredSeries: Sendable, Hashable {
  /// Database id.
  public var id: Int64
  /// Labels.
  public var labels: LabelSet
}

extension CanaryDatabase {
  /// Every series of `metric` attributed to `revision`, by id.
  public func series(metric: String, revision: String) throws -> [StoredSeries] {
    try Self.mapErrors(path: path) {
      try writer.read { db in
        try Row.fetchAll(
          db, sql: "SELECT id, labels FROM series WHERE metric = ? AND revision = ? ORDER BY id",
          arguments: [metric, revision]
        ).map { row in
          StoredSeries(id: row["id"], labels: Self.labels(fromJSON: row["labels"]))
        }
      }
    }
  }

  /// The samples of `series` with `from < ts <= to` (Unix milliseconds), in one read
  /// transaction so a concurrent ingest is seen whole or not at all.
  public func samples(of series: [StoredSeries], after from: Int64, upTo to: Int64) throws
    -> [SeriesSamples]
  {
    var all: [SeriesSamples] = []
    try forEachSeriesSamples(of: series, after: from, upTo: to) { all.append($0) }
    return all
  }

  /// First and last sample time of `revision` (Unix milliseconds), nil without samples; of
  /// the series of `metric` only when given.
  public func timeRange(revision: String, metric: String? = nil) throws -> (
    first: Int64, last: Int64
  )? {
    try Self.mapErrors(path: path) {
      try writer.read { db in
        let ids =
          try metric.map {
            try Int64.fetchAll(
              db, sql: "SELECT id FROM series WHERE revision = ? AND metric = ?",
              arguments: [revision, $0])
          }
          ?? Int64.fetchAll(
            db, sql: "SELECT id FROM series WHERE revision = ?", arguments: [revision])
        var first: Int64?
        var last: Int64?
        // Per series, the primary key (series_id, ts) answers MIN and MAX without a scan.
        let low = try db.makeStatement(sql: "SELECT MIN(ts) FROM samples WHERE series_id = ?")
        let high = try db.makeStatement(sql: "SELECT MAX(ts) FROM samples WHERE series_id = ?")
        for id in ids {
          if let value = try Int64.fetchOne(low, arguments: [id]) {
            first = min(first ?? value, value)
          }
          if let value = try Int64.fetchOne(high, arguments: [id]) {
            last = max(last ?? value, value)
          }
        }
        guard let first, let last else { return nil }
        return (first, last)
      }
    }
  }

  /// The revision names the database holds, sorted.
  public func revisionNames() throws -> [String] {
    try Self.mapErrors(path: path) {
      try writer.read { db in
        try String.fetchAll(db, sql: "SELECT DISTINCT revision FROM series ORDER BY revision")
      }
    }
  }

  /// Decodes the canonical label JSON written by ``LabelSet/json``.
  static func labels(fromJSON text: String) -> LabelSet {
    guard let data = text.data(using: .utf8),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: String]
    else { return .empty }
    return LabelSet(object)
  }
}
