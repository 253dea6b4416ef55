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

  /// Brings `db` to `version` in one `BEGIN IMMEDIATE` transaction.
  ///
  /// The write lock is taken before anything is read, so any number of processes may open
  /// a fresh database at once: the first applies the steps, every later one waits on the
  /// lock (the busy timeout) and then finds them recorded. Applied steps are recorded in
  /// `grdb_migrations`, the table GRDB's migrator kept, so older databases stay readable.
  ///
  /// - Throws: ``StoreError/newerSchema(path:database:binary:)`` when the database holds a
  ///   step this binary does not know, or a higher `user_version`.
  static func migrate(_ db: Database, upTo version: Int, path: String) throws {
    try db.inTransaction(.immediate) {
      try db.execute(
        sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
      let applied = try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations")
      let storedVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
      let known = Set(embedded.map(\.identifier))
      let unknown = applied.filter { !known.contains($0) }
      if storedVersion > latestVersion || !unknown.isEmpty {
        let newest = unknown.compactMap { Int($0.prefix(4)) }.max() ?? storedVersion
        throw StoreError.newerSchema(
          path: path, database: max(newest, storedVersion), binary: latestVersion)
      }
      for step in embedded where step.version <= version && !applied.contains(step.identifier) {
        try db.execute(sql: step.sql)
        try db.execute(
          sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [step.identifier])
        // user_version lets plain sqlite3 users see the schema version too.
        try db.execute(sql: "PRAGMA user_version = \(step.version)")
      }
      return .commit
    }
  }
}
