import Analysis
import Foundation

/// Sample reports for the HTML report's tests, built in code so they need no database.
enum HTMLSamples {
  /// 2024-06-01T12:00:00Z, the first step of the samples.
  static let start: Int64 = 1_717_243_200

  /// A rollback with five metrics: a failing critical ratio, a passing quantile, a passing
  /// gauge in the megabytes, a metric without data, and a failing threshold.
  static func rollback() throws -> AnalysisReport {
    let errorBaseline = steps(count: 30) { 0.0021 + 0.0008 * (noise(1, $0) - 0.5) }
    let errorCanary = steps(count: 30) { 0.0046 + 0.0016 * (noise(2, $0) - 0.5) }
    let latencyBaseline = steps(count: 30) { 48 + 6 * (noise(3, $0) - 0.5) + wave($0) }
    let latencyCanary = steps(count: 30) {
      // One slow step: an outlier beyond the box plot's whiskers.
      $0 == 17 ? 71 : 49 + 6 * (noise(4, $0) - 0.5) + wave($0)
    }
    let memoryBaseline = steps(count: 30) { 52_400_000 + 1_800_000 * noise(5, $0) }
    let memoryCanary = steps(count: 30) { 50_100_000 + 1_600_000 * noise(6, $0) }
    let rejects = steps(count: 30) {
      [11, 12, 20, 21, 22].contains($0) ? 0.05 * noise(7, $0) + 0.02 : 0
    }

    let metrics = [
      result(
        "error-rate", kind: .ratio, critical: true, classification: .high,
        reason: "error-rate up 119% (CI +0.0021..+0.0029), above the allowed 0%",
        baseline: errorBaseline, canary: errorCanary, statistic: 884, pValue: 2.1e-10,
        interval: (0.0021, 0.0029)),
      result(
        "latency-p99", kind: .quantile, critical: false, classification: .pass,
        reason: "latency-p99 up 2.6% (CI -0.9..+2.4), within the allowed 10%",
        baseline: latencyBaseline, canary: latencyCanary, statistic: 521, pValue: 0.31,
        interval: (-0.9, 2.4)),
      result(
        "proxy-memory", kind: .gauge, critical: false, classification: .pass,
        reason: "proxy-memory down 4.4%, a change in the harmless direction",
        baseline: memoryBaseline, canary: memoryCanary, statistic: 12, pValue: 1.4e-9,
        interval: (-2_700_000, -1_800_000)),
      result(
        "xds-pushes-per-proxy", kind: .rate, critical: false, classification: .nodata,
        reason: "no per-step values: 0 baseline and 0 canary, fewer than the 10 required",
        baseline: [], canary: [], statistic: nil, pValue: nil, interval: nil),
      result(
        "xds-rejects", kind: .rate, test: .threshold, critical: false,
        classification: .high, reason: "xds-rejects reached 0.066/s, above the threshold max 0",
        baseline: [], canary: rejects, statistic: nil, pValue: nil, interval: nil),
    ]
    return AnalysisReport(
      analysisId: 42, createdAt: "2024-06-01T12:31:07Z", verdict: .rollback, score: 50,
      reasons: [
        "critical metric error-rate failed: error-rate up 119% (CI +0.0021..+0.0029)",
        "threshold xds-rejects failed: 0.066/s above max 0",
        "score 50.0 is below the marginal threshold 75",
      ],
      baseline: .init(
        revision: "1-22-3",
        window: ReportSamples.window("2024-06-01T12:00:00Z", "2024-06-01T12:30:00Z")),
      canary: .init(
        revision: "1-23-0",
        window: ReportSamples.window("2024-06-01T12:00:00Z", "2024-06-01T12:30:00Z")),
      config: try configuration(), metrics: metrics)
  }

  /// A report whose every text field tries to inject markup.
  static func hostile() throws -> AnalysisReport {
    var report = try rollback()
    report.reasons = ["<img src=x onerror=alert(1)> & \"quoted\" 'single'"]
    report.baseline.revision = "base<&>"
    report.canary.revision = "</title><script>alert(2)</script>"
    report.metrics[0].name = "<script>alert(\"x\")</script> & co"
    report.metrics[0].reason = "<b>bold</b> & <i>"
    report.config.metrics[0].name = report.metrics[0].name
    report.config.metrics[0].numerator = "http_requests{code=~\"5..\", path=\"<a>&\"}"
    return report
  }

  /// `count` per-step values one minute apart from ``start``.
  static func steps(count: Int, _ value: (Int) -> Double) -> [StepValue] {
    (0..<count).map { StepValue(time: start + 60 * Int64($0 + 1), value: value($0)) }
  }

  /// A deterministic value in `0..<1` (SplitMix64 of seed and index), the same everywhere.
  static func noise(_ seed: UInt64, _ index: Int) -> Double {
    var z = (seed << 32) &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Double(z >> 11) / Double(UInt64(1) << 53)
  }

  /// A slow triangle wave of period 12 steps and height 4, a load pattern both sides share.
  static func wave(_ index: Int) -> Double {
    Double(abs(index % 12 - 6)) * 4 / 6
  }

  /// A metric result whose summaries, shift and ratio are computed from its values.
  static func result(
    _ name: String, kind: MetricKind, test: AppliedTest = .mannWhitney, critical: Bool,
    classification: Classification, reason: String, baseline: [StepValue], canary: [StepValue],
    statistic: Double?, pValue: Double?, interval: (Double, Double)?
  ) -> MetricResult {
    let baselineSummary = summary(baseline.map(\.value))
    let canarySummary = summary(canary.map(\.value))
    var shift: Double?
    if !baseline.isEmpty && !canary.isEmpty {
      let differences = canary.flatMap { c in baseline.map { c.value - $0.value } }.sorted()
      shift = differences[differences.count / 2]
    }
    let ratio = baselineSummary?.mean.flatMap { b in canarySummary?.mean.map { $0 / b } }
    return MetricResult(
      name: name, kind: kind, test: test, direction: .increase, critical: critical,
      classification: classification, reason: reason, baseline: baselineSummary,
      canary: canarySummary, statistic: statistic, pValue: pValue,
      effect: .init(estimate: shift, ciLow: interval?.0, ciHigh: interval?.1, ratio: ratio),
      values: .init(baseline: baseline, canary: canary))
  }

  /// n, mean, median, p90 (R type 7), min, max; nil without values.
  static func summary(_ values: [Double]) -> MetricResult.Summary? {
    let sorted = values.sorted()
    guard let first = sorted.first, let last = sorted.last else { return nil }
    func quantile(_ p: Double) -> Double {
      let position = p * Double(sorted.count - 1)
      let index = Int(position)
      guard index + 1 < sorted.count else { return sorted[index] }
      return sorted[index] + (position - Double(index)) * (sorted[index + 1] - sorted[index])
    }
    return .init(
      n: sorted.count, mean: sorted.reduce(0, +) / Double(sorted.count), median: quantile(0.5),
      p90: quantile(0.9), min: first, max: last)
  }

  /// The configuration the samples were analysed with, as the JSON report records it.
  static func configuration() throws -> ConfigurationSnapshot {
    let json = """
      {"version": 1, "step": "1m", "alpha": 0.05, "minIntervals": 10,
       "scoring": {"pass": 95, "marginal": 75},
       "metrics": [
        {"name": "error-rate", "kind": "ratio",
         "numerator": "istio_requests_total{reporter=\\"destination\\",response_code=~\\"5..\\"}",
         "denominator": "istio_requests_total{reporter=\\"destination\\"}",
         "direction": "increase", "allowedIncrease": 1, "allowedDecrease": 1,
         "critical": true, "test": "mann-whitney", "weight": 1},
        {"name": "latency-p99", "kind": "quantile",
         "histogram": "istio_request_duration_milliseconds{reporter=\\"destination\\"}",
         "quantile": 0.99, "direction": "increase", "allowedIncrease": 1.1,
         "allowedDecrease": 1, "critical": false, "test": "mann-whitney", "weight": 1},
        {"name": "proxy-memory", "kind": "gauge",
         "query": "container_memory_working_set_bytes{container=\\"istio-proxy\\"}",
         "aggregate": "avg", "direction": "increase", "allowedIncrease": 1.2,
         "allowedDecrease": 1, "critical": false, "test": "mann-whitney", "weight": 1},
        {"name": "xds-pushes-per-proxy", "kind": "rate", "query": "pilot_xds_pushes",
         "per": "pilot_xds", "direction": "increase", "allowedIncrease": 1.5,
         "allowedDecrease": 1, "critical": false, "test": "mann-whitney", "weight": 1,
         "group": "control-plane"},
        {"name": "xds-rejects", "kind": "rate", "query": "pilot_total_xds_rejects",
         "direction": "increase", "allowedIncrease": 1, "allowedDecrease": 1,
         "critical": false, "threshold": {"max": 0}, "test": "threshold", "weight": 1}
       ]}
      """
    return try JSONDecoder().decode(ConfigurationSnapshot.self, from: Data(json.utf8))
  }
}
