import GRDB
import MetricModel

/// The database as the ingest pipeline's sink: one write session per ingest on the writer
/// connection, transactions opened and committed by the pipeline.
extension CanaryDatabase: SampleSink {
  /// Runs `body` on the writer connection, outside any transaction; one `body` leaves open
  /// (it threw) is rolled back. SQLite errors become ``StoreError``.
  public func withWriteSession<T>(_ body: (any SampleSinkSession) throws -> T) throws -> T {
    try Self.mapErrors(path: path) {
      try writer.writeWithoutTransaction { db in
        let writer = try SampleWriter(db)
        do {
          return try body(writer)
        } catch {
          if db.isInsideTransaction { try? db.rollback() }
          throw error
        }
      }
    }
  }
}

extension CanaryDatabase {
  /// Whether `ingested_files` holds a row.
  public func remembersInputs() throws -> Bool {
    try Self.mapErrors(path: path) {
      try writer.read { db in
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM ingested_files)") == true
      }
    }
  }

  /// The files among `pathKeys` an earlier ingest stored whole (one query: the keys go in as
  /// one JSON array, joined in SQLite). An ingest asks only after ``remembersInputs()``.
  public func storedInputs(pathKeys: [Int64]) throws -> [Int64: StoredInput] {
    try Self.mapErrors(path: path) {
      try writer.read { db in
        let json = "[" + pathKeys.map(String.init).joined(separator: ",") + "]"
        let rows = try Row.fetchCursor(
          db,
          sql: """
            SELECT f.path_key, f.identity, f.settings, f.samples
            FROM json_each(?) AS p JOIN ingested_files AS f ON f.path_key = p.value
            """, arguments: [json])
        var found: [Int64: StoredInput] = [:]
        while let row = try rows.next() {
          let input = StoredInput(
            pathKey: row[0], identity: row[1], settings: row[2], samples: row[3])
          found[input.pathKey] = input
        }
        return found
      }
    }
  }
}

extension SampleWriter: SampleSinkSession {
  /// `BEGIN IMMEDIATE`: takes the write lock at once (waiting up to the busy timeout), so the
  /// latest stored timestamps read next stay true until the commit.
  public func beginTransaction() throws -> Bool {
    try database.beginTransaction(.immediate)
    let version = try readDataVersion()
    defer { dataVersion = version }
    // data_version changes only for commits of other connections.
    guard let previous = dataVersion else { return false }
    return previous != version
  }

  /// Commits the open transaction.
  public func commitTransaction() throws {
    try database.commit()
  }

  /// Rolls the open transaction back.
  public func rollbackTransaction() throws {
    try database.rollback()
  }

  /// Every stored series' id by ``SeriesRecord/key``.
  public func storedSeriesIDs() throws -> [String: Int64] {
    var ids: [String: Int64] = [:]
    let rows = try Row.fetchCursor(database, sql: "SELECT id, metric, revision, labels FROM series")
    while let row = try rows.next() {
      let key = SeriesRecord.key(
        metric: row[1], revision: row[2], labelsJSON: row[3])
      ids[key] = row[0]
    }
    return ids
  }

  /// Stores rows known to be new, in key order.
  public func insertNew(_ rows: SampleRows) throws {
    try insertNew(seriesIDs: rows.seriesIDs, timestamps: rows.timestamps, values: rows.values)
  }
}
