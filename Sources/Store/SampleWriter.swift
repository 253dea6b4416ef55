import GRDB
import GRDBSQLite

/// What writing one sample did.
public enum SampleOutcome: Sendable, Hashable {
  /// A new (series, timestamp) pair was stored.
  case inserted
  /// The same value was already stored for that (series, timestamp): nothing changed.
  case duplicate
  /// A different value was stored for that (series, timestamp): it was replaced.
  case replaced
}

/// Writes series and samples inside one write transaction (one input file).
///
/// Samples go through prepared statements bound with SQLite's C interface: the write path
/// runs once per sample, so it avoids building GRDB argument arrays. Not thread-safe; it
/// lives only for the transaction it was made in.
public final class SampleWriter {
  private let db: Database
  private let findSeries: Statement
  private let insertSeries: Statement
  private let insertSample: SQLiteStatement
  private let updateSample: SQLiteStatement
  private let connection: SQLiteConnection
  // Keeps the GRDB statements (and so the raw handles above) alive.
  private let retained: [Statement]

  init(_ db: Database) throws {
    self.db = db
    findSeries = try db.makeStatement(
      sql: "SELECT id FROM series WHERE metric = ? AND revision = ? AND labels = ?")
    insertSeries = try db.makeStatement(
      sql: """
        INSERT INTO series (metric, family, type, revision, labels, attribution)
        VALUES (?, ?, ?, ?, ?, ?)
        """)
    let insert = try db.makeStatement(
      sql: "INSERT OR IGNORE INTO samples (series_id, ts, value) VALUES (?1, ?2, ?3)")
    // `IS NOT` treats NULL (a stored NaN) as equal to NULL, so NaN again is a duplicate.
    let update = try db.makeStatement(
      sql: "UPDATE samples SET value = ?3 WHERE series_id = ?1 AND ts = ?2 AND value IS NOT ?3")
    insertSample = insert.sqliteStatement
    updateSample = update.sqliteStatement
    retained = [insert, update]
    // A Database always has an open connection while its closure runs.
    connection = db.sqliteConnection!
  }

  /// The id of the series `record`, inserting it when new.
  ///
  /// A series is identified by (metric, revision, labels); the first type and attribution
  /// seen for it are kept.
  public func seriesID(for record: SeriesRecord) throws -> Int64 {
    let labels = record.labels.json
    if let id = try Int64.fetchOne(findSeries, arguments: [record.metric, record.revision, labels])
    {
      return id
    }
    try insertSeries.execute(arguments: [
      record.metric, record.family, record.type.rawValue, record.revision, labels,
      record.attribution.rawValue,
    ])
    return db.lastInsertedRowID
  }

  /// Stores one sample; NaN is stored as NULL.
  public func write(seriesID: Int64, timestampMilliseconds: Int64, value: Double) throws
    -> SampleOutcome
  {
    if try run(insertSample, seriesID, timestampMilliseconds, value) {
      return .inserted
    }
    return try run(updateSample, seriesID, timestampMilliseconds, value) ? .replaced : .duplicate
  }

  /// Binds and steps `statement`; returns whether it changed a row.
  private func run(_ statement: SQLiteStatement, _ series: Int64, _ ts: Int64, _ value: Double)
    throws -> Bool
  {
    sqlite3_bind_int64(statement, 1, series)
    sqlite3_bind_int64(statement, 2, ts)
    if value.isNaN {
      sqlite3_bind_null(statement, 3)
    } else {
      sqlite3_bind_double(statement, 3, value)
    }
    let code = sqlite3_step(statement)
    sqlite3_reset(statement)
    guard code == SQLITE_DONE else {
      throw DatabaseError(
        resultCode: ResultCode(rawValue: code),
        message: String(cString: sqlite3_errmsg(connection)))
    }
    return sqlite3_changes(connection) > 0
  }
}

extension CanaryDatabase {
  /// Runs `body` in one write transaction: everything it writes lands, or nothing does.
  public func writeTransaction<T>(_ body: (SampleWriter) throws -> T) throws -> T {
    try Self.mapErrors(path: path) {
      try writer.write { db in try body(SampleWriter(db)) }
    }
  }
}
