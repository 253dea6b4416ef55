/// One schema step of `migrations/`: `NNNN_name.sql`, applied once and recorded.
public struct Migration: Sendable, Hashable {
  /// The number of the step (`NNNN`); the schema version after it is applied.
  public var version: Int
  /// The name after the number, e.g. `initial`.
  public var name: String
  /// The SQL text of the file.
  public var sql: String

  /// The identifier GRDB's migrator records, equal to the file name without `.sql`.
  public var identifier: String {
    let digits = String(version)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_" + name
  }

  /// The schema version this binary migrates to: the last embedded step.
  public static var latestVersion: Int { embedded.last?.version ?? 0 }
}
