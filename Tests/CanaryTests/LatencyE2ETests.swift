import Foundation
import Testing

/// Latency regressions of a namespace migration through the built binary, with the plain
/// commands: `canary simulate --layout single` (3 namespaces, 40 minutes, the move at 20),
/// `canary ingest`, `canary analyze --output json`. Istio's duration buckets are coarse, so a
/// slowdown has to be caught wherever the quantiles sit inside them: every workload's median
/// is set to 12, 40 or 150 ms, which puts the baseline's p50 and p99 in different buckets.
@Suite(.serialized) struct LatencyE2ETests {
  /// Istio's finite `istio_request_duration_milliseconds` bucket bounds.
  static let bounds: [Double] = [
    0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000,
    600000, 1_800_000, 3_600_000,
  ]

  /// Simulates `scenario` with `flags`, ingests it and returns the exit status and the report.
  static func analyze(_ scenario: String, _ flags: [String]) throws -> (Int32, [String: Any]) {
    let scratch = try Scratch()
    let data = scratch.path("data")
    let db = scratch.path("canary.db")
    let simulate = try CanaryProcess.run(
      [
        "simulate", "--scenario", scenario, "--seed", "1", "--namespaces", "3", "--minutes",
        "40", "--layout", "single", "--out", data,
      ] + flags)
    try #require(simulate.status == 0, "\(simulate.stderr)")
    let ingest = try CanaryProcess.run([
      "ingest", "--db", db, "--format", "openmetrics", data + "/sidecar",
      data + "/istiod-stable", data + "/istiod-canary",
    ])
    try #require(ingest.status == 0, "\(ingest.stderr)")
    let analyze = try CanaryProcess.run([
      "analyze", "--db", db, "--baseline", "stable", "--canary", "canary", "--output", "json",
      "--no-save",
    ])
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(analyze.stdout.utf8)) as? [String: Any],
      "\(analyze.stderr)")
    return (analyze.status, report)
  }

  static func metric(_ report: [String: Any], _ name: String) throws -> [String: Any] {
    let metrics = try #require(report["metrics"] as? [[String: Any]])
    return try #require(metrics.first { $0["name"] as? String == name }, "\(name)")
  }

  /// The index of the bucket holding `value` (its first bound at or above it).
  static func bucket(_ value: Double) -> Int {
    bounds.firstIndex { value <= $0 } ?? bounds.count
  }

  /// The mean of the baseline's per-step values of a quantile metric.
  static func baselineMean(_ metric: [String: Any]) throws -> Double {
    let baseline = try #require(metric["baseline"] as? [String: Any])
    return try #require(baseline["mean"] as? Double)
  }

  /// Every request through a canary proxy 1.3× slower: latency-p99, critical, fails at each
  /// median and the verdict is rollback; the baseline quantiles lie in a different bucket at
  /// each median.
  @Test func aThirtyPercentSlowdownFailsWhereverTheQuantilesSit() throws {
    let medians = ["12", "40", "150"]
    #expect(medians.count == 3)
    var p50Buckets: Set<Int> = []
    var p99Buckets: Set<Int> = []
    for median in medians {
      let (status, report) = try Self.analyze(
        "migration-latency", ["--latency-median", median, "--latency-factor", "1.3"])
      #expect(status == 1, "median \(median)")
      #expect(report["verdict"] as? String == "rollback", "median \(median)")
      let p99 = try Self.metric(report, "latency-p99")
      #expect(p99["critical"] as? Bool == true)
      #expect(p99["design"] as? String == "before-after", "median \(median)")
      #expect(p99["classification"] as? String == "high", "median \(median)")
      let ratio = try #require((p99["effect"] as? [String: Any])?["ratio"] as? Double)
      #expect(ratio > 1.1, "median \(median)")
      p50Buckets.insert(Self.bucket(try Self.baselineMean(try Self.metric(report, "latency-p50"))))
      p99Buckets.insert(Self.bucket(try Self.baselineMean(p99)))
    }
    #expect(p50Buckets.count == 3, "\(p50Buckets)")
    #expect(p99Buckets.count == 3, "\(p99Buckets)")
  }

  /// 2% of the requests through canary proxies 3.5× slower, the rest unchanged: the median
  /// passes, latency-p99 fails on its tail count, and the verdict is rollback.
  @Test func aTailOnlyRegressionRollsBack() throws {
    let (status, report) = try Self.analyze(
      "migration-healthy", ["--tail-share", "0.02", "--tail-factor", "3.5"])
    #expect(status == 1)
    #expect(report["verdict"] as? String == "rollback")
    let p50 = try Self.metric(report, "latency-p50")
    #expect(p50["classification"] as? String == "pass")
    let p99 = try Self.metric(report, "latency-p99")
    #expect(p99["classification"] as? String == "high")
    let evidence = try #require(p99["evidence"] as? [String: Any])
    let tail = try #require(evidence["tailRatio"] as? Double)
    let allowed = try #require(evidence["tailAllowedRatio"] as? Double)
    #expect(tail > allowed)
    let reason = try #require(p99["reason"] as? String)
    #expect(reason.contains("above the ×"), "\(reason)")
  }
}
