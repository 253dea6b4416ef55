import Foundation
import Testing

/// One sample-data scenario and what its analysis must show.
struct ScenarioExpectation: Sendable, CustomTestStringConvertible {
  var name: String
  /// Metric → classification the JSON report must give it.
  var classifications: [String: String]
  var testDescription: String { name }

  static let all = [
    ScenarioExpectation(
      name: "healthy", classifications: ["error-rate": "pass", "latency-p99": "pass"]),
    ScenarioExpectation(
      name: "latency-regression", classifications: ["latency-p99": "high", "error-rate": "pass"]),
    ScenarioExpectation(name: "error-spike", classifications: ["error-rate": "high"]),
    ScenarioExpectation(
      name: "push-storm", classifications: ["xds-rejects": "high", "xds-pushes-per-proxy": "high"]),
    ScenarioExpectation(name: "low-traffic", classifications: ["error-rate": "nodata"]),
  ]

  /// The verdict written beside the scenario in sample-data/.
  var expectedVerdict: String {
    let file = CanaryProcess.root.appendingPathComponent("sample-data/\(name)/expected-verdict")
    return (try? String(contentsOf: file, encoding: .utf8))?.trimmingCharacters(
      in: .whitespacesAndNewlines) ?? "?"
  }
}

@Suite struct ScenarioTests {
  /// Simulates the scenario, ingests it as `make demo` does, and returns the database path.
  static func ingestScenario(_ name: String, in scratch: Scratch, seed: Int = 1) throws -> String {
    let data = scratch.path("data")
    let db = scratch.path("canary.db")
    let steps: [[String]] = [
      ["simulate", "--scenario", name, "--seed", String(seed), "--out", data],
      ["ingest", "--db", db, "--namespace-map", data + "/namespaces.txt", data + "/sidecar"],
      ["ingest", "--db", db, "--revision", "stable", data + "/istiod-stable"],
      ["ingest", "--db", db, "--revision", "canary", data + "/istiod-canary"],
    ]
    for arguments in steps {
      let result = try CanaryProcess.run(arguments)
      #expect(result.status == 0, "\(arguments[0]): \(result.stderr)")
    }
    return db
  }

  @Test(arguments: ScenarioExpectation.all)
  func verdictExitCodeAndReport(_ scenario: ScenarioExpectation) throws {
    let scratch = try Scratch()
    let db = try Self.ingestScenario(scenario.name, in: scratch)
    let result = try CanaryProcess.run([
      "analyze", "--db", db, "--baseline", "stable", "--canary", "canary", "--output", "json",
    ])
    let expectedStatus: Int32 =
      ["promote": 0, "rollback": 1, "inconclusive": 2][scenario.expectedVerdict] ?? -1
    #expect(result.status == expectedStatus, "\(result.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(report["verdict"] as? String == scenario.expectedVerdict)
    #expect(report["schemaVersion"] as? Int == 1)
    #expect((report["analysisId"] as? Int).map { $0 > 0 } == true)
    for key in ["createdAt", "score", "reasons", "baseline", "canary", "config", "metrics"] {
      #expect(report.keys.contains(key), "missing \(key)")
    }
    #expect((report["baseline"] as? [String: Any])?["revision"] as? String == "stable")
    let metrics = try #require(report["metrics"] as? [[String: Any]])
    for (name, classification) in scenario.classifications {
      let metric = metrics.first { $0["name"] as? String == name }
      #expect(metric?["classification"] as? String == classification, "\(name)")
    }
    for metric in metrics {
      for key in [
        "name", "kind", "test", "direction", "critical", "classification", "reason", "baseline",
        "canary", "statistic", "pValue", "effect", "values",
      ] {
        #expect(metric.keys.contains(key), "\(metric["name"] ?? "?") lacks \(key)")
      }
    }
    // The stored analysis re-renders byte for byte.
    let again = try CanaryProcess.run(["report", "--db", db, "latest", "--output", "json"])
    #expect(again.status == 0)
    #expect(again.stdout == result.stdout)
  }

  @Test func analysisIsDeterministicApartFromIdAndTime() throws {
    let scratch = try Scratch()
    let db = try Self.ingestScenario("healthy", in: scratch)
    func run() throws -> String {
      let result = try CanaryProcess.run([
        "analyze", "--db", db, "--baseline", "stable", "--canary", "canary", "--output", "json",
        "--no-save",
      ])
      #expect(result.status == 0)
      return result.stdout.split(separator: "\n").filter { !$0.contains("\"createdAt\"") }.joined(
        separator: "\n")
    }
    #expect(try run() == run())
  }

  @Test func unknownRevisionIs66WithTheKnownOnes() throws {
    let scratch = try Scratch()
    let db = scratch.path("canary.db")
    let file = try scratch.write("s.prom", goodExposition)
    #expect(try CanaryProcess.run(["ingest", "--db", db, file]).status == 0)
    let result = try CanaryProcess.run([
      "analyze", "--db", db, "--baseline", "stable", "--canary", "nope",
    ])
    #expect(result.status == 66)
    #expect(
      result.errorLines == [
        "canary: error: revision \"nope\" not found; the database holds: canary, default, stable"
      ])
  }

  /// An unknown canary is named with the revisions that exist, before any window is read.
  @Test func unknownCanaryWithAWindowListsTheRevisions() throws {
    let scratch = try Scratch()
    let db = scratch.path("canary.db")
    let file = try scratch.write("s.prom", goodExposition)
    #expect(try CanaryProcess.run(["ingest", "--db", db, file]).status == 0)
    let result = try CanaryProcess.run([
      "analyze", "--db", db, "--baseline", "stable", "--canary", "nope", "--from", "-1h",
    ])
    #expect(result.status == 66)
    #expect(
      result.errorLines == [
        "canary: error: revision \"nope\" not found; the database holds: canary, default, stable"
      ])
  }

  /// Steps the stored analysis cannot key (below a second) and steps past Int64 milliseconds
  /// are refused with the line, exit 65.
  @Test(arguments: [
    ("500ms", "step must be a whole number of seconds between 1s and 7d, got \"500ms\""),
    (
      "9999999999999h",
      "configuration: step must be a duration such as 30s, 1m or 5m, got \"9999999999999h\""
    ),
  ])
  func unusableStepIs65WithTheLine(step: String, message: String) throws {
    let scratch = try Scratch()
    let config = try scratch.write(
      "step.yaml", "version: 1\nstep: \(step)\nmetrics:\n  - {name: x, kind: rate, query: m}\n")
    let result = try CanaryProcess.run(["config", "check", config])
    #expect(result.status == 65)
    #expect(result.errorLines == ["canary: error: \(config):2: \(message)"])
  }

  @Test func noSaveLeavesTheDatabaseAsItWas() throws {
    let scratch = try Scratch()
    let db = scratch.path("canary.db")
    let file = try scratch.write("s.prom", goodExposition)
    #expect(try CanaryProcess.run(["ingest", "--db", db, file]).status == 0)
    let before = try DatabaseState(path: db)
    let result = try CanaryProcess.run([
      "analyze", "--db", db, "--baseline", "stable", "--canary", "canary", "--no-save",
    ])
    // One scrape is no window: every metric is nodata, the verdict inconclusive.
    #expect(result.status == 2, "\(result.stderr)")
    #expect(try DatabaseState(path: db) == before)
    #expect(try CanaryProcess.run(["report", "--db", db]).status == 66)
    // The file's bytes too: reading commands and --no-save open it read-only.
    let bytes = try Data(contentsOf: URL(fileURLWithPath: db))
    for arguments in [
      ["analyze", "--db", db, "--baseline", "stable", "--canary", "canary", "--no-save"],
      ["revisions", "--db", db], ["metrics", "--db", db],
    ] {
      _ = try CanaryProcess.run(arguments)
      #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == bytes, "\(arguments[0])")
    }
  }

  @Test func badConfigurationIs65WithFileAndLine() throws {
    let scratch = try Scratch()
    let config = try scratch.write(
      "bad.yaml", "version: 1\nmetrics:\n  - name: x\n    kind: rate\n    qurey: m\n")
    let check = try CanaryProcess.run(["config", "check", config])
    #expect(check.status == 65)
    #expect(check.errorLines == ["canary: error: \(config):5: metric \"x\": unknown key \"qurey\""])
    let show = try CanaryProcess.run(["config", "show"])
    #expect(show.status == 0)
    let builtin = try scratch.write("builtin.yaml", show.stdout)
    #expect(try CanaryProcess.run(["config", "check", builtin]).status == 0)
  }

  @Test func reportFileKeepsAShortSummaryOnStdout() throws {
    let scratch = try Scratch()
    let db = try Self.ingestScenario("error-spike", in: scratch)
    let path = scratch.path("report.md")
    let result = try CanaryProcess.run([
      "analyze", "--db", db, "--baseline", "stable", "--canary", "canary", "--output", "markdown",
      "--report-file", path,
    ])
    #expect(result.status == 1)
    #expect(result.stdout.hasPrefix("rollback: score "))
    #expect(result.stdout.contains("report written to \(path)"))
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.contains("error-rate"))
  }

  @Test func beforeAfterWindowsOfOneRevision() throws {
    let scratch = try Scratch()
    let db = try Self.ingestScenario("healthy", in: scratch)
    let result = try CanaryProcess.run([
      "analyze", "--db", db, "--baseline", "stable", "--canary", "stable", "--output", "json",
      "--baseline-from", "2026-09-01T00:00:00Z", "--baseline-to", "2026-09-01T00:15:00Z",
      "--canary-from", "2026-09-01T00:15:00Z", "--canary-to", "2026-09-01T00:30:00Z", "--no-save",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let baseline = report["baseline"] as? [String: String]
    let canary = report["canary"] as? [String: String]
    #expect(
      baseline == [
        "revision": "stable", "from": "2026-09-01T00:00:00Z", "to": "2026-09-01T00:15:00Z",
      ])
    #expect(
      canary == [
        "revision": "stable", "from": "2026-09-01T00:15:00Z", "to": "2026-09-01T00:30:00Z",
      ])
    let reversed = try CanaryProcess.run([
      "analyze", "--db", db, "--baseline", "stable", "--canary", "canary", "--from", "-1h", "--to",
      "-2h",
    ])
    #expect(reversed.status == 64)
    #expect(reversed.stderr.hasPrefix("canary: error: the canary window is empty"))
  }

  @Test func readingCommandsDoNotCreateADatabase() throws {
    let scratch = try Scratch()
    let db = scratch.path("missing.db")
    for arguments in [
      ["report", "--db", db], ["revisions", "--db", db], ["metrics", "--db", db],
      ["analyze", "--db", db, "--baseline", "stable", "--canary", "canary"],
    ] {
      let result = try CanaryProcess.run(arguments)
      #expect(result.status == 66, "\(arguments[0])")
      #expect(result.errorLines.count == 1)
      #expect(!FileManager.default.fileExists(atPath: db), "\(arguments[0]) created the file")
    }
  }
}
