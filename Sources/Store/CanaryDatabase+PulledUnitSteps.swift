import Foundation
import GRDB

/// The per-workload parts of one metric's observations that a remote server computed for one
/// revision over one window (`canary pull`): table `pulled_unit_steps` (migration 0005).
public struct PulledUnitSeries: Sendable {
  /// One component of one unit: its values at step ends.
  public struct Values: Sendable, Equatable {
    /// `numerator`, `bucket:LE`, `sum`, ... (see the migration).
    public var component: String
    /// `namespace/workload`, or '' for series that name none.
    public var unit: String
    /// (step end in Unix milliseconds, value), increasing.
    public var points: [Point]

    /// Creates the values of one component and unit.
    public init(component: String, unit: String, points: [Point]) {
      self.component = component
      self.unit = unit
      self.points = points
    }
  }

  /// One step end and its value.
  public struct Point: Sendable, Equatable {
    /// Step end, Unix milliseconds.
    public var time: Int64
    /// The value.
    public var value: Double

    /// Creates a point.
    public init(time: Int64, value: Double) {
      self.time = time
      self.value = value
    }
  }

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
  /// The PromQL of every component.
  public var queries: [String]
  /// The server's base URL.
  public var server: String
  /// When the values were pulled, Unix milliseconds.
  public var pulledAt: Int64
  /// The values, component by component and unit by unit.
  public var values: [Values]

  /// Creates a pulled window of one metric's parts.
  public init(
    revision: String, metric: String, stepMilliseconds: Int64, from: Int64, to: Int64,
    queries: [String], server: String, pulledAt: Int64, values: [Values] = []
  ) {
    self.revision = revision
    self.metric = metric
    self.stepMilliseconds = stepMilliseconds
    self.from = from
    self.to = to
    self.queries = queries
    self.server = server
    self.pulledAt = pulledAt
    self.values = values
  }
}

/// One stored part value, as read back.
public struct PulledUnitValue: Sendable, Equatable {
  /// The component (see ``PulledUnitSeries/Values/component``).
  public var component: String
  /// The unit.
  public var unit: String
  /// Step end, Unix milliseconds.
  public var time: Int64
  /// The value.
  public var value: Double
}

extension CanaryDatabase {
  /// Stores per-revision series and per-workload parts in one transaction: a failed pull
  /// writes nothing. Each replaces what an earlier pull stored for its revision, metric and
  /// step between its `from` and `to`.
  public func replacePulled(steps: [PulledSeries], units: [PulledUnitSeries]) throws {
    try Self.mapErrors(path: path) {
      try writer.write { db in
        try Self.writePulledSteps(steps, in: db)
        for pull in units { try Self.writePulledUnits(pull, in: db) }
      }
    }
  }

  private static func writePulledUnits(_ pull: PulledUnitSeries, in db: Database) throws {
    let key: [any DatabaseValueConvertible] = [pull.revision, pull.metric, pull.stepMilliseconds]
    try db.execute(
      sql: """
        DELETE FROM pulled_unit_steps
         WHERE revision = ? AND metric = ? AND step_ms = ? AND ts >= ? AND ts <= ?
        """, arguments: StatementArguments(key + [pull.from, pull.to]))
    try db.execute(
      sql: """
        DELETE FROM pulled_unit_windows
         WHERE revision = ? AND metric = ? AND step_ms = ? AND from_ts >= ? AND to_ts <= ?
        """, arguments: StatementArguments(key + [pull.from, pull.to]))
    let insert = try db.cachedStatement(
      sql: """
        INSERT OR REPLACE INTO pulled_unit_steps
          (revision, metric, step_ms, component, unit, ts, value, pulled_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """)
    var points = 0
    for entry in pull.values {
      for point in entry.points where point.value.isFinite {
        try insert.execute(
          arguments: StatementArguments(
            key + [entry.component, entry.unit, point.time, point.value, pull.pulledAt]))
        points += 1
      }
    }
    try db.execute(
      sql: """
        INSERT OR REPLACE INTO pulled_unit_windows
          (revision, metric, step_ms, from_ts, to_ts, queries, server, pulled_at, points)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: StatementArguments(
        key + [
          pull.from, pull.to, pull.queries.joined(separator: "\n"), pull.server, pull.pulledAt,
          points,
        ]))
  }

  /// The pulled unit windows of `revision` at `step` that overlap `[from, to]`.
  public func pulledUnitWindows(
    revision: String, stepMilliseconds step: Int64, overlapping from: Int64, _ to: Int64
  ) throws -> [PulledWindow] {
    try windows(in: .units, revision: revision, step: step, overlapping: from, to)
  }

  /// The pulled parts of `metric` for `revision` at `step` with `from <= ts <= to`, by
  /// component, unit and time.
  public func pulledUnitSteps(
    revision: String, metric: String, stepMilliseconds step: Int64, from: Int64, to: Int64
  ) throws -> [PulledUnitValue] {
    try Self.mapErrors(path: path) {
      try writer.read { db in
        try Row.fetchAll(
          db,
          sql: """
            SELECT component, unit, ts, value FROM pulled_unit_steps
             WHERE revision = ? AND metric = ? AND step_ms = ? AND ts >= ? AND ts <= ?
             ORDER BY component, unit, ts
            """,
          arguments: [revision, metric, step, from, to]
        ).map {
          PulledUnitValue(
            component: $0["component"], unit: $0["unit"], time: $0["ts"], value: $0["value"])
        }
      }
    }
  }
}
