import Analysis
import MetricModel
import Store

extension AnalysisReport {
  /// Stores the report with its per-metric rows and values; returns it with its new id.
  func saved(in database: CanaryDatabase) throws -> AnalysisReport {
    let record = AnalysisRecord(
      createdAt: createdAt, baseline: baseline.revision, canary: canary.revision,
      baselineWindow: baseline.window, canaryWindow: canary.window,
      verdict: verdict.rawValue, score: score,
      metrics: metrics.map { metric in
        var row = AnalysisRecord.Metric(
          name: metric.name, kind: metric.kind.rawValue, test: metric.test.rawValue,
          critical: metric.critical, classification: metric.classification.rawValue,
          statistic: metric.statistic, pValue: metric.pValue, estimate: metric.effect.estimate,
          ciLow: metric.effect.ciLow, ciHigh: metric.effect.ciHigh, ratio: metric.effect.ratio,
          baselineMean: metric.baseline?.mean, canaryMean: metric.canary?.mean,
          reason: metric.reason,
          baselineValues: metric.values.baseline.map { ($0.time * 1000, $0.value) },
          canaryValues: metric.values.canary.map { ($0.time * 1000, $0.value) })
        row.design = metric.design?.rawValue
        row.matched = metric.matched
        row.unitValues = metric.unitValues.map { ($0.unit, $0.side, $0.time, $0.value) }
        return row
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
