/// What can go wrong with the database; each description is the line a user sees.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file exists but is not an SQLite database, or is damaged.
  case notADatabase(path: String, reason: String)
  /// The database was written by a newer `canary` than this one.
  case newerSchema(path: String, database: Int, binary: Int)
  /// Another process held the write lock past the busy timeout.
  case locked(path: String)
  /// The disk or the file system refused the write.
  case diskFull(path: String)
  /// Any other SQLite failure: the result code's message.
  case sqlite(path: String, message: String)
  /// SQLite refused what canary asked (a constraint, SQL it should not have written): a bug.
  case internalError(path: String, message: String)

  public var description: String {
    switch self {
    case .notADatabase(let path, let reason):
      return "\(path): not a canary database (\(reason))"
    case .newerSchema(let path, let database, let binary):
      return
        "\(path): database schema version \(database) is newer than this canary's version \(binary); upgrade canary"
    case .locked(let path):
      return "\(path): database is locked by another process (busy timeout passed)"
    case .diskFull(let path):
      return "\(path): disk full while writing the database"
    case .sqlite(let path, let message):
      return "\(path): \(message)"
    case .internalError(let path, let message):
      return "internal error (a bug, please report it): \(path): \(message)"
    }
  }
}
