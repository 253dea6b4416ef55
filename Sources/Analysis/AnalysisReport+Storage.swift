import Foundation
import MetricModel
import Store

extension AnalysisReport {
  /// The report as stored in the database: JSON with sorted keys, so `canary report`
  /// re-renders exactly what `canary analyze` showed.
  public func storedJSON() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  /// Reads a stored report back.
  public static func fromStoredJSON(_ text: String) throws -> AnalysisReport {
    try JSONDecoder().decode(AnalysisReport.self, from: Data(text.utf8))
  }

  /// Stores the report with its per-metric rows and values; returns it with its new id.
  public func saved(in database: CanaryDatabase) throws -> AnalysisReport {
    func milliseconds(_ text: String) -> Int64 {
      TimeSpecification.rfc3339(text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
        ?? 0
    }
    let record = AnalysisRecord(
      createdAt: createdAt, baseline: baseline.revision, canary: canary.revision,
      baselineWindow: (milliseconds(baseline.from), milliseconds(baseline.to)),
      canaryWindow: (milliseconds(canary.from), milliseconds(canary.to)),
      verdict: verdict.rawValue, score: score,
      metrics: metrics.map { metric in
        AnalysisRecord.Metric(
          name: metric.name, kind: metric.kind, test: metric.test, critical: metric.critical,
          classification: metric.classification.rawValue, statistic: metric.statistic,
          pValue: metric.pValue, estimate: metric.effect.estimate, ciLow: metric.effect.ciLow,
          ciHigh: metric.effect.ciHigh, ratio: metric.effect.ratio,
          baselineMean: metric.baseline?.mean, canaryMean: metric.canary?.mean,
          reason: metric.reason,
          baselineValues: metric.values.baseline.map { ($0.time * 1000, $0.value) },
          canaryValues: metric.values.canary.map { ($0.time * 1000, $0.value) })
      })
    var stored = self
    let id = try database.save(record) { id in
      stored.analysisId = id
      return try stored.storedJSON()
    }
    stored.analysisId = id
    return stored
  }
}
