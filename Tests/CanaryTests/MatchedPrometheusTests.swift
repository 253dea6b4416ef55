import Foundation
import GRDB
import Testing

/// Matched comparisons against a real Prometheus: a simulated namespace migration loaded into
/// the server, analyzed before-after from the per-workload parts the server computes, must
/// give the local analysis of the same samples: the verdict, every classification, and every
/// per-workload per-step value to a relative 1e-9.
@Suite(.serialized) struct MatchedPrometheusTests {
  /// The simulated migration: 40 minutes from 2026-09-01T00:00:07Z, the move at 00:19:59.
  static let from = "2026-09-01T00:00:00Z"
  static let to = "2026-09-01T00:40:00Z"

  /// The comparison both analyses make.
  static let comparison = [
    "--baseline", "stable", "--canary", "canary", "--design", "before-after", "--from", from,
    "--to", to, "--output", "json",
  ]

  @Test(
    .enabled(if: PrometheusTests.tools != nil || PrometheusTests.isCI, PrometheusTests.skipReason))
  func beforeAfterOnPulledPartsEqualsTheLocalAnalysis() throws {
    let tools = try #require(PrometheusTests.tools, "prometheus/promtool missing and CI=true")
    let scratch = try Scratch()
    let db = try Self.ingestMigration(in: scratch)
    let server = try PrometheusServer.start(
      exporting: db, in: scratch, prometheus: tools.prometheus, promtool: tools.promtool)
    defer { server.stop() }

    let local = try CanaryProcess.run(["analyze", "--db", db] + Self.comparison)
    // 25% slower through the canary's proxies: rollback.
    #expect(local.status == 1, "\(local.stderr)")
    let mine = try PrometheusTests.report(local.stdout)
    let expectedRows = try Self.analysisValues(db)
    #expect(expectedRows.keys.filter { !$0.hasSuffix("\u{0}") }.count > 1_000)

    // Pulled and analyzed in one command; pulled, then analyzed from what was stored.
    let pulledDB = scratch.path("pulled.db")
    let remote = try CanaryProcess.run(
      ["analyze", "--prometheus", server.url, "--db", pulledDB] + Self.comparison)
    let storedDB = scratch.path("stored.db")
    let pull = try CanaryProcess.run([
      "pull", "--prometheus", server.url, "--db", storedDB, "--baseline", "stable", "--canary",
      "canary", "--from", Self.from, "--to", Self.to,
    ])
    #expect(pull.status == 0, "\(pull.stderr)")
    let stored = try CanaryProcess.run(["analyze", "--db", storedDB] + Self.comparison)
    for (result, path) in [(remote, pulledDB), (stored, storedDB)] {
      #expect(result.status == local.status, "\(path): \(result.stderr)")
      let theirs = try PrometheusTests.report(result.stdout)
      try Self.compareReports(mine, theirs)
      try Self.compareRows(expectedRows, try Self.analysisValues(path))
      // What was pulled per workload is stored, named by the workloads.
      let units = try Self.pulledUnits(path)
      #expect(units.contains("shop/ledger") && units.contains("payments/geo"), "\(units)")
    }
  }

  /// `pull --dry-run` prints, besides each metric's per-revision query, the per-workload parts
  /// grouped by the unit labels.
  @Test func dryRunGroupsThePartsByTheUnitLabels() throws {
    let result = try CanaryProcess.run([
      "pull", "--dry-run", "--baseline", "stable", "--canary", "canary", "--from", Self.from,
      "--to", Self.to,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = Set(result.stdout.split(separator: "\n").map(String.init))
    let workload = "destination_workload_namespace, destination_workload"
    let proxy = "namespace, kubernetes_namespace, pod, kubernetes_pod_name, app"
    let expected = [
      "error-rate\tcanary\tsum by (\(workload)) (increase(istio_requests_total{reporter=\"destination\", response_code=~\"5..\", istio_io_rev=\"canary\"}[1m]))",
      "error-rate\tstable\tsum by (\(workload)) (increase(istio_requests_total{reporter=\"destination\", istio_io_rev=\"stable\"}[1m]))",
      "latency-p99\tcanary\tsum by (\(workload), le) (increase(istio_request_duration_milliseconds_bucket{reporter=\"destination\", istio_io_rev=\"canary\"}[1m]))",
      "latency-p99\tcanary\tsum by (\(workload)) (increase(istio_request_duration_milliseconds_sum{reporter=\"destination\", istio_io_rev=\"canary\"}[1m]))",
      "requests-per-proxy\tcanary\tsum by (\(proxy)) (avg_over_time(envoy_server_live{istio_io_rev=\"canary\"}[1m]))",
      "proxy-memory\tstable\tcount by (\(proxy)) (avg_over_time(envoy_server_memory_allocated{istio_io_rev=\"stable\"}[1m]))",
    ]
    for line in expected { #expect(lines.contains(line), "missing: \(line)") }
    // istiod's metrics and thresholds keep their one per-revision query.
    for name in ["xds-pushes-per-proxy", "convergence-p99", "xds-rejects"] {
      #expect(lines.filter { $0.hasPrefix(name + "\t") }.count == 2, "\(name)")
    }
    #expect(!lines.contains { $0.hasPrefix("xds-pushes-per-proxy\t") && $0.contains(" by (") })
    // 12 metrics x 2 revisions, and per revision 2 + 3 x 3 + 2 + 2 + 2 parts.
    #expect(result.stdout.split(separator: "\n").count == 24 + 2 * 17)
  }

  // MARK: - Helpers

  /// The same verdict, score, reasons, and per metric the same classification, design, p-value
  /// and per-workload summaries.
  static func compareReports(_ mine: [String: Any], _ theirs: [String: Any]) throws {
    #expect(theirs["verdict"] as? String == mine["verdict"] as? String)
    #expect(close(theirs["score"] as? Double, mine["score"] as? Double))
    #expect(theirs["reasons"] as? [String] == mine["reasons"] as? [String])
    let localMetrics = try #require(mine["metrics"] as? [[String: Any]])
    let remoteMetrics = try #require(theirs["metrics"] as? [[String: Any]])
    #expect(localMetrics.count == 12)
    #expect(remoteMetrics.count == localMetrics.count)
    var unitsCompared = 0
    for (expected, actual) in zip(localMetrics, remoteMetrics) {
      let name = expected["name"] as? String ?? "?"
      #expect(actual["name"] as? String == name)
      for field in ["classification", "design"] {
        #expect(actual[field] as? String == expected[field] as? String, "\(name) \(field)")
      }
      #expect(actual["matched"] as? Bool == expected["matched"] as? Bool, "\(name)")
      #expect(close(pValue(actual), pValue(expected)), "\(name) p-value")
      unitsCompared += try compareUnits(expected, actual, name)
    }
    // The request and latency metrics are judged on moved workloads against their own past.
    for name in ["error-rate", "latency-p50", "latency-p99", "requests-per-proxy", "proxy-memory"] {
      let metric = try #require(remoteMetrics.first { $0["name"] as? String == name })
      #expect(metric["design"] as? String == "before-after", "\(name)")
      #expect(metric["matched"] as? Bool == true, "\(name)")
    }
    #expect(unitsCompared >= 40, "per-workload summaries compared: \(unitsCompared)")
  }

  /// Every stored per-workload per-step value: the same rows, the same numbers.
  static func compareRows(_ expected: [String: Double], _ actual: [String: Double]) throws {
    #expect(expected.keys.sorted() == actual.keys.sorted())
    var differing: [String] = []
    for (key, want) in expected where !close(actual[key], want) {
      differing.append(
        "\(key.replacingOccurrences(of: "\u{0}", with: " ")): \(want) vs \(actual[key] ?? .nan)")
    }
    #expect(differing.isEmpty, "\(differing.prefix(5))")
  }

  /// Simulates the 40-minute migration (3 namespaces, the sidecars' series labelled with
  /// `istio_io_rev`) and ingests it.
  static func ingestMigration(in scratch: Scratch, _ flags: [String] = []) throws -> String {
    let data = scratch.path("data")
    let db = scratch.path("canary.db")
    let steps: [[String]] = [
      [
        "simulate", "--scenario", "migration-latency", "--namespaces", "3", "--minutes", "40",
        "--seed", "1", "--out", data,
      ] + flags,
      ["ingest", "--db", db, data + "/sidecar", data + "/istiod-stable", data + "/istiod-canary"],
    ]
    for arguments in steps {
      let result = try CanaryProcess.run(arguments)
      #expect(result.status == 0, "\(arguments[0]): \(result.stderr)")
    }
    return db
  }

  /// Compares a metric's per-workload summaries; returns how many workloads it compared.
  static func compareUnits(_ expected: [String: Any], _ actual: [String: Any], _ name: String)
    throws -> Int
  {
    let want = expected["units"] as? [[String: Any]] ?? []
    let got = actual["units"] as? [[String: Any]] ?? []
    #expect(got.count == want.count, "\(name): unit counts differ")
    let byUnit = Dictionary(got.map { ($0["unit"] as? String ?? "", $0) }) { first, _ in first }
    for unit in want {
      let label = unit["unit"] as? String ?? "?"
      let other = try #require(byUnit[label], "\(name): \(label) missing")
      #expect(other["role"] as? String == unit["role"] as? String, "\(name) \(label)")
      for field in ["baseline", "canary", "ratio"] {
        #expect(
          close(other[field] as? Double, unit[field] as? Double), "\(name) \(label) \(field)")
      }
    }
    return want.count
  }

  static func pValue(_ metric: [String: Any]) -> Double? { metric["pValue"] as? Double }

  /// Equal to a relative 1e-9 (both nil counts as equal).
  static func close(_ actual: Double?, _ expected: Double?) -> Bool {
    guard let actual, let expected else { return actual == nil && expected == nil }
    return abs(actual - expected) <= 1e-9 * max(1, abs(expected))
  }

  /// `v_analysis_values` of the one stored analysis, keyed by metric, side, ts and unit.
  static func analysisValues(_ path: String) throws -> [String: Double] {
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    return try queue.read { db in
      let rows = try Row.fetchAll(
        db, sql: "SELECT metric, side, ts, unit, value FROM v_analysis_values")
      var values: [String: Double] = [:]
      for row in rows {
        let metric: String = row["metric"]
        let side: String = row["side"]
        let ts: Int64 = row["ts"]
        let unit: String = row["unit"]
        values["\(metric)\u{0}\(side)\u{0}\(ts)\u{0}\(unit)"] = row["value"]
      }
      return values
    }
  }

  /// The units of `v_pulled_unit_steps`.
  static func pulledUnits(_ path: String) throws -> Set<String> {
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    return try queue.read { db in
      Set(try String.fetchAll(db, sql: "SELECT DISTINCT unit FROM v_pulled_unit_steps"))
    }
  }
}
