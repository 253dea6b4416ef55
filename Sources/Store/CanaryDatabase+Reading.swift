import GRDB

extension CanaryDatabase {
  /// Opens the existing database file at `path` for reading only, so the command leaves its
  /// bytes as they were (`analyze --no-save`, `report`, `revisions`, `metrics`).
  ///
  /// A database whose schema is older than this binary cannot be read through the current
  /// views without migrating: it is opened for writing and migrated, as ``open(path:)`` does.
  ///
  /// - Throws: ``StoreError`` when the file is not SQLite, is newer than this binary, or is
  ///   locked past the busy timeout.
  public static func openForReading(path: String) throws -> CanaryDatabase {
    let version = try mapErrors(path: path) { () -> Int in
      var config = Configuration()
      config.readonly = true
      config.busyMode = .timeout(busyTimeout)
      let probe = try DatabaseQueue(path: path, configuration: config)
      defer { try? probe.close() }
      return try probe.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
    }
    if version > Migration.latestVersion {
      throw StoreError.newerSchema(path: path, database: version, binary: Migration.latestVersion)
    }
    guard version == Migration.latestVersion else { return try open(path: path) }
    return try mapErrors(path: path) {
      var config = Configuration()
      config.readonly = true
      config.busyMode = .timeout(busyTimeout)
      return CanaryDatabase(writer: try DatabasePool(path: path, configuration: config), path: path)
    }
  }
}
