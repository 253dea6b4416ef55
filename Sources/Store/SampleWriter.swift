import GRDB
import GRDBSQLite
import MetricModel

/// What writing one sample did.
public enum SampleOutcome: Sendable, Hashable {
  /// A new (series, timestamp) pair was stored.
  case inserted
  /// The same value was already stored for that (series, timestamp): nothing changed.
  case duplicate
  /// A different value was stored for that (series, timestamp): it was replaced.
  case replaced
}

/// Writes series and samples on the database's writer connection: inside one transaction
/// (``CanaryDatabase/writeTransaction(_:)``), or as the ``SampleSinkSession`` of an ingest,
/// which opens and commits its own (``CanaryDatabase/withWriteSession(_:)``).
///
/// Samples go through prepared statements bound with SQLite's C interface: the write path
/// runs once per sample, so it avoids building GRDB argument arrays. Not thread-safe; it
/// lives only for the database access it was made in.
public final class SampleWriter {
  private let db: Database
  private let findSeries: Statement
  private let insertSeries: Statement
  private let insertSample: SQLiteStatement
  private let updateSample: SQLiteStatement
  private let latest: Statement
  private let insertMany: SQLiteStatement
  private let insertOne: SQLiteStatement
  private let range: SQLiteStatement
  private let replace: SQLiteStatement
  let connection: SQLiteConnection
  // Keeps the GRDB statements (and so the raw handles above) alive.
  private let retained: [Statement]
  /// The statement that remembers a stored file, prepared on first use (GRDB's, kept alive,
  /// and its raw handle).
  private var recordInput: (statement: Statement, raw: SQLiteStatement)?
  /// The statement that remembers ``inputsPerStatement`` new files at once, prepared on first
  /// use.
  private var recordNewInputs: (statement: Statement, raw: SQLiteStatement)?
  /// Whether this writer forgot the remembered files (it replaced a value).
  private var forgotStoredInputs = false
  /// `PRAGMA data_version` at the previous ``beginTransaction()``: it changes when another
  /// connection commits.
  var dataVersion: Int64?

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
    latest = try db.makeStatement(sql: "SELECT MAX(ts) FROM samples WHERE series_id = ?")
    // `OR FAIL`: a row that is not new still fails (the session's transaction is then rolled
    // back), but SQLite keeps no statement journal to undo the rows before it. With the
    // default `ABORT` every multi-row statement copied the pages it touched to a temporary
    // file first: 389 MB of writes for a 26 MB database of 1.1 M samples.
    let many = try db.makeStatement(
      sql: "INSERT OR FAIL INTO samples (series_id, ts, value) VALUES "
        + Array(repeating: "(?, ?, ?)", count: Self.rowsPerStatement).joined(separator: ", "))
    let one = try db.makeStatement(
      sql: "INSERT OR FAIL INTO samples (series_id, ts, value) VALUES (?1, ?2, ?3)")
    let stored = try db.makeStatement(
      sql:
        "SELECT ts, value FROM samples WHERE series_id = ?1 AND ts >= ?2 AND ts <= ?3 ORDER BY ts")
    let set = try db.makeStatement(
      sql: "UPDATE samples SET value = ?3 WHERE series_id = ?1 AND ts = ?2")
    insertSample = insert.sqliteStatement
    updateSample = update.sqliteStatement
    insertMany = many.sqliteStatement
    insertOne = one.sqliteStatement
    range = stored.sqliteStatement
    replace = set.sqliteStatement
    retained = [insert, update, many, one, stored, set]
    // A Database always has an open connection while its closure runs.
    connection = db.sqliteConnection!
  }

  /// The id of the series `record`, inserting it when new.
  ///
  /// A series is identified by (metric, revision, labels); the first type and attribution
  /// seen for it are kept.
  public func seriesID(for record: SeriesRecord) throws -> Int64 {
    try resolveSeries(record).id
  }

  /// The id of the series `record`, and whether it was inserted now.
  public func resolveSeries(_ record: SeriesRecord) throws -> (id: Int64, created: Bool) {
    let labels = record.labels.json
    if let id = try Int64.fetchOne(findSeries, arguments: [record.metric, record.revision, labels])
    {
      return (id, false)
    }
    try insertSeries.execute(arguments: [
      record.metric, record.family, record.type.rawValue, record.revision, labels,
      record.attribution.rawValue,
    ])
    return (db.lastInsertedRowID, true)
  }

  /// Rows bound into one statement by ``insertNew(seriesIDs:timestamps:values:)``.
  static let rowsPerStatement = 128

  /// The latest timestamp stored for a series, or nil when it has no sample.
  public func latestTimestamp(seriesID: Int64) throws -> Int64? {
    try Int64.fetchOne(latest, arguments: [seriesID])
  }

  /// Stores samples known to be new, each later than every stored sample of its series.
  ///
  /// Many rows go in one statement, which halves the cost per sample against
  /// ``write(seriesID:timestampMilliseconds:value:)``. A row that is not new fails the whole
  /// transaction with a constraint error: callers check ``latestTimestamp(seriesID:)`` first.
  public func insertNew(seriesIDs: [Int64], timestamps: [Int64], values: [Double]) throws {
    let count = seriesIDs.count
    var start = 0
    while count - start >= Self.rowsPerStatement {
      for row in 0..<Self.rowsPerStatement {
        bind(
          insertMany, at: Int32(3 * row), seriesIDs[start + row], timestamps[start + row],
          values[start + row])
      }
      try step(insertMany)
      start += Self.rowsPerStatement
    }
    while start < count {
      bind(insertOne, at: 0, seriesIDs[start], timestamps[start], values[start])
      try step(insertOne)
      start += 1
    }
  }

  /// Stores one sample; NaN is stored as NULL.
  public func write(seriesID: Int64, timestampMilliseconds: Int64, value: Double) throws
    -> SampleOutcome
  {
    if try run(insertSample, seriesID, timestampMilliseconds, value) {
      return .inserted
    }
    guard try run(updateSample, seriesID, timestampMilliseconds, value) else { return .duplicate }
    try forgetStoredInputsOnce()
    return .replaced
  }

  /// Binds and steps `statement`; returns whether it changed a row.
  private func run(_ statement: SQLiteStatement, _ series: Int64, _ ts: Int64, _ value: Double)
    throws -> Bool
  {
    bind(statement, at: 0, series, ts, value)
    try step(statement)
    return sqlite3_changes(connection) > 0
  }

  /// The stored samples of a series with `from <= ts <= through`, in time order.
  public func storedSamples(seriesID: Int64, from: Int64, through: Int64) throws -> (
    timestamps: [Int64], values: [Double]
  ) {
    var timestamps: [Int64] = []
    var values: [Double] = []
    sqlite3_bind_int64(range, 1, seriesID)
    sqlite3_bind_int64(range, 2, from)
    sqlite3_bind_int64(range, 3, through)
    defer { sqlite3_reset(range) }
    while true {
      let code = sqlite3_step(range)
      if code == SQLITE_DONE { break }
      guard code == SQLITE_ROW else { throw lastError(code) }
      timestamps.append(sqlite3_column_int64(range, 0))
      values.append(
        sqlite3_column_type(range, 1) == SQLITE_NULL ? .nan : sqlite3_column_double(range, 1))
    }
    return (timestamps, values)
  }

  /// Sets the value of a stored sample; NaN is stored as NULL.
  public func replaceValue(seriesID: Int64, timestamp: Int64, value: Double) throws {
    bind(replace, at: 0, seriesID, timestamp, value)
    try step(replace)
    try forgetStoredInputsOnce()
  }

  /// A stored value changed: the files remembered as stored whole may hold the old one, so
  /// they are forgotten (once per writer; the ingest pipeline also records none after it).
  private func forgetStoredInputsOnce() throws {
    guard !forgotStoredInputs else { return }
    try forgetStoredInputs()
    forgotStoredInputs = true
  }

  /// Binds one row's three values after the first `offset` parameters; NaN binds as NULL.
  private func bind(
    _ statement: SQLiteStatement, at offset: Int32, _ series: Int64, _ ts: Int64, _ value: Double
  ) {
    sqlite3_bind_int64(statement, offset + 1, series)
    sqlite3_bind_int64(statement, offset + 2, ts)
    if value.isNaN {
      sqlite3_bind_null(statement, offset + 3)
    } else {
      sqlite3_bind_double(statement, offset + 3, value)
    }
  }

  /// Steps `statement` to completion and resets it, throwing SQLite's error.
  private func step(_ statement: SQLiteStatement) throws {
    let code = sqlite3_step(statement)
    sqlite3_reset(statement)
    guard code == SQLITE_DONE else { throw lastError(code) }
  }

  /// SQLite's error for the result `code` of the last call on this connection.
  private func lastError(_ code: Int32) -> DatabaseError {
    DatabaseError(
      resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
  }

  /// Files remembered by one statement of ``recordInputs(_:)``.
  static let inputsPerStatement = 64

  /// Remembers files stored whole (see migration 0006), replacing earlier rows of their paths.
  ///
  /// A directory of scrapes remembers tens of thousands of files, most never seen before: they
  /// go in ``inputsPerStatement`` at a time with `INSERT OR FAIL` (no statement journal, as
  /// for samples). A group holding a path already remembered (a file read again, or given
  /// twice) fails there and is written again row by row, each replacing the row of its path.
  public func recordInputs(_ inputs: [StoredInput]) throws {
    guard !inputs.isEmpty else { return }
    var start = 0
    while inputs.count - start >= Self.inputsPerStatement {
      let group = inputs[start..<start + Self.inputsPerStatement]
      if try !insertNewInputs(group) { try replaceInputs(group) }
      start += Self.inputsPerStatement
    }
    try replaceInputs(inputs[start...])
  }

  /// Inserts the rows of `group` (``inputsPerStatement`` of them) in one statement; false when
  /// one of their paths is already remembered (the rows before it are in, and stay).
  private func insertNewInputs(_ group: ArraySlice<StoredInput>) throws -> Bool {
    if recordNewInputs == nil {
      let statement = try db.makeStatement(
        sql: "INSERT OR FAIL INTO ingested_files (path_key, identity, settings, samples) VALUES "
          + Array(repeating: "(?, ?, ?, ?)", count: Self.inputsPerStatement).joined(
            separator: ", "))
      recordNewInputs = (statement, statement.sqliteStatement)
    }
    guard let statement = recordNewInputs?.raw else { return false }
    for (offset, input) in group.enumerated() {
      let column = Int32(offset * 4)
      sqlite3_bind_int64(statement, column + 1, input.pathKey)
      sqlite3_bind_int64(statement, column + 2, input.identity)
      sqlite3_bind_int64(statement, column + 3, input.settings)
      sqlite3_bind_int64(statement, column + 4, Int64(input.samples))
    }
    let code = sqlite3_step(statement)
    sqlite3_reset(statement)
    if code == SQLITE_DONE { return true }
    if code & 0xFF == SQLITE_CONSTRAINT { return false }
    throw lastError(code)
  }

  /// Remembers each of `inputs` with its own statement, replacing an earlier row of its path.
  private func replaceInputs(_ inputs: ArraySlice<StoredInput>) throws {
    guard !inputs.isEmpty else { return }
    if recordInput == nil {
      let statement = try db.makeStatement(
        sql: """
          INSERT OR REPLACE INTO ingested_files (path_key, identity, settings, samples)
          VALUES (?1, ?2, ?3, ?4)
          """)
      recordInput = (statement, statement.sqliteStatement)
    }
    guard let statement = recordInput?.raw else { return }
    for input in inputs {
      sqlite3_bind_int64(statement, 1, input.pathKey)
      sqlite3_bind_int64(statement, 2, input.identity)
      sqlite3_bind_int64(statement, 3, input.settings)
      sqlite3_bind_int64(statement, 4, Int64(input.samples))
      try step(statement)
    }
  }

  /// Forgets every remembered file.
  public func forgetStoredInputs() throws {
    try db.execute(sql: "DELETE FROM ingested_files")
  }

  /// The connection's `PRAGMA data_version`.
  func readDataVersion() throws -> Int64 {
    try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
  }

  /// The GRDB connection, for the session's transaction control.
  var database: Database { db }
}

extension CanaryDatabase {
  /// Runs `body` in one write transaction: everything it writes lands, or nothing does.
  public func writeTransaction<T>(_ body: (SampleWriter) throws -> T) throws -> T {
    try Self.mapErrors(path: path) {
      try writer.write { db in try body(SampleWriter(db)) }
    }
  }
}
