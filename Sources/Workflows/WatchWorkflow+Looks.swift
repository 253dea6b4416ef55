import Analysis
import MetricModel
import Store

extension WatchWorkflow {
  /// The canary's start and the end of what can be looked at: the flags, else the stored
  /// data (a server's data range is not asked for: `--from` defaults to now live, and replay
  /// against a server needs `--from` and `--to`).
  func range(now: Int64) throws -> (start: Int64, end: Int64) {
    var stored: (first: Int64, last: Int64)?
    if start == nil || (replay && end == nil), analysis.server == nil {
      let store = try DatabaseFile.reading(analysis.databasePath)
      let known = Set(try store.revisionNames() + store.pulledRevisionNames()).sorted()
      for name in [analysis.comparison.canary, analysis.comparison.baseline]
      where !known.contains(name) {
        throw WorkflowError.unknownRevision(name: name, known: known)
      }
      stored = try CanaryRange.of(
        analysis.comparison.canary, in: store, configuration: analysis.comparison.configuration)
      guard stored != nil else { throw WorkflowError.noWindow }
    }
    let first = start ?? stored?.first ?? now
    let last = replay ? (end ?? stored?.last ?? now) : Int64.max
    do {
      _ = try TimeWindow(from: first, to: last)
    } catch let empty as TimeWindow.Empty {
      throw WorkflowError.emptyWindow(side: .canary, empty)
    }
    return (first, last)
  }

  /// One look: the anytime analysis of everything from the canary's start to `to`, stored
  /// nowhere.
  func analyze(from: Int64, to: Int64, horizon: Horizon = .anytime) throws -> AnalysisReport {
    var look = analysis
    look.canaryWindow = try TimeWindow(from: from, to: to)
    look.horizon = horizon
    look.save = false
    return try look.run(now: to).report
  }

  /// The deciding look's report with the decision, why, and the path; stored unless the
  /// analysis says not to save.
  func finish(
    _ report: AnalysisReport, verdict: Verdict, why: String, start: Int64,
    path: [WatchSummary.Look]
  ) throws -> AnalysisReport {
    var final = report
    final.verdict = verdict
    final.reasons = [why] + report.reasons
    let decided = path.first { $0.time == report.canary.to } ?? path.last
    final.watch = WatchSummary(
      decision: verdict, stoppedBecause: why,
      canaryStart: TimeSpecification.format(milliseconds: start),
      decidedAt: decided?.time ?? final.canary.to, decidedAfterMinutes: decided?.minutes ?? 0,
      looks: path.count, everySeconds: every / 1000, minDurationSeconds: minDuration / 1000,
      maxDurationSeconds: maxDuration / 1000, path: path)
    guard analysis.save else { return final }
    return try final.saved(in: try DatabaseFile.open(analysis.databasePath))
  }
}
