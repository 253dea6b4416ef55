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
  /// The design of every metric (`--design`), over the configuration's; nil: as configured.
  public var design: Design?
  /// One planned look (`fixed`), or one of many (`anytime`: `watch`, `analyze --sequential`).
  public var horizon: Horizon = .fixed

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
  /// `cache`, when given, is shared with other analyses of the same unchanging data whose
  /// grids lie within its span (the looks of a replay).
  public static func analyze(
    _ request: AnalysisRequest, data: any MetricData, createdAt: Int64,
    cache shared: AnalysisCache? = nil
  ) throws -> AnalysisReport {
    let canaryWindow = request.canaryWindow
    let baselineWindow = request.baselineWindow ?? canaryWindow
    let config = request.configuration
    // A replay's looks share one cache of per-workload steps (never with pulled values, which
    // each look loads for its own windows); only the span's entries outlive one analysis.
    let cache: DerivationCache
    if let shared, request.pulled.isEmpty {
      cache = shared.derivation
      cache.buckets = [:]
      cache.units = [:]
      cache.increases = [:]
    } else {
      cache = DerivationCache(pulled: request.pulled)
    }
    let step = config.stepMilliseconds
    let baselineSide = StepDeriver(
      data: data, grid: StepGrid(window: baselineWindow, step: step),
      revision: request.baseline, pulled: request.pulled, cache: cache)
    let canarySide = StepDeriver(
      data: data, grid: StepGrid(window: canaryWindow, step: step),
      revision: request.canary, pulled: request.pulled, cache: cache)
    let judge = Judge(alpha: config.alpha, minIntervals: config.minIntervals)
    let matching = MatchedAnalysis(
      data: data, cache: cache, request: request, canaryWindow: canaryWindow,
      baselineWindow: request.baselineWindow)
    var results: [MetricResult] = []
    for metric in config.metrics {
      let design = request.design ?? metric.design ?? config.design
      var route = MatchedAnalysis.Route.unmatched("")
      if metric.threshold == nil && design != .pooled {
        route = try matching.route(for: metric, design: design)
      }
      if case .matched(let result) = route {
        results.append(result)
        continue
      }
      let baselineValues = try baselineSide.values(for: metric)
      let canaryValues = try canarySide.values(for: metric)
      var result = pooledResult(
        metric, judge: judge, baseline: baselineValues, canary: canaryValues)
      switch route {
      case _ where metric.threshold != nil:
        break
      case .revisionLevel:
        // istiod's metrics: the two control planes, in the same steps.
        result.design = request.baselineWindow == nil ? .concurrent : .beforeAfter
        result.matched = true
        if request.horizon == .anytime {
          let (judgement, check) = RevisionLevelAnytime.judge(
            metric, baseline: baselineValues, canary: canaryValues, alpha: config.alpha,
            minIntervals: config.minIntervals)
          var anytime = Self.result(
            metric, judgement: judgement, test: .blockMeans, baseline: baselineValues,
            canary: canaryValues)
          anytime.design = result.design
          anytime.matched = true
          anytime.tolerance = check
          result = anytime
        }
      case .waiting(let why):
        // The canary's workloads have a past to be matched with, only not enough steps yet:
        // comparing the mix instead would judge the workloads, not the revision.
        result = Self.result(
          metric,
          judgement: Judge.Judgement(classification: .nodata, reason: "not matched yet: \(why)"),
          test: metric.appliedTest, baseline: [], canary: [])
        result.design = .beforeAfter
        result.matched = true
      case .unmatched(let why) where request.horizon == .anytime:
        // A rank test of the pooled per-step values is not valid over repeated looks, and a
        // pooled comparison measures the mix: wait for matched data instead.
        result = Self.result(
          metric,
          judgement: Judge.Judgement(
            classification: .nodata,
            reason: design == .pooled
              ? "a pooled comparison has no anytime-valid form" : "not matched yet (\(why))"),
          test: metric.appliedTest, baseline: [], canary: [])
        result.matched = false
      case .unmatched(let why) where design == .auto || design == .pooled:
        result.design = .pooled
        result.matched = false
        if design == .auto && result.classification != .nodata {
          result.reason = "unmatched (\(why)): " + result.reason
        }
      case .unmatched(let why):
        result = Self.result(
          metric, judgement: Judge.Judgement(classification: .nodata, reason: why),
          test: metric.appliedTest, baseline: [], canary: [])
        result.design = design
        result.matched = true
      case .matched:
        break
      }
      results.append(result)
    }
    results = FamilyPolicy.apply(results, alpha: config.alpha)
    var decision = Scorecard(configuration: config, results: results).decision()
    decision.reasons += try matching.mixDiagnostic(results: results)
    return AnalysisReport(
      analysisId: nil, createdAt: TimeSpecification.format(milliseconds: createdAt),
      verdict: decision.verdict, score: decision.score, reasons: decision.reasons,
      baseline: .init(revision: request.baseline, window: baselineWindow),
      canary: .init(revision: request.canary, window: canaryWindow),
      config: config.snapshot, metrics: results)
  }

  /// The comparison of per-step values of each revision as a whole (SPEC.md's judge).
  static func pooledResult(
    _ metric: MetricSpecification, judge: Judge, baseline: [(Int64, Double)],
    canary: [(Int64, Double)]
  ) -> MetricResult {
    let judgement = judge.judge(metric, baseline: baseline.map(\.1), canary: canary.map(\.1))
    return result(
      metric, judgement: judgement, test: metric.appliedTest, baseline: baseline, canary: canary)
  }

  /// A metric's result from its judgement and the per-step values it was made on.
  static func result(
    _ metric: MetricSpecification, judgement: Judge.Judgement, test: AppliedTest,
    baseline: [(Int64, Double)], canary: [(Int64, Double)]
  ) -> MetricResult {
    MetricResult(
      name: metric.name, kind: metric.kind, test: test, direction: metric.direction,
      critical: metric.critical, classification: judgement.classification,
      reason: judgement.reason, baseline: summary(baseline.map(\.1)),
      canary: summary(canary.map(\.1)), statistic: finite(judgement.statistic),
      pValue: finite(judgement.pValue),
      effect: MetricResult.Effect(
        estimate: finite(judgement.effect.estimate), ciLow: finite(judgement.effect.ciLow),
        ciHigh: finite(judgement.effect.ciHigh), ratio: finite(judgement.effect.ratio)),
      values: MetricResult.Values(
        baseline: baseline.map { StepValue(time: $0.0 / 1000, value: $0.1) },
        canary: canary.map { StepValue(time: $0.0 / 1000, value: $0.1) }))
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
