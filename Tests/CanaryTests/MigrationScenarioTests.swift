import Foundation
import Testing

/// Namespace migrations through the built binary with the plain commands: simulate, ingest
/// the directories, analyze. The verdict must follow the regression, and the request metrics
/// must be compared as before-after on the moved workloads, not pooled.
@Suite(.serialized) struct MigrationScenarioTests {
  @Test(arguments: [
    ("migration-healthy", [String](), 0),
    ("migration-errors", [String](), 1),
    ("migration-latency", ["--latency-factor", "1.25"], 1),
  ])
  func verdictFollowsTheRegression(scenario: String, flags: [String], status: Int32) throws {
    let scratch = try Scratch()
    let data = scratch.path("data")
    let db = scratch.path("canary.db")
    let simulate = try CanaryProcess.run(
      [
        "simulate", "--scenario", scenario, "--seed", "3", "--namespaces", "4", "--layout",
        "per-scrape", "--out", data,
      ] + flags)
    #expect(simulate.status == 0, "\(simulate.stderr)")
    let ingest = try CanaryProcess.run([
      "ingest", "--db", db, data + "/sidecar", data + "/istiod-stable", data + "/istiod-canary",
    ])
    #expect(ingest.status == 0, "\(ingest.stderr)")
    let analyze = try CanaryProcess.run([
      "analyze", "--db", db, "--baseline", "stable", "--canary", "canary", "--output", "json",
    ])
    #expect(analyze.status == status, "\(analyze.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(analyze.stdout.utf8)) as? [String: Any])
    let metrics = try #require(report["metrics"] as? [[String: Any]])
    for name in ["error-rate", "latency-p99"] {
      let metric = try #require(metrics.first { $0["name"] as? String == name })
      #expect(metric["design"] as? String == "before-after", "\(name)")
      #expect(metric["matched"] as? Bool == true, "\(name)")
      let evidence = try #require(metric["evidence"] as? [String: Any], "\(name)")
      #expect((evidence["comparedUnits"] as? Int ?? 0) > 0, "\(name)")
      #expect((evidence["controlUnits"] as? Int ?? 0) > 0, "\(name)")
    }
    let failing = metrics.filter { ["high", "low"].contains($0["classification"] as? String) }
      .compactMap { $0["name"] as? String }
    switch scenario {
    case "migration-errors": #expect(failing.contains("error-rate"))
    case "migration-latency": #expect(failing.contains("latency-p99"))
    default: #expect(failing.isEmpty)
    }
    // A pooled comparison, when asked for, says it is unmatched.
    let pooled = try CanaryProcess.run([
      "analyze", "--db", db, "--baseline", "stable", "--canary", "canary", "--design", "pooled",
      "--output", "json", "--no-save",
    ])
    let pooledReport = try #require(
      try JSONSerialization.jsonObject(with: Data(pooled.stdout.utf8)) as? [String: Any])
    let pooledMetrics = try #require(pooledReport["metrics"] as? [[String: Any]])
    let errorRate = try #require(pooledMetrics.first { $0["name"] as? String == "error-rate" })
    #expect(errorRate["design"] as? String == "pooled")
    #expect(errorRate["matched"] as? Bool == false)
    let text = try CanaryProcess.run([
      "analyze", "--db", db, "--baseline", "stable", "--canary", "canary", "--design", "pooled",
      "--no-save",
    ])
    #expect(text.stdout.contains("pooled (unmatched)"))
    #expect(text.stdout.contains("NOT matched"))
  }
}
