import MetricModel

/// When a look of `canary watch` decides (VERDICT.md §5): rollback as soon as a look's
/// anytime verdict is rollback; promote when it is promote (every critical metric's
/// confidence sequence within its allowance), `minDuration` has passed and the canary carried
/// `minRequests`; inconclusive at `maxDuration` or when the data ends first.
public struct WatchRules: Sendable, Equatable {
  /// No promotion before this many milliseconds since the canary's start.
  public var minDuration: Int64 = 10 * 60_000
  /// Inconclusive after this many milliseconds since the canary's start.
  public var maxDuration: Int64 = 60 * 60_000
  /// No promotion before the canary's compared workloads carried this many requests.
  public var minRequests: Double = 0

  /// The default rules.
  public init() {}

  /// The decision a look's report allows after `elapsed` milliseconds, with why; nil: look
  /// again. `atEnd`: no later look is possible (the data ends).
  public func decision(_ report: AnalysisReport, elapsed: Int64, atEnd: Bool) -> (
    Verdict, String
  )? {
    let minutes = Figures.number((Double(elapsed) / 60_000 * 10).rounded() / 10)
    if report.verdict == .rollback {
      return (.rollback, "rollback after \(minutes) min: " + (report.reasons.first ?? ""))
    }
    if report.verdict == .promote && elapsed >= minDuration && requests(report) >= minRequests {
      return (.promote, "promote after \(minutes) min: every critical metric within its allowance")
    }
    if elapsed >= maxDuration {
      return (.inconclusive, "no decision within the maximum duration (\(minutes) min)")
    }
    if atEnd {
      return (.inconclusive, "the data ends after \(minutes) min, before a decision")
    }
    return nil
  }

  /// The canary's requests over the compared workloads, from the first counted metric.
  public func requests(_ report: AnalysisReport) -> Double {
    report.metrics.lazy.compactMap { $0.evidence?.canaryExposure }.first ?? 0
  }

  /// Replays `request`'s canary window look by look (one look per `every` milliseconds from
  /// its start, each the anytime analysis of everything so far, sharing one cache) and
  /// returns the deciding look's report with the decision and the look count.
  public func replay(
    _ request: AnalysisRequest, data: any MetricData, every: Int64, createdAt: Int64
  ) throws -> (report: AnalysisReport, decision: Verdict, looks: Int) {
    let start = request.canaryWindow.from
    let end = min(request.canaryWindow.to, start + maxDuration)
    let step = request.configuration.stepMilliseconds
    let warmup = Int64(request.configuration.warmupSteps + 2) * step
    let cache = AnalysisCache(from: start - (end - start) - warmup, to: end, step: step)
    var look = start
    var looks = 0
    while true {
      look = min(look + every, end)
      looks += 1
      var current = request
      current.canaryWindow = try TimeWindow(from: start, to: look)
      current.horizon = .anytime
      let report = try Analyzer.analyze(current, data: data, createdAt: createdAt, cache: cache)
      if let (verdict, _) = decision(report, elapsed: look - start, atEnd: look >= end) {
        return (report, verdict, looks)
      }
    }
  }
}
