import Foundation
import GRDB
import Testing

/// Serialized: each round is 8 processes at once, not 32, whatever else the suite runs.
@Suite(.serialized) struct ConcurrentFirstUseTests {
  static let writers = 8
  static let steps = 50
  static let start: Int64 = 1_700_000_000_000

  /// Writer `index`'s file: its own series and one series every writer shares.
  static func exposition(writer index: Int) -> String {
    var text = "# TYPE first_use_total counter\n"
    for step in 0..<steps {
      let ts = start + Int64(step) * 15_000
      text += "first_use_total{writer=\"\(index)\",rev=\"canary\"} \(step) \(ts)\n"
      text += "first_use_total{writer=\"all\",rev=\"canary\"} \(step) \(ts)\n"
    }
    return text
  }

  /// Eight `canary ingest` processes started together on a database that does not exist:
  /// every one migrates or waits for the one that does, and succeeds.
  /// Several rounds, each on a new database, since the race is a matter of timing.
  @Test(arguments: 0..<4) func eightFirstWritersAllSucceed(round: Int) throws {
    let scratch = try Scratch()
    let db = scratch.path("fresh.db")
    let files = try (0..<Self.writers).map { index in
      try scratch.write("writer-\(index).prom", Self.exposition(writer: index))
    }
    let processes = try files.enumerated().map { index, file in
      try SpawnedCanary(["ingest", "--db", db, file], name: "writer-\(index)", in: scratch)
    }
    let results = processes.map { $0.wait() }
    #expect(results.count == Self.writers)
    for (index, result) in results.enumerated() {
      #expect(result.status == 0, "writer \(index): \(result.stderr)")
      #expect(result.errorLines.isEmpty, "writer \(index): \(result.stderr)")
    }
    let queue = try DatabaseQueue(path: db)
    defer { try? queue.close() }
    let (total, distinct, shared, version) = try queue.read { db in
      (
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM v_samples") ?? -1,
        try Int.fetchOne(
          db, sql: "SELECT COUNT(*) FROM (SELECT DISTINCT labels, ts FROM v_samples)") ?? -1,
        try Int.fetchOne(
          db,
          sql: "SELECT COUNT(*) FROM v_samples WHERE json_extract(labels, '$.writer') = 'all'")
          ?? -1,
        try Int.fetchOne(db, sql: "PRAGMA user_version") ?? -1
      )
    }
    // Every writer's own series, and the shared one once.
    #expect(total == (Self.writers + 1) * Self.steps)
    #expect(distinct == total)
    #expect(shared == Self.steps)
    let migrations = try queue.read { db in
      try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grdb_migrations") ?? -1
    }
    #expect(migrations == version)
  }

  /// A database already at this binary's version is migrated without the write lock: a
  /// reader command succeeds while another connection holds a write transaction.
  @Test func openingAMigratedDatabaseTakesNoWriteLock() throws {
    let scratch = try Scratch()
    let db = scratch.path("busy.db")
    let file = try scratch.write("one.prom", Self.exposition(writer: 0))
    try #require(try CanaryProcess.run(["ingest", "--db", db, file]).status == 0)
    let queue = try DatabaseQueue(path: db)
    defer { try? queue.close() }
    let result = try queue.writeWithoutTransaction { connection in
      // As in the middle of an ingest: the write-ahead log holds a commit (GRDB writes one
      // itself when it opens a pool on an empty log), and a writer holds the lock.
      try connection.execute(sql: "CREATE TABLE wal_probe (x); DROP TABLE wal_probe")
      try connection.execute(sql: "BEGIN IMMEDIATE")
      defer { try? connection.execute(sql: "ROLLBACK") }
      return try CanaryProcess.run(["revisions", "--db", db])
    }
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("canary"))
  }

  /// A database written by a newer canary is refused, exit 74, naming both versions.
  @Test func newerDatabaseIsRefused() throws {
    let scratch = try Scratch()
    let db = scratch.path("newer.db")
    let file = try scratch.write("one.prom", Self.exposition(writer: 0))
    try #require(try CanaryProcess.run(["ingest", "--db", db, file]).status == 0)
    let queue = try DatabaseQueue(path: db)
    let binary = try queue.write { db in
      let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? -1
      try db.execute(sql: "PRAGMA user_version = 9999")
      return version
    }
    try queue.close()
    let before = try DatabaseState(path: db)
    let result = try CanaryProcess.run(["ingest", "--db", db, file])
    #expect(result.status == 74)
    #expect(
      result.errorLines == [
        "canary: error: \(db): database schema version 9999 is newer than this canary's version "
          + "\(binary); upgrade canary"
      ])
    #expect(try DatabaseState(path: db) == before)
  }
}
