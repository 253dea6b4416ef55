import GRDB
import GRDBSQLite
import MetricModel

extension CanaryDatabase {
  /// Hands each of `series`' samples with `from < ts <= to` to `body`, one series at a time,
  /// in one read transaction (a concurrent ingest is seen whole or not at all). Only one
  /// series is held at once: memory stays flat however many samples the window holds.
  public func forEachSeriesSamples(
    of series: [StoredSeries], after from: Int64, upTo to: Int64,
    _ body: (SeriesSamples) throws -> Void
  ) throws {
    try Self.mapErrors(path: path) {
      try writer.read { db in
        let statement = try db.makeStatement(
          sql:
            "SELECT ts, value FROM samples WHERE series_id = ? AND ts > ? AND ts <= ? ORDER BY ts")
        let raw = statement.sqliteStatement
        var timestamps: [Int64] = []
        var values: [Double] = []
        for entry in series {
          timestamps.removeAll(keepingCapacity: true)
          values.removeAll(keepingCapacity: true)
          sqlite3_bind_int64(raw, 1, entry.id)
          sqlite3_bind_int64(raw, 2, from)
          sqlite3_bind_int64(raw, 3, to)
          defer { sqlite3_reset(raw) }
          while true {
            let code = sqlite3_step(raw)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
              throw DatabaseError(
                resultCode: ResultCode(rawValue: code),
                message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            timestamps.append(sqlite3_column_int64(raw, 0))
            values.append(
              sqlite3_column_type(raw, 1) == SQLITE_NULL ? .nan : sqlite3_column_double(raw, 1))
          }
          try body(SeriesSamples(labels: entry.labels, timestamps: timestamps, values: values))
        }
      }
    }
  }
}
