import MetricModel
import Statistics
import Store

/// What to compare.
public struct AnalysisRequest: Sendable {
  /// Baseline revision.
  public var baseline: String
  /// Canary revision.
  public var canary: String
  /// Baseline window (Unix milliseconds); nil: the canary's window.
  public var baselineWindow: (from: Int64, to: Int64)?
  /// Canary window (Unix milliseconds); nil: the whole range the canary has data for.
  public var canaryWindow: (from: Int64, to: Int64)?
  /// The configuration.
  public var configuration: AnalysisConfiguration
  /// Per-step values pulled from a remote server, used instead of raw samples.
  public var pulled = PulledSteps()

  /// Creates a request.
  public init(
    baseline: String, canary: String, baselineWindow: (from: Int64, to: Int64)? = nil,
    canaryWindow: (from: Int64, to: Int64)? = nil, configuration: AnalysisConfiguration
  ) {
    self.baseline = baseline
    self.canary = canary
    self.baselineWindow = baselineWindow
    self.canaryWindow = canaryWindow
    self.configuration = configuration
  }
}

/// Runs an analysis: derives every metric's per-step values on both sides, judges them, and
/// scores the verdict. Pure over its inputs: the same data and request give the same report.
public enum Analyzer {
  /// Analyzes `request` against `database`; `createdAt` is stamped on the report.
  public static func analyze(
    _ request: AnalysisRequest, in database: CanaryDatabase, createdAt: Int64
  ) throws -> AnalysisReport {
    // A revision known only from pulled per-step values (`canary pull`) is known too.
    let known = Array(Set(try database.revisionNames() + database.pulledRevisionNames())).sorted()
    for name in [request.canary, request.baseline] where !known.contains(name) {
      throw AnalysisError.unknownRevision(name: name, known: known)
    }
    var request = request
    if request.canaryWindow == nil {
      guard let range = try database.timeRange(revision: request.canary) else {
        throw AnalysisError.invalidWindow(
          "revision \"\(request.canary)\" has pulled values but no raw samples to take a window "
            + "from: give --from and --to")
      }
      request.canaryWindow = (range.first, range.last)
    }
    if let canaryWindow = request.canaryWindow {
      request.pulled = try PulledSteps.load(
        from: database,
        sides: [
          (request.canary, canaryWindow),
          (request.baseline, request.baselineWindow ?? canaryWindow),
        ], stepMilliseconds: request.configuration.stepMilliseconds)
    }
    return try analyze(request, data: database, createdAt: createdAt)
  }

  /// Analyzes `request` over any sample source; windows must be set or default to the canary's.
  public static func analyze(
    _ request: AnalysisRequest, data: any MetricData, createdAt: Int64
  ) throws -> AnalysisReport {
    guard let canaryWindow = request.canaryWindow else {
      throw AnalysisError.invalidWindow("the canary window is not set")
    }
    let baselineWindow = request.baselineWindow ?? canaryWindow
    let config = request.configuration
    let cache = CachedMetricData(data)
    let step = config.stepMilliseconds
    let baselineSide = StepDeriver(
      data: cache, grid: StepGrid(from: baselineWindow.from, to: baselineWindow.to, step: step),
      revision: request.baseline, pulled: request.pulled)
    let canarySide = StepDeriver(
      data: cache, grid: StepGrid(from: canaryWindow.from, to: canaryWindow.to, step: step),
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
          name: metric.name, kind: metric.kind.rawValue,
          test: metric.threshold == nil ? metric.test.rawValue : "threshold",
          direction: metric.direction.rawValue, critical: metric.critical,
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
      baseline: .init(
        revision: request.baseline,
        from: TimeSpecification.format(milliseconds: baselineWindow.from),
        to: TimeSpecification.format(milliseconds: baselineWindow.to)),
      canary: .init(
        revision: request.canary, from: TimeSpecification.format(milliseconds: canaryWindow.from),
        to: TimeSpecification.format(milliseconds: canaryWindow.to)),
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
