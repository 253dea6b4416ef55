import Foundation
import GRDB
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `canary analyze --prometheus` against a real Prometheus loaded with a simulated scenario:
/// the server's per-step values must equal the local derivation from the same samples.
@Suite(.serialized) struct PrometheusTests {
  /// Whether the tests must fail, not skip, when a tool is missing.
  static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

  /// `prometheus` and `promtool` on PATH, or nil.
  static let tools: (prometheus: String, promtool: String)? = {
    guard let prometheus = which("prometheus"), let promtool = which("promtool") else {
      return nil
    }
    return (prometheus, promtool)
  }()

  static let skipReason: Comment =
    "prometheus or promtool not on PATH (run scripts/install-prometheus.sh); skipped outside CI"

  /// The scenario window: the simulator starts at 2026-09-01T00:00:07Z (30 minutes here).
  static let from = "2026-09-01T00:00:00Z"
  static let to = "2026-09-01T00:30:00Z"

  @Test(
    .enabled(if: tools != nil || isCI, skipReason),
    arguments: ["healthy", "latency-regression"])
  func serverValuesEqualTheLocalDerivation(_ scenario: String) throws {
    let tools = try #require(Self.tools, "prometheus/promtool missing and CI=true")
    let scratch = try Scratch()
    let db = try Self.ingest(scenario, in: scratch)
    let server = try PrometheusServer.start(
      exporting: db, in: scratch, prometheus: tools.prometheus, promtool: tools.promtool)
    defer { server.stop() }

    let local = try CanaryProcess.run([
      "analyze", "--db", db, "--baseline", "stable", "--canary", "canary", "--from", Self.from,
      "--to", Self.to, "--output", "json", "--no-save",
    ])
    let remote = try CanaryProcess.run([
      "analyze", "--prometheus", server.url, "--db", scratch.path("fresh.db"), "--baseline",
      "stable", "--canary", "canary", "--from", Self.from, "--to", Self.to, "--output", "json",
    ])
    #expect(remote.status == local.status, "\(remote.stderr)")
    let localReport = try Self.report(local.stdout)
    let remoteReport = try Self.report(remote.stdout)
    #expect(remoteReport["verdict"] as? String == localReport["verdict"] as? String)
    #expect(localReport["verdict"] as? String == (scenario == "healthy" ? "promote" : "rollback"))
    let localMetrics = try #require(localReport["metrics"] as? [[String: Any]])
    let remoteMetrics = try #require(remoteReport["metrics"] as? [[String: Any]])
    #expect(localMetrics.count == remoteMetrics.count)
    var compared = 0
    for (mine, theirs) in zip(localMetrics, remoteMetrics) {
      let name = mine["name"] as? String ?? "?"
      #expect(theirs["name"] as? String == name)
      #expect(
        theirs["classification"] as? String == mine["classification"] as? String, "\(name)")
      for side in ["baseline", "canary"] {
        let expected = Self.values(mine, side)
        let actual = Self.values(theirs, side)
        #expect(expected.count == actual.count, "\(name) \(side): step counts differ")
        for (want, got) in zip(expected, actual) {
          #expect(want.0 == got.0, "\(name) \(side): step times differ")
          let tolerance = 1e-9 * max(1, abs(want.1))
          #expect(
            abs(want.1 - got.1) <= tolerance, "\(name) \(side) at \(want.0): \(want.1) vs \(got.1)")
          compared += 1
        }
      }
    }
    // Most built-in metrics have data in the scenario: a comparison of nothing proves nothing.
    #expect(compared > 200)
  }

  @Test(.enabled(if: tools != nil || isCI, skipReason))
  func errorPathsAgainstTheRealServer() throws {
    let tools = try #require(Self.tools, "prometheus/promtool missing and CI=true")
    let scratch = try Scratch()
    let db = try Self.ingest("healthy", in: scratch)
    let server = try PrometheusServer.start(
      exporting: db, in: scratch, prometheus: tools.prometheus, promtool: tools.promtool)
    defer { server.stop() }
    let common = [
      "--baseline", "stable", "--canary", "canary", "--retries", "2", "--retry-delay", "0.05",
      "--timeout", "5",
    ]

    // A port nothing listens on: bounded retries, then 75 naming the URL.
    let closed = "http://127.0.0.1:\(try PrometheusServer.freePort())"
    let started = Date()
    let unreachable = try CanaryProcess.run(
      [
        "analyze", "--prometheus", closed, "--db", scratch.path("a.db"), "--from", Self.from,
        "--to", Self.to,
      ] + common)
    #expect(unreachable.status == 75, "\(unreachable.stderr)")
    #expect(unreachable.stderr.contains(closed), "\(unreachable.stderr)")
    #expect(unreachable.stderr.contains("after 3 attempts"), "\(unreachable.stderr)")
    #expect(Date().timeIntervalSince(started) < 10)

    // A regex the local parser accepts but Prometheus' RE2 rejects: 65, quoting the query.
    let config = try scratch.write(
      "bad.yaml",
      """
      version: 1
      metrics:
        - name: lookahead
          kind: rate
          query: istio_requests_total{response_code=~"(?!5).*"}

      """)
    let rejected = try CanaryProcess.run(
      [
        "analyze", "--prometheus", server.url, "--db", scratch.path("b.db"), "--config", config,
        "--from", Self.from, "--to", Self.to,
      ] + common)
    #expect(rejected.status == 65, "\(rejected.stderr)")
    #expect(rejected.stderr.contains("Prometheus rejected the query"), "\(rejected.stderr)")
    #expect(rejected.stderr.contains(#"response_code=~"(?!5).*""#), "\(rejected.stderr)")

    // A window before the scenario: every metric nodata, inconclusive.
    let empty = try CanaryProcess.run(
      [
        "analyze", "--prometheus", server.url, "--db", scratch.path("c.db"), "--from",
        "2026-08-01T00:00:00Z", "--to", "2026-08-01T00:30:00Z", "--output", "json",
      ] + common)
    #expect(empty.status == 2, "\(empty.stderr)")
    let report = try Self.report(empty.stdout)
    #expect(report["verdict"] as? String == "inconclusive")
    let metrics = try #require(report["metrics"] as? [[String: Any]])
    #expect(!metrics.isEmpty)
    #expect(metrics.allSatisfy { $0["classification"] as? String == "nodata" })

    // `canary pull` alone stores values that a plain analyze then uses.
    let pulledDB = scratch.path("d.db")
    let pull = try CanaryProcess.run(
      ["pull", "--prometheus", server.url, "--db", pulledDB, "--from", Self.from, "--to", Self.to]
        + common)
    #expect(pull.status == 0, "\(pull.stderr)")
    #expect(pull.stdout.hasPrefix("pulled 42 queries from \(server.url): "), "\(pull.stdout)")
    let analyzed = try CanaryProcess.run([
      "analyze", "--db", pulledDB, "--baseline", "stable", "--canary", "canary", "--from",
      Self.from, "--to", Self.to,
    ])
    #expect(analyzed.status == 0, "\(analyzed.stderr)")
  }

  /// `--no-save` writes nothing, not even the pulled values: a missing database stays missing,
  /// an existing one keeps its bytes.
  @Test(.enabled(if: tools != nil || isCI, skipReason))
  func noSavePullsIntoMemoryOnly() throws {
    let tools = try #require(Self.tools, "prometheus/promtool missing and CI=true")
    let scratch = try Scratch()
    let db = try Self.ingest("healthy", in: scratch)
    let server = try PrometheusServer.start(
      exporting: db, in: scratch, prometheus: tools.prometheus, promtool: tools.promtool)
    defer { server.stop() }
    let arguments = [
      "analyze", "--prometheus", server.url, "--baseline", "stable", "--canary", "canary",
      "--from", Self.from, "--to", Self.to, "--no-save", "--output", "json",
    ]
    let missing = scratch.path("never.db")
    let fresh = try CanaryProcess.run(arguments + ["--db", missing])
    #expect(fresh.status == 0, "\(fresh.stderr)")
    #expect(try Self.report(fresh.stdout)["verdict"] as? String == "promote")
    #expect(!FileManager.default.fileExists(atPath: missing))

    let before = try Data(contentsOf: URL(fileURLWithPath: db))
    let existing = try CanaryProcess.run(arguments + ["--db", db])
    #expect(existing.status == 0, "\(existing.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    #expect(try DatabaseState(path: db).analyses == 0)
  }

  // MARK: - Helpers

  /// Simulates 30 minutes of `scenario` and ingests it locally.
  static func ingest(_ scenario: String, in scratch: Scratch) throws -> String {
    let data = scratch.path("data")
    let db = scratch.path("canary.db")
    let steps: [[String]] = [
      ["simulate", "--scenario", scenario, "--seed", "1", "--minutes", "30", "--out", data],
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

  static func report(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  /// A report metric's `values[side]` as (time, value) pairs.
  static func values(_ metric: [String: Any], _ side: String) -> [(Double, Double)] {
    let values = metric["values"] as? [String: Any]
    let pairs = values?[side] as? [[Double]] ?? []
    return pairs.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
  }

  /// The absolute path of `tool` on PATH, or nil.
  static func which(_ tool: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = "\(folder)/\(tool)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }
}
