import Foundation
import Testing

/// Time-stamped attribution end to end: a migration simulated without `istio_io_rev`,
/// ingested with the namespace maps before and after the move, judges as the same migration
/// with the labels does, and `canary migrations` shows the moved units and when they moved.
@Suite struct MigrationsCommandTests {
  /// A migration scenario and the verdict it must get.
  struct Case: Sendable, CustomTestStringConvertible {
    var scenario: String
    var verdict: String
    var testDescription: String { scenario }
  }

  static let cases = [
    Case(scenario: "migration-healthy", verdict: "promote"),
    Case(scenario: "migration-latency", verdict: "rollback"),
  ]

  static let simulation = ["--minutes", "40", "--namespaces", "4", "--layout", "single"]

  @Test func runsEveryCase() {
    #expect(Self.cases.count == 2)
  }

  /// Runs `canary arguments...`, expecting exit status `status`; returns stdout.
  @discardableResult
  static func canary(_ arguments: [String], status: Int32 = 0) throws -> String {
    let result = try CanaryProcess.run(arguments)
    #expect(result.status == status, "\(arguments.prefix(2)): \(result.stderr)")
    return result.stdout
  }

  /// The move time of `data`'s migration.txt (Unix seconds) and the namespaces that moved.
  static func move(in data: String) throws -> (time: Int64, namespaces: Set<String>) {
    let text = try String(contentsOfFile: data + "/migration.txt", encoding: .utf8)
    let lines = text.split(separator: "\n").map { $0.split(separator: " ") }
    let time = try #require(lines.first.flatMap { Int64($0[0]) })
    return (time, Set(lines.map { String($0[1]) }))
  }

  /// Ingests a simulation with labels (`labelled`) or with the namespace maps, returns the db.
  static func ingest(_ data: String, labelled: Bool, db: String) throws {
    if labelled {
      let dirs = ["/sidecar", "/istiod-stable", "/istiod-canary"].map { data + $0 }
      try canary(["ingest", "--db", db, "--format", "openmetrics"] + dirs)
      return
    }
    let time = try move(in: data).time
    try canary([
      "ingest", "--db", db, "--format", "openmetrics",
      "--namespace-map", data + "/namespaces-before.txt",
      "--namespace-map", data + "/namespaces-after.txt@\(time)", data + "/sidecar",
    ])
    for revision in ["stable", "canary"] {
      try canary([
        "ingest", "--db", db, "--format", "openmetrics", "--revision", revision,
        data + "/istiod-\(revision)",
      ])
    }
  }

  /// The verdict and each metric's classification of `canary analyze --output json`.
  static func judgement(_ db: String, expecting status: Int32) throws -> [String: String] {
    let json = try canary(
      [
        "analyze", "--db", db, "--baseline", "stable", "--canary", "canary", "--output", "json",
        "--no-save",
      ], status: status)
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    var result = ["verdict": try #require(report["verdict"] as? String)]
    for metric in try #require(report["metrics"] as? [[String: Any]]) {
      let name = try #require(metric["name"] as? String)
      result[name] = try #require(metric["classification"] as? String)
    }
    return result
  }

  @Test(arguments: cases)
  func namespaceMapsJudgeAsTheLabelsDo(_ migration: Case) throws {
    let scratch = try Scratch()
    let status: Int32 = migration.verdict == "promote" ? 0 : 1
    var judgements: [[String: String]] = []
    for labelled in [true, false] {
      let data = scratch.path(labelled ? "labelled" : "unlabelled")
      let simulate = ["simulate", "--scenario", migration.scenario, "--seed", "7", "--out", data]
      try Self.canary(simulate + Self.simulation + (labelled ? [] : ["--no-rev-label"]))
      let db = scratch.path(labelled ? "labelled.db" : "unlabelled.db")
      try Self.ingest(data, labelled: labelled, db: db)
      judgements.append(try Self.judgement(db, expecting: status))
    }
    #expect(judgements[0]["verdict"] == migration.verdict)
    #expect(judgements[0].count > 5)
    #expect(judgements[0] == judgements[1])
  }

  @Test func listsEachMovedUnitWithItsMoveTime() throws {
    let scratch = try Scratch()
    let data = scratch.path("data")
    try Self.canary(
      ["simulate", "--scenario", "migration-healthy", "--no-rev-label", "--out", data]
        + Self.simulation)
    let db = scratch.path("canary.db")
    try Self.ingest(data, labelled: false, db: db)
    let (time, moved) = try Self.move(in: data)
    let json = try Self.canary(["migrations", "--db", db, "--output", "json"])
    let units = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
    #expect(units.count >= 8)
    var shares = 0.0
    for unit in units {
      let name = try #require(unit["unit"] as? String)
      let namespace = String(name.prefix { $0 != "/" })
      let revisions = try #require(unit["revisions"] as? [[String: Any]])
      let moves = try #require(unit["moves"] as? [String])
      shares += try #require(unit["share"] as? Double)
      if moved.contains(namespace) {
        #expect(revisions.map { $0["revision"] as? String } == ["stable", "canary"], "\(name)")
        let movedAt = try #require(moves.first.flatMap(Self.unixSeconds))
        // The first scrape on the canary: at or after the move, within one scrape interval.
        #expect(movedAt >= time && movedAt < time + 60, "\(name) moved at \(movedAt)")
        let lastStable = try #require((revisions[0]["last"] as? String).flatMap(Self.unixSeconds))
        #expect(lastStable < time)
      } else {
        #expect(revisions.map { $0["revision"] as? String } == ["stable"], "\(name)")
        #expect(moves.isEmpty)
      }
    }
    #expect(abs(shares - 1) < 1e-9)
    let text = try Self.canary(["migrations", "--db", db])
    #expect(text.hasPrefix("UNIT"))
    for namespace in moved { #expect(text.contains("\(namespace)/")) }
  }

  /// The map after the move alone, without its time: the moved namespaces' whole history
  /// lands on the canary, and the ingest warns of each moved unit's new pods.
  @Test func anUntimedMapFilesHistoryUnderTheNewRevisionAndWarns() throws {
    let scratch = try Scratch()
    let data = scratch.path("data")
    try Self.canary(
      ["simulate", "--scenario", "migration-healthy", "--no-rev-label", "--out", data]
        + Self.simulation)
    let (time, moved) = try Self.move(in: data)
    func ingest(_ maps: [String]) throws -> (canary: Int, warned: Set<String>, moves: Set<String>) {
      let db = scratch.path("\(maps.count).db")
      let arguments =
        ["ingest", "--db", db, "--format", "openmetrics", "--output", "json"]
        + maps.flatMap { ["--namespace-map", $0] } + [data + "/sidecar"]
      let result = try CanaryProcess.run(arguments)
      #expect(result.status == 0, "\(result.stderr)")
      let summary = try #require(
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
      let revisions = try #require(summary["revisions"] as? [String: Int])
      let warned = result.errorLines.filter { $0.contains("new pods from") }.compactMap {
        $0.split(separator: " ").dropFirst(2).first.map { String($0.prefix { $0 != "/" }) }
      }
      let moves = try #require(summary["moves"] as? [String: [[String: Any]]])
      return (revisions["canary"] ?? 0, Set(warned), Set(moves.keys))
    }
    let timed = try ingest([
      data + "/namespaces-before.txt", data + "/namespaces-after.txt@\(time)",
    ])
    let untimed = try ingest([data + "/namespaces-after.txt"])
    #expect(timed.warned.isEmpty)
    #expect(timed.moves == moved)
    #expect(untimed.moves.isEmpty)
    #expect(untimed.warned == moved)
    // About half of what the untimed map stores as canary was served by stable.
    #expect(untimed.canary > timed.canary * 3 / 2, "\(untimed.canary) vs \(timed.canary)")
  }

  /// `--namespace-revision NS=REV@TIME` on a hand-written input: the summary names the move,
  /// the stored revisions split at it, and a time that cannot be read is a usage error.
  @Test func namespaceRevisionWithATime() throws {
    let scratch = try Scratch()
    let labels =
      "reporter=\"destination\",destination_workload=\"cart\","
      + "destination_workload_namespace=\"shop\""
    let input = try scratch.write(
      "requests.prom",
      (1...6).map { "istio_requests_total{\(labels)} \($0 * 10) \($0 * 60_000)\n" }.joined())
    let db = scratch.path("canary.db")
    let pairs = ["--namespace-revision", "shop=stable", "--namespace-revision", "shop=canary@240"]
    let summary = try Self.canary(["ingest", "--db", db, input] + pairs)
    #expect(
      summary.contains(
        "namespace shop: stable from the beginning, canary from 1970-01-01T00:04:00Z"))
    let revisions = try Self.canary(["revisions", "--db", db, "--output", "json"])
    let rows = try #require(
      try JSONSerialization.jsonObject(with: Data(revisions.utf8)) as? [[String: Any]])
    #expect(rows.map { $0["revision"] as? String } == ["canary", "stable"])
    #expect(rows.map { $0["samples"] as? Int } == [3, 3])
    let text = try Self.canary(["migrations", "--db", db])
    let lines = text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    #expect(lines.count == 3)
    #expect(
      lines[1] == [
        "shop/cart", "stable", "1970-01-01T00:01:00Z", "1970-01-01T00:03:00Z", "-", "100.0%", "20",
      ])
    #expect(
      lines[2] == [
        "canary", "1970-01-01T00:04:00Z", "1970-01-01T00:06:00Z", "1970-01-01T00:04:00Z", "20",
      ])
    let bad = try CanaryProcess.run(
      ["ingest", "--db", db, "--namespace-revision", "shop=canary@soon", input])
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("invalid time \"soon\""))
  }

  static func unixSeconds(_ text: String) -> Int64? {
    let formatter = ISO8601DateFormatter()
    return formatter.date(from: text).map { Int64($0.timeIntervalSince1970) }
  }
}
