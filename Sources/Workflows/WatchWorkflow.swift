import Analysis
import MetricModel
import Remote
import Store

/// `canary watch`: look at the canary every `every`, re-deriving everything since its start
/// with the anytime rules (``Horizon/anytime``), and stop at the first decision:
/// - rollback as soon as a look's verdict is rollback (an e-process crossed 1/alpha, a
///   threshold failed, or the score fell below marginal);
/// - promote when a look's verdict is promote — every critical metric's confidence sequence
///   lies within its allowance — and `minDuration` has passed and the canary carried at
///   least `minRequests` requests;
/// - inconclusive at `maxDuration`, or when the stored data ends (replay) first.
/// Each look is a function of the whole path since the canary started, so a look holds no
/// state from the one before it: recomputing is enough.
public struct WatchWorkflow: Sendable {
  /// The analysis each look runs (its windows are set per look).
  public var analysis: AnalyzeWorkflow
  /// Milliseconds between looks.
  public var every: Int64
  /// When a look decides (durations and minimum traffic).
  public var rules = WatchRules()
  var minDuration: Int64 { rules.minDuration }
  var maxDuration: Int64 { rules.maxDuration }
  /// The canary's start (`--from`); nil: its first stored sample.
  public var start: Int64?
  /// The last time to replay to (`--to`); nil: the canary's last stored sample.
  public var end: Int64?
  /// Walk stored data as if it arrived live (no waiting), or look at the clock.
  public var replay = true
  /// Consecutive failed looks (server unreachable) tolerated before giving up.
  public var failureBudget = 5
  /// Keep looking after the first decision, to the end of the data or `maxDuration`
  /// (`--all-looks`): the path then shows every look; the decision stays the first one.
  public var allLooks = false
  /// Also run the fixed-horizon analysis at each look and record its verdict in the path
  /// (`--compare-fixed`): what a naive polling loop of `canary analyze` would have done.
  public var compareFixed = false

  /// Creates the use case.
  public init(analysis: AnalyzeWorkflow, every: Int64) {
    self.analysis = analysis
    self.every = every
  }

  /// What a watch produced.
  public struct Outcome: Sendable {
    /// The deciding look's report, its verdict the decision, with ``AnalysisReport/watch``
    /// (stored, with its id, unless the analysis says not to save).
    public var report: AnalysisReport
  }

  /// The clock and the pause between live looks, so tests can drive them.
  public struct Clock: Sendable {
    /// Unix milliseconds now.
    public var now: @Sendable () -> Int64
    /// Waits `milliseconds`.
    public var sleep: @Sendable (Int64) -> Void

    /// Creates a clock.
    public init(now: @escaping @Sendable () -> Int64, sleep: @escaping @Sendable (Int64) -> Void) {
      self.now = now
      self.sleep = sleep
    }
  }

  /// Runs looks until a decision; `progress` sees each look as it is taken.
  public func run(clock: Clock, progress: (WatchSummary.Look, String) -> Void) throws -> Outcome {
    let (canaryStart, dataEnd) = try range(now: clock.now())
    var analysis = self
    if replay && self.analysis.server == nil {
      // Stored data does not change during a replay: derive each workload's steps once over
      // everything the looks can reach (the baseline's equally long period before the canary
      // and its warm-up included), and let every look slice it.
      let step = self.analysis.comparison.configuration.stepMilliseconds
      let warmup = Int64(self.analysis.comparison.configuration.warmupSteps + 2) * step
      let last = min(dataEnd, canaryStart + maxDuration)
      analysis.analysis.cache = AnalysisCache(
        from: canaryStart - (last - canaryStart) - warmup, to: last, step: step)
    }
    var path: [WatchSummary.Look] = []
    var failures = 0
    var look = canaryStart
    var first: (AnalysisReport, Verdict, String)?
    while true {
      if replay {
        look = min(look + every, min(dataEnd, canaryStart + maxDuration))
      } else {
        let next = look + every
        let now = clock.now()
        if next > now { clock.sleep(next - now) }
        look = max(next, clock.now())
      }
      let report: AnalysisReport
      do {
        report = try analysis.analyze(from: canaryStart, to: look)
        failures = 0
      } catch let error as RemoteError {
        failures += 1
        guard case .unreachable = error, failures <= failureBudget,
          look - canaryStart < maxDuration
        else { throw error }
        continue
      }
      var entry = WatchSummary.Look(
        time: TimeSpecification.format(milliseconds: look),
        minutes: Double(look - canaryStart) / 60_000, verdict: report.verdict,
        metrics: report.metrics.filter { $0.tolerance != nil }.map(WatchSummary.Metric.init))
      if compareFixed {
        entry.fixedVerdict = try analysis.analyze(from: canaryStart, to: look, horizon: .fixed)
          .verdict
      }
      path.append(entry)
      let atEnd = replay && look >= min(dataEnd, canaryStart + maxDuration)
      let stop = decision(report, elapsed: look - canaryStart, atEnd: atEnd)
      progress(entry, stop?.1 ?? Self.waiting(report))
      if first == nil, let stop { first = (report, stop.0, stop.1) }
      if let (decided, verdict, why) = first,
        !allLooks || atEnd || look - canaryStart >= maxDuration
      {
        return Outcome(
          report: try finish(decided, verdict: verdict, why: why, start: canaryStart, path: path))
      }
    }
  }

  /// The decision a look's report allows, with why; nil: look again.
  func decision(_ report: AnalysisReport, elapsed: Int64, atEnd: Bool) -> (Verdict, String)? {
    rules.decision(report, elapsed: elapsed, atEnd: atEnd)
  }

  /// Why a look did not decide, with the longest wait the critical metrics' data suggests.
  static func waiting(_ report: AnalysisReport) -> String {
    let critical = report.metrics.filter { $0.critical }
    let waits = critical.compactMap {
      $0.tolerance?.inside == false ? $0.tolerance?.moreMinutes : nil
    }
    guard let longest = waits.max() else { return "continue" }
    return
      "continue (deciding in about \(Figures.number(max(1, longest.rounded(.up)))) min at current traffic)"
  }
}
