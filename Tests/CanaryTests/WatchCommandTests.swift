import Foundation
import Testing

/// `canary watch --replay` and `canary analyze --sequential` end to end, on small simulated
/// migrations: the decision and its exit status, one progress line per look, the stored report
/// that `canary report` re-renders, and a look that equals the one-look analysis at its time.
@Suite struct WatchCommandTests {
  static let simulation = [
    "--minutes", "40", "--namespaces", "4", "--layout", "single", "--seed", "7",
  ]

  /// Simulates `scenario` (extra simulate flags in `flags`) and ingests it; returns the db.
  static func database(_ scenario: String, _ flags: [String] = [], in scratch: Scratch) throws
    -> String
  {
    let data = scratch.path("data")
    try MigrationsCommandTests.canary(
      ["simulate", "--scenario", scenario, "--out", data] + simulation + flags)
    let db = scratch.path("canary.db")
    try MigrationsCommandTests.ingest(data, labelled: true, db: db)
    return db
  }

  /// The JSON object of `text`.
  static func object(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  static let watch = ["watch", "--replay", "--baseline", "stable", "--canary", "canary"]

  @Test func aHealthyMigrationIsPromotedAfterTheMinimumDuration() throws {
    let scratch = try Scratch()
    let db = try Self.database("migration-healthy", in: scratch)
    let result = try CanaryProcess.run(Self.watch + ["--db", db, "--output", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let report = try Self.object(result.stdout)
    #expect(report["verdict"] as? String == "promote")
    let watch = try #require(report["watch"] as? [String: Any])
    #expect(watch["decision"] as? String == "promote")
    let minutes = try #require(watch["decidedAfterMinutes"] as? Double)
    #expect(minutes >= 10)
    let looks = try #require(watch["looks"] as? Int)
    let path = try #require(watch["path"] as? [[String: Any]])
    #expect(path.count == looks)
    // One progress line per look, on stderr.
    let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("watch ") }
    #expect(lines.count == looks)
    #expect(lines.last?.contains("promote after") == true)
    // Stored like an analysis: `canary report latest` renders the same report.
    let id = try #require(report["analysisId"] as? Int)
    let stored = try MigrationsCommandTests.canary([
      "report", "latest", "--db", db, "--output", "json",
    ])
    #expect(try Self.object(stored)["analysisId"] as? Int == id)
    #expect(stored == result.stdout)
  }

  @Test func moreErrorsOnTheMovedWorkloadsRollBackBeforeTheDataEnds() throws {
    let scratch = try Scratch()
    let db = try Self.database("migration-errors", in: scratch)
    let result = try CanaryProcess.run(Self.watch + ["--db", db, "--output", "json", "--no-save"])
    #expect(result.status == 1, "\(result.stderr)")
    let report = try Self.object(result.stdout)
    let watch = try #require(report["watch"] as? [String: Any])
    #expect(watch["decision"] as? String == "rollback")
    #expect(try #require(watch["decidedAfterMinutes"] as? Double) < 20)
    let metrics = try #require(report["metrics"] as? [[String: Any]])
    let errors = try #require(metrics.first { $0["name"] as? String == "error-rate" })
    #expect(errors["classification"] as? String == "high")
    let tolerance = try #require(errors["tolerance"] as? [String: Any])
    #expect(tolerance["horizon"] as? String == "anytime")
    #expect(try #require(tolerance["eValue"] as? Double) >= 20)
  }

  /// A pipeline's own loop: `analyze --sequential --canary-to T` gives the verdict of
  /// watch's look at T (all of its looks' metrics, not only the decision).
  @Test func aSequentialAnalysisEqualsTheLookAtItsTime() throws {
    let scratch = try Scratch()
    let db = try Self.database("migration-errors", in: scratch)
    let result = try CanaryProcess.run(Self.watch + ["--db", db, "--output", "json", "--no-save"])
    let watch = try #require(try Self.object(result.stdout)["watch"] as? [String: Any])
    let path = try #require(watch["path"] as? [[String: Any]])
    // The pipeline's call names only the look's time: the canary's window starts where
    // watch's does, at its first traffic.
    for look in [path[path.count / 2], path[path.count - 1]] {
      let time = try #require(look["time"] as? String)
      let json = try CanaryProcess.run([
        "analyze", "--sequential", "--db", db, "--baseline", "stable", "--canary", "canary",
        "--canary-to", time, "--no-save", "--output", "json",
      ])
      let report = try Self.object(json.stdout)
      #expect(report["verdict"] as? String == look["verdict"] as? String)
      let metrics = try #require(report["metrics"] as? [[String: Any]])
      for seen in try #require(look["metrics"] as? [[String: Any]]) {
        let name = try #require(seen["name"] as? String)
        let metric = try #require(metrics.first { $0["name"] as? String == name })
        #expect(metric["classification"] as? String == seen["classification"] as? String)
        let effect = try #require(metric["effect"] as? [String: Any])
        #expect(effect["ratio"] as? Double == seen["ratio"] as? Double, "\(name)")
        #expect(effect["ciHigh"] as? Double == seen["high"] as? Double, "\(name)")
      }
    }
  }

  @Test func noDecisionWithinTheMaximumDurationIsInconclusive() throws {
    let scratch = try Scratch()
    let db = try Self.database("migration-healthy", in: scratch)
    let result = try CanaryProcess.run(
      Self.watch + ["--db", db, "--max-duration", "5m", "--no-save"])
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stdout.contains("no decision within the maximum duration"))
    let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("watch ") }
    #expect(lines.count == 5)
  }

  @Test func aBadDurationIsAUsageError() throws {
    let result = try CanaryProcess.run(
      Self.watch + ["--db", "/nonexistent.db", "--every", "soon"])
    #expect(result.status == 64)
    #expect(result.stderr.contains("--every"))
  }

  /// Nothing listens on the port: each look's retries fail, and once the maximum duration has
  /// passed with no look answered the watch ends with 75, having decided nothing.
  @Test func anUnreachableServerEndsWith75AfterTheRetries() throws {
    let scratch = try Scratch()
    let result = try CanaryProcess.run([
      "watch", "--prometheus", "http://127.0.0.1:9", "--baseline", "stable", "--canary",
      "canary", "--db", scratch.path("c.db"), "--from", "-10m", "--every", "1s",
      "--max-duration", "2s", "--no-save",
    ])
    #expect(result.status == 75, "\(result.stderr)")
    #expect(result.stderr.contains("127.0.0.1:9"))
    #expect(!FileManager.default.fileExists(atPath: scratch.path("c.db")))
  }

  @Test func replayAgainstAServerNeedsBothEnds() throws {
    let result = try CanaryProcess.run([
      "watch", "--replay", "--prometheus", "http://127.0.0.1:9", "--baseline", "stable",
      "--canary", "canary",
    ])
    #expect(result.status == 64)
    #expect(result.stderr.contains("--from and --to"))
  }
}
