import Analysis
import Foundation
import Testing

/// Sample reports built in code, each with golden files `Golden/report<suffix>.{txt,md,json}`.
enum ReportSample: String, CaseIterable, CustomTestStringConvertible {
  /// Rollback: a failing critical metric, a threshold breach, a nodata metric, a nil ratio,
  /// tiny and huge numbers, a `|` in a name, a long name, a long reason; stored as analysis 12.
  case rollback
  /// Promote: every metric passes; stored as analysis 13.
  case promote
  /// Inconclusive: every metric nodata, no score, not stored (`--no-save`).
  case nodata

  /// The golden file name for an extension: `report.txt`, `report-promote.md`, ...
  func golden(_ fileExtension: String) -> String {
    self == .rollback ? "report.\(fileExtension)" : "report-\(rawValue).\(fileExtension)"
  }

  var testDescription: String { rawValue }

  /// The report.
  func report() throws -> AnalysisReport {
    switch self {
    case .rollback: try ReportSamples.rollback()
    case .promote: try ReportSamples.promote()
    case .nodata: try ReportSamples.nodata()
    }
  }
}

/// Builders for the samples.
enum ReportSamples {
  static let baselineSide = AnalysisReport.RevisionWindow(
    revision: "1-24-3", window: ReportSamples.window("2024-05-01T09:00:00Z", "2024-05-01T10:00:00Z")
  )
  static let canarySide = AnalysisReport.RevisionWindow(
    revision: "1-25-0", window: ReportSamples.window("2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z")
  )
  static let baselineStart: Int64 = 1_714_554_060
  static let canaryStart: Int64 = 1_714_557_660

  static func rollback() throws -> AnalysisReport {
    let config = try configuration(ReportSampleConfigurations.rollback)
    let metrics = [
      compared(
        "error-rate", kind: .ratio, critical: true, classification: .high,
        reason: "up 210% (95% CI of the shift +0.0007..+0.00098), above the allowed +50%",
        baseline: series(0.00041, step: 0.00001), canary: series(0.00127, step: 0.00002),
        statistic: 144, pValue: 3.1e-9,
        effect: .init(
          estimate: 0.00086, ciLow: 0.0007, ciHigh: 0.00098, ratio: 3.1)),
      compared(
        "latency-p99", kind: .quantile, critical: true, classification: .pass,
        reason: "no significant change (+1.9%)",
        baseline: series(41.2, step: 0.1), canary: series(42.0, step: 0.1),
        statistic: 88, pValue: 0.2141,
        effect: .init(
          estimate: 0.8, ciLow: -0.3, ciHigh: 1.9, ratio: 1.019)),
      compared(
        "proxy-memory", kind: .gauge, classification: .pass,
        reason: "no significant change (+3.1%)",
        baseline: series(1.61e9, step: 2e6), canary: series(1.66e9, step: 2e6),
        statistic: 99, pValue: 0.03,
        effect: .init(
          estimate: 5e7, ciLow: 1.2e6, ciHigh: 9.9e7, ratio: 1.031)),
      MetricResult(
        name: "xds-rejects", kind: .rate, test: .threshold, direction: .increase,
        critical: false, classification: .high, reason: "canary max 0.02 above the threshold max 0",
        baseline: nil, canary: summary(series(0, step: 0.005)), statistic: nil, pValue: nil,
        effect: .none,
        values: .init(baseline: [], canary: steps(canaryStart, series(0, step: 0.005)))),
      compared(
        "grpc-status|unavailable", kind: .ratio, test: .welchT, classification: .pass,
        reason: "no significant change (-4.0%)",
        baseline: series(0.025, step: 0.0001), canary: series(0.024, step: 0.0001),
        statistic: -1.2, pValue: 0.2437,
        effect: .init(
          estimate: -0.001, ciLow: -0.0021, ciHigh: 0.0003, ratio: 0.96)),
      nodata("convergence-p99", kind: .quantile, reason: "3 canary steps, 10 needed"),
      compared(
        "push-errors", kind: .rate, classification: .high,
        reason: "up from a baseline of 0 (p = 0.0031)",
        baseline: series(0, step: 0), canary: series(0.35, step: 0.01),
        statistic: 120, pValue: 0.0031,
        effect: .init(
          estimate: 0.4, ciLow: 0.36, ciHigh: 0.44, ratio: nil)),
      compared(
        "requests-per-proxy-on-the-canary-revision-including-ingress-and-egress-gateways",
        kind: .rate, direction: .decrease, classification: .pass,
        reason: "no significant change (-0.5%)",
        baseline: series(123.4, step: 0.5), canary: series(122.8, step: 0.5),
        statistic: 70, pValue: 0.8,
        effect: .init(
          estimate: -0.6, ciLow: -2.5, ciHigh: 1.3, ratio: 0.995)),
    ]
    return AnalysisReport(
      analysisId: 12, createdAt: "2024-05-01T11:00:07Z", verdict: .rollback, score: 400.0 / 7,
      reasons: [
        "critical metric error-rate is high: up 210% (95% CI of the shift +0.0007..+0.00098), "
          + "above the allowed +50%; a failing critical metric means rollback whatever the score",
        "xds-rejects: canary max 0.02 above the threshold max 0",
        "push-errors is high: up from a baseline of 0 (p = 0.0031)",
        "score 57.1 is below the marginal 75",
      ],
      baseline: baselineSide, canary: canarySide, config: config, metrics: metrics)
  }

  static func promote() throws -> AnalysisReport {
    let config = try configuration(ReportSampleConfigurations.promote)
    let metrics = [
      compared(
        "error-rate", kind: .ratio, critical: true, classification: .pass,
        reason: "no significant change (-2.4%)",
        baseline: series(0.00041, step: 0.00001), canary: series(0.0004, step: 0.00001),
        statistic: 40, pValue: 0.56,
        effect: .init(
          estimate: -0.00001, ciLow: -0.00004, ciHigh: 0.00002, ratio: 0.976)),
      compared(
        "latency-p99", kind: .quantile, critical: true, classification: .pass,
        reason: "lower: a change in the harmless direction",
        baseline: series(41.2, step: 0.1), canary: series(35.5, step: 0.1),
        statistic: 0, pValue: 1.8e-5,
        effect: .init(
          estimate: -5.7, ciLow: -6.0, ciHigh: -5.4, ratio: 0.862)),
    ]
    return AnalysisReport(
      analysisId: 13, createdAt: "2024-05-01T11:05:00Z", verdict: .promote, score: 100,
      reasons: ["score 100.0 is at or above the pass 95"],
      baseline: baselineSide, canary: canarySide, config: config, metrics: metrics)
  }

  static func nodata() throws -> AnalysisReport {
    let config = try configuration(ReportSampleConfigurations.promote)
    return AnalysisReport(
      analysisId: nil, createdAt: "2024-05-01T11:10:00Z", verdict: .inconclusive, score: nil,
      reasons: ["no metric had enough data: at least 10 steps are needed on each side"],
      baseline: baselineSide, canary: canarySide, config: config,
      metrics: [
        nodata("error-rate", kind: .ratio, critical: true, reason: "no samples for the canary"),
        nodata(
          "latency-p99", kind: .quantile, critical: true, reason: "no samples for the canary"),
      ])
  }
}
