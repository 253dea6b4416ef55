import Foundation
import GRDB

/// The per-step values of one metric and revision that a remote server computed over one
/// window (`canary pull`).
public struct PulledSeries: Sendable, Equatable {
  /// Revision the values belong to.
  public var revision: String
  /// The configuration's metric name.
  public var metric: String
  /// The configuration's step, milliseconds.
  public var stepMilliseconds: Int64
  /// First step end queried, Unix milliseconds.
  public var from: Int64
  /// Last step end queried, Unix milliseconds.
  public var to: Int64
  /// The PromQL that computed the values.
  public var query: String
  /// The server's base URL.
  public var server: String
  /// When the values were pulled, Unix milliseconds.
  public var pulledAt: Int64
  /// Step ends, Unix milliseconds, increasing.
  public var timestamps: [Int64]
  /// Values, one per step end; finite.
  public var values: [Double]

  /// Creates a pulled series.
  public init(
    revision: String, metric: String, stepMilliseconds: Int64, from: Int64, to: Int64,
    query: String, server: String, pulledAt: Int64, timestamps: [Int64] = [],
    values: [Double] = []
  ) {
    self.revision = revision
    self.metric = metric
    self.stepMilliseconds = stepMilliseconds
    self.from = from
    self.to = to
    self.query = query
    self.server = server
    self.pulledAt = pulledAt
    self.timestamps = timestamps
    self.values = values
  }
}

/// A pulled window of one metric and revision, without its values.
public struct PulledWindow: Sendable, Equatable {
  /// The configuration's metric name.
  public var metric: String
  /// First step end queried, Unix milliseconds.
  public var from: Int64
  /// Last step end queried, Unix milliseconds.
  public var to: Int64
}

extension CanaryDatabase {
  /// Stores pulled series in one transaction; each replaces whatever an earlier pull stored
  /// for its revision, metric and step between its `from` and `to`. Non-finite values are
  /// not stored (the analysis drops them anyway).
  public func replacePulledSteps(_ pulls: [PulledSeries]) throws {
    try Self.mapErrors(path: path) {
      try writer.write { db in try Self.writePulledSteps(pulls, in: db) }
    }
  }

  /// Writes `pulls` as ``replacePulledSteps(_:)`` does, inside the caller's transaction.
  static func writePulledSteps(_ pulls: [PulledSeries], in db: Database) throws {
    for pull in pulls {
      try db.execute(
        sql: """
          DELETE FROM pulled_steps
           WHERE revision = ? AND metric = ? AND step_ms = ? AND ts >= ? AND ts <= ?
          """,
        arguments: [pull.revision, pull.metric, pull.stepMilliseconds, pull.from, pull.to])
      // A window inside the new one is superseded by it.
      try db.execute(
        sql: """
          DELETE FROM pulled_windows
           WHERE revision = ? AND metric = ? AND step_ms = ? AND from_ts >= ? AND to_ts <= ?
          """,
        arguments: [pull.revision, pull.metric, pull.stepMilliseconds, pull.from, pull.to])
      let insert = try db.cachedStatement(
        sql: """
          INSERT OR REPLACE INTO pulled_steps
            (revision, metric, step_ms, ts, value, query, pulled_at)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          """)
      var points = 0
      for (timestamp, value) in zip(pull.timestamps, pull.values) where value.isFinite {
        try insert.execute(arguments: [
          pull.revision, pull.metric, pull.stepMilliseconds, timestamp, value, pull.query,
          pull.pulledAt,
        ])
        points += 1
      }
      try db.execute(
        sql: """
          INSERT OR REPLACE INTO pulled_windows
            (revision, metric, step_ms, from_ts, to_ts, query, server, pulled_at, points)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          pull.revision, pull.metric, pull.stepMilliseconds, pull.from, pull.to, pull.query,
          pull.server, pull.pulledAt, points,
        ])
    }
  }

  /// The pulled windows of `revision` at `step` that overlap `[from, to]` (Unix milliseconds).
  public func pulledWindows(
    revision: String, stepMilliseconds step: Int64, overlapping from: Int64, _ to: Int64
  ) throws -> [PulledWindow] {
    try windows(in: .values, revision: revision, step: step, overlapping: from, to)
  }

  /// The two tables of pulled windows: per-revision values, per-workload parts.
  enum WindowTable: String {
    case values = "pulled_windows"
    case units = "pulled_unit_windows"
  }

  /// The windows of `table` for `revision` at `step` that overlap `[from, to]`.
  func windows(
    in table: WindowTable, revision: String, step: Int64, overlapping from: Int64, _ to: Int64
  ) throws -> [PulledWindow] {
    try Self.mapErrors(path: path) {
      try writer.read { db in
        try Row.fetchAll(
          db,
          sql: """
            SELECT metric, from_ts, to_ts FROM \(table.rawValue)
             WHERE revision = ? AND step_ms = ? AND from_ts <= ? AND to_ts >= ?
             ORDER BY metric, from_ts
            """,
          arguments: [revision, step, to, from]
        ).map { PulledWindow(metric: $0["metric"], from: $0["from_ts"], to: $0["to_ts"]) }
      }
    }
  }

  /// The pulled values of `metric` for `revision` at `step` with `from <= ts <= to`, in time
  /// order.
  public func pulledSteps(
    revision: String, metric: String, stepMilliseconds step: Int64, from: Int64, to: Int64
  ) throws -> [(Int64, Double)] {
    try Self.mapErrors(path: path) {
      try writer.read { db in
        try Row.fetchAll(
          db,
          sql: """
            SELECT ts, value FROM pulled_steps
             WHERE revision = ? AND metric = ? AND step_ms = ? AND ts >= ? AND ts <= ?
             ORDER BY ts
            """,
          arguments: [revision, metric, step, from, to]
        ).map { ($0["ts"], $0["value"]) }
      }
    }
  }

  /// The revisions that have pulled windows, sorted.
  public func pulledRevisionNames() throws -> [String] {
    try Self.mapErrors(path: path) {
      try writer.read { db in
        try String.fetchAll(
          db, sql: "SELECT DISTINCT revision FROM pulled_windows ORDER BY revision")
      }
    }
  }
}
