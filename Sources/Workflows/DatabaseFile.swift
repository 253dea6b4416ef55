import Foundation
import Store

/// How a use case opens the database file.
enum DatabaseFile {
  /// Opens `path`, creating and migrating it when it does not exist (commands that write).
  static func open(_ path: String) throws -> CanaryDatabase {
    try CanaryDatabase.open(path: path)
  }

  /// Opens `path` for a command that only reads it: a missing file is an error, not a new
  /// empty database left behind.
  static func existing(_ path: String) throws -> CanaryDatabase {
    guard exists(path) else { throw WorkflowError.missingDatabase(path: path) }
    return try open(path)
  }

  /// Opens the existing file at `path` for a command that writes nothing: its bytes stay as
  /// they were.
  static func reading(_ path: String) throws -> CanaryDatabase {
    guard exists(path) else { throw WorkflowError.missingDatabase(path: path) }
    return try CanaryDatabase.openForReading(path: path)
  }

  /// Whether the file is there.
  static func exists(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: path)
  }
}
