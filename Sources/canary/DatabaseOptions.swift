import ArgumentParser
import Foundation
import Store

/// `--db PATH`, shared by every command that reads or writes the database.
struct DatabaseOptions: ParsableArguments {
  @Option(
    name: .customLong("db"),
    help: "SQLite database file (default: $CANARY_DB, else ./canary.db); created on first use.")
  var path: String?

  /// The path that applies: the flag, else `$CANARY_DB`, else `./canary.db`.
  var resolvedPath: String {
    if let path { return path }
    if let fromEnvironment = ProcessInfo.processInfo.environment["CANARY_DB"],
      !fromEnvironment.isEmpty
    {
      return fromEnvironment
    }
    return "canary.db"
  }

  /// Opens (creating and migrating) the database.
  func open() throws -> CanaryDatabase {
    try CanaryDatabase.open(path: resolvedPath)
  }
}

/// `--output text|json` for the listing commands.
enum ListingFormat: String, ExpressibleByArgument, CaseIterable {
  case text
  case json
}
