import MetricModel
import Statistics

/// What to compare.
public struct AnalysisRequest: Sendable {
  /// Baseline revision.
  public var baseline: String
  /// Canary revision.
  public var canary: String
  /// Canary window.
  public var canaryWindow: TimeWindow
  /// Baseline window; nil: the canary's window.
  public var baselineWindow: TimeWindow?
  /// The configuration.
  public var configuration: AnalysisConfiguration
  /// Per-step values pulled from a remote server, used instead of raw samples.
  public var pulled = PulledSteps()

  /// Creates a request.
  public init(
    baseline: String, canary: String, canaryWindow: TimeWindow, baselineWindow: TimeWindow? = nil,
    configuration: AnalysisConfiguration
  ) {
    self.baseline = baseline
    self.canary = canary
    self.canaryWindow = canaryWindow
    self.baselineWindow = baselineWindow
    self.configuration = configuration
  }
}

/// Runs an analysis: derives every metric's per-step values on both sides, judges them, and
/// scores the verdict. Pure over its inputs: the same data and request give the same report.
public enum Analyzer {
  /// Analyzes `request` over `data`; `createdAt` (Unix milliseconds) is stamped on the report.
  public static func analyze(
    _ request: AnalysisRequest, data: any MetricData, createdAt: Int64
  ) throws -> AnalysisReport {
    let canaryWindow = request.canaryWindow
    let baselineWindow = request.baselineWindow ?? canaryWindow
    let config = request.configuration
    let cache = CachedMetricData(data)
    let step = config.stepMilliseconds
    let baselineSide = StepDeriver(
      data: cache, grid: StepGrid(window: baselineWindow, step: step),
      revision: request.baseline, pulled: request.pulled)
    let canarySide = StepDeriver(
      data: cache, grid: StepGrid(window: canaryWindow, step: step),
      revision: request.canary, pulled: request.pulled)
    let judge = Judge(alpha: config.alpha, minIntervals: config.minIntervals)
    var results: [MetricResult] = []
    for metric in config.metrics {
      let baselineValues = try baselineSide.values(for: metric)
      let canaryValues = try canarySide.values(for: metric)
      let judgement = judge.judge(
        metric, baseline: baselineValues.map(\.1), canary: canaryValues.map(\.1))
      results.append(
        MetricResult(
          name: metric.name, kind: metric.kind, test: metric.appliedTest,
          direction: metric.direction, critical: metric.critical,
          classification: judgement.classification, reason: judgement.reason,
          baseline: summary(baselineValues.map(\.1)), canary: summary(canaryValues.map(\.1)),
          statistic: finite(judgement.statistic), pValue: finite(judgement.pValue),
          effect: MetricResult.Effect(
            estimate: finite(judgement.effect.estimate), ciLow: finite(judgement.effect.ciLow),
            ciHigh: finite(judgement.effect.ciHigh), ratio: finite(judgement.effect.ratio)),
          values: MetricResult.Values(
            baseline: baselineValues.map { StepValue(time: $0.0 / 1000, value: $0.1) },
            canary: canaryValues.map { StepValue(time: $0.0 / 1000, value: $0.1) })))
    }
    let decision = Scorecard(configuration: config, results: results).decision()
    return AnalysisReport(
      analysisId: nil, createdAt: TimeSpecification.format(milliseconds: createdAt),
      verdict: decision.verdict, score: decision.score, reasons: decision.reasons,
      baseline: .init(revision: request.baseline, window: baselineWindow),
      canary: .init(revision: request.canary, window: canaryWindow),
      config: config.snapshot, metrics: results)
  }

  /// `{n, mean, median, p90, min, max}` of one side, nil without values.
  static func summary(_ values: [Double]) -> MetricResult.Summary? {
    guard !values.isEmpty else {
      return MetricResult.Summary(n: 0, mean: nil, median: nil, p90: nil, min: nil, max: nil)
    }
    return MetricResult.Summary(
      n: values.count, mean: finite(try? Descriptive.mean(values)),
      median: finite(try? Descriptive.median(values)),
      p90: finite(try? Descriptive.quantile(values, 0.9)),
      min: finite(try? Descriptive.min(values)),
      max: finite(try? Descriptive.max(values)))
  }

  /// nil for NaN and infinities: reports never carry them.
  static func finite(_ value: Double?) -> Double? {
    guard let value, value.isFinite else { return nil }
    return value
  }
}
