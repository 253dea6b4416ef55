import Analysis
import MetricModel
import Remote

/// `canary pull`: the server computes every metric's per-step values; they are stored so a
/// later `canary analyze` uses them without raw samples.
public struct PullWorkflow: Sendable {
  /// Database file.
  public var databasePath: String
  /// The revisions and the configuration.
  public var comparison: Comparison
  /// The window flags; missing ends default to the last hour.
  public var windows: WindowFlags
  /// How the server's series are told apart by revision.
  public var selection: RevisionSelection

  /// Creates the use case.
  public init(
    databasePath: String, comparison: Comparison, windows: WindowFlags,
    selection: RevisionSelection
  ) {
    self.databasePath = databasePath
    self.comparison = comparison
    self.windows = windows
    self.selection = selection
  }

  /// The queries a pull at `now` runs (`--dry-run` prints them).
  public func plan(now: Int64) throws -> PullPlan {
    let resolved = try windows.resolve(now: now) { try Self.lastHour(now: now) }
    return try selection.plan(for: comparison, windows: Self.pullWindows(comparison, resolved))
  }

  /// The windows a pull covers: the canary's, and all the baseline data an analysis of these
  /// windows reads (``AnalysisRequest/baselineCoverage``: for a before-after design, the
  /// moved workloads' past before the canary window too).
  static func pullWindows(_ comparison: Comparison, _ resolved: WindowFlags.Resolved) throws
    -> (baseline: TimeWindow, canary: TimeWindow)
  {
    let request = AnalysisRequest(
      baseline: comparison.baseline, canary: comparison.canary, canaryWindow: resolved.canary,
      baselineWindow: resolved.baseline, configuration: comparison.configuration)
    return (try request.baselineCoverage, resolved.canary)
  }

  /// Pulls from `server` and stores, in one transaction.
  public func run(server: PrometheusClient, now: Int64) throws -> Puller.Summary {
    try Puller(client: server).pull(
      plan(now: now), into: DatabaseFile.open(databasePath), pulledAt: now)
  }

  /// The default window of a pull: the hour before `now`.
  static func lastHour(now: Int64) throws -> TimeWindow {
    try TimeWindow(from: now - 3_600_000, to: now)
  }
}

/// What analyze, pull and watch compare: two revisions under a configuration.
public struct Comparison: Sendable {
  /// Baseline revision.
  public var baseline: String
  /// Canary revision.
  public var canary: String
  /// The configuration.
  public var configuration: AnalysisConfiguration

  /// Creates a comparison.
  public init(baseline: String, canary: String, configuration: AnalysisConfiguration) {
    self.baseline = baseline
    self.canary = canary
    self.configuration = configuration
  }
}
