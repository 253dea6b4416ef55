import Foundation
import GRDB

/// The canary SQLite database: series, samples and the dashboard views.
///
/// Wraps an injected GRDB writer: a `DatabasePool` (WAL mode, so dashboards read while an
/// ingest writes) for files, a `DatabaseQueue` in memory for tests. Opening migrates the
/// schema to the binary's version and refuses a database written by a newer binary.
public struct CanaryDatabase: Sendable {
  /// The underlying writer; every read and write goes through it.
  let writer: any DatabaseWriter
  /// The path shown in error messages (`:memory:` for in-memory databases).
  public let path: String

  /// How long a writer waits for another process's lock before failing. Parallel pipeline
  /// steps queue on one database's write lock (each ingest holds it per batch, a first use for
  /// the migrations): 10 s was passed by one of eight concurrent first writers on a loaded
  /// 2-core CI machine, so the wait is a minute.
  public static let busyTimeout: TimeInterval = 60

  /// Opens (creating and migrating if needed) the database file at `path`.
  ///
  /// - Throws: ``StoreError`` when the file is not SQLite, is newer than this binary, or is locked.
  public static func open(path: String) throws -> CanaryDatabase {
    try mapErrors(path: path) {
      var config = Configuration()
      config.busyMode = .timeout(busyTimeout)
      config.prepareDatabase { db in
        // A new file gets 16 KiB pages (an existing one keeps its own): a page holds about
        // 600 samples, and when a directory of scrapes grows every series at once, fewer
        // pages split.
        try db.execute(sql: "PRAGMA page_size = 16384")
        // NORMAL is durable in WAL mode across application crashes; a power loss may drop
        // the last transaction, never corrupt the file.
        try db.execute(sql: "PRAGMA synchronous = NORMAL")
        try db.execute(sql: "PRAGMA cache_size = -32768")
      }
      let pool = try DatabasePool(path: path, configuration: config)
      let database = CanaryDatabase(writer: pool, path: path)
      try database.migrate()
      return database
    }
  }

  /// A fresh, migrated in-memory database (tests).
  public static func inMemory() throws -> CanaryDatabase {
    let database = CanaryDatabase(writer: try DatabaseQueue(), path: ":memory:")
    try database.migrate()
    return database
  }

  /// Applies the embedded migrations up to `version` (all of them by default), under the
  /// database's write lock (see ``Migration/migrate(_:upTo:path:)``).
  func migrate(upTo version: Int = Migration.latestVersion) throws {
    try Self.mapErrors(path: path) {
      try writer.writeWithoutTransaction { db in
        try Migration.migrate(db, upTo: version, path: path)
      }
    }
  }

  /// The schema version recorded in the database (`PRAGMA user_version`).
  public func schemaVersion() throws -> Int {
    try Self.mapErrors(path: path) {
      try writer.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
    }
  }

  /// Runs `body` and turns GRDB's errors into ``StoreError`` naming `path`.
  static func mapErrors<T>(path: String, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as DatabaseError {
      throw StoreError(error, path: path)
    }
  }
}

extension StoreError {
  /// Classifies an SQLite error by its primary result code.
  init(_ error: DatabaseError, path: String) {
    let message = error.message ?? "\(error.resultCode)"
    switch error.resultCode.primaryResultCode {
    case .SQLITE_NOTADB, .SQLITE_CORRUPT:
      self = .notADatabase(path: path, reason: message)
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      self = .locked(path: path)
    case .SQLITE_FULL:
      self = .diskFull(path: path)
    case .SQLITE_CONSTRAINT, .SQLITE_MISMATCH, .SQLITE_MISUSE, .SQLITE_RANGE:
      self = .internalError(path: path, message: message)
    default:
      self = .sqlite(path: path, message: message)
    }
  }
}
