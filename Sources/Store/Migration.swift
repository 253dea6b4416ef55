import GRDB

/// One schema step of `migrations/`: `NNNN_name.sql`, applied once and recorded.
public struct Migration: Sendable, Hashable {
  /// The number of the step (`NNNN`); the schema version after it is applied.
  public var version: Int
  /// The name after the number, e.g. `initial`.
  public var name: String
  /// The SQL text of the file.
  public var sql: String

  /// The identifier recorded in `grdb_migrations`, equal to the file name without `.sql`.
  public var identifier: String {
    let digits = String(version)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_" + name
  }

  /// The schema version this binary migrates to: the last embedded step.
  public static var latestVersion: Int { embedded.last?.version ?? 0 }

  /// Brings `db` to `version`, applying the missing steps in one `BEGIN IMMEDIATE`
  /// transaction.
  ///
  /// A database already at `version` is only read, without the write lock, so opening one
  /// never waits for an ingest. Otherwise the write lock is taken and the applied steps are
  /// read again under it, so any number of processes may open a fresh database at once:
  /// the first applies the steps, every later one waits on the lock (the busy timeout) and
  /// then finds them recorded. Applied steps are recorded in `grdb_migrations`, the table
  /// GRDB's migrator kept, so older databases stay readable.
  ///
  /// - Throws: ``StoreError/newerSchema(path:database:binary:)`` when the database holds a
  ///   step this binary does not know, or a higher `user_version`.
  static func migrate(_ db: Database, upTo version: Int, path: String) throws {
    guard try !pending(db, upTo: version, path: path).isEmpty else { return }
    try db.inTransaction(.immediate) {
      for step in try pending(db, upTo: version, path: path) {
        try db.execute(
          sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        try db.execute(sql: step.sql)
        try db.execute(
          sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [step.identifier])
        // user_version lets plain sqlite3 users see the schema version too.
        try db.execute(sql: "PRAGMA user_version = \(step.version)")
      }
      return .commit
    }
  }

  /// The embedded steps up to `version` that `db` has not applied, in order.
  private static func pending(_ db: Database, upTo version: Int, path: String) throws
    -> [Migration]
  {
    var applied: Set<String> = []
    // sqlite_master itself, not GRDB's schema cache, which another process may have outdated.
    let recorded = try Bool.fetchOne(
      db,
      sql:
        "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations'")
    if recorded == true {
      applied = try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations")
    }
    let storedVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
    let known = Set(embedded.map(\.identifier))
    let unknown = applied.filter { !known.contains($0) }
    if storedVersion > latestVersion || !unknown.isEmpty {
      let newest = unknown.compactMap { Int($0.prefix(4)) }.max() ?? storedVersion
      throw StoreError.newerSchema(
        path: path, database: max(newest, storedVersion), binary: latestVersion)
    }
    return embedded.filter { $0.version <= version && !applied.contains($0.identifier) }
  }
}
