import Analysis
import MetricModel
import Remote
import Store

/// `canary analyze`: validate the revisions, resolve the windows once, pull when a server is
/// named, analyze, and store the analysis unless told not to.
public struct AnalyzeWorkflow: Sendable {
  /// Database file.
  public var databasePath: String
  /// The revisions and the configuration.
  public var comparison: Comparison
  /// The window flags.
  public var windows: WindowFlags
  /// A server to pull per-step values from first, if any.
  public var server: PrometheusClient?
  /// How the server's series are told apart by revision.
  public var selection: RevisionSelection = .label("istio_io_rev")
  /// The design of every metric (`--design`); nil: as the configuration says.
  public var design: Design?
  /// Whether the analysis (and what was pulled) is stored; false leaves the database as it
  /// was, and a missing database missing.
  public var save = true
  /// One planned look, or one of a pipeline's many (`--sequential`): anytime-valid tests.
  public var horizon: Horizon = .fixed
  /// The canary's window as `watch` sets it at each look, over the flags.
  var canaryWindow: TimeWindow?
  /// Derived steps shared by the looks of a replay over unchanging local data.
  var cache: AnalysisCache?

  /// Creates the use case.
  public init(
    databasePath: String, comparison: Comparison, windows: WindowFlags,
    server: PrometheusClient? = nil, selection: RevisionSelection = .label("istio_io_rev"),
    save: Bool = true
  ) {
    self.databasePath = databasePath
    self.comparison = comparison
    self.windows = windows
    self.server = server
    self.selection = selection
    self.save = save
  }

  /// What an analysis produced.
  public struct Outcome: Sendable {
    /// The report (with its id when stored).
    public var report: AnalysisReport
    /// What was pulled, with `--prometheus`.
    public var pulled: Puller.Summary?
  }

  /// Runs the analysis at `now` (Unix milliseconds).
  public func run(now: Int64) throws -> Outcome {
    guard let server else { return try analyzeLocal(now: now) }
    return try analyzeRemote(server, now: now)
  }

  /// The queries an analysis against a server at `now` would run (`--dry-run`).
  public func plan(now: Int64) throws -> PullPlan {
    try PullWorkflow(
      databasePath: databasePath, comparison: comparison, windows: windows, selection: selection
    ).plan(now: now)
  }

  /// Raw samples from the database.
  private func analyzeLocal(now: Int64) throws -> Outcome {
    let store =
      save ? try DatabaseFile.existing(databasePath) : try DatabaseFile.reading(databasePath)
    // A revision known only from pulled per-step values (`canary pull`) is known too.
    let known = Set(try store.revisionNames() + store.pulledRevisionNames()).sorted()
    for name in [comparison.canary, comparison.baseline] where !known.contains(name) {
      throw WorkflowError.unknownRevision(name: name, known: known)
    }
    let resolved =
      try canaryWindow.map { WindowFlags.Resolved(canary: $0, baseline: nil) }
      ?? windows.resolve(now: now) {
        // A canary seen in one scrape only has a window of 1 ms: no whole step, so every
        // metric is nodata and the verdict inconclusive, rather than an error.
        try CanaryRange.of(
          comparison.canary, in: store, configuration: comparison.configuration
        ).map {
          try TimeWindow(from: $0.first, to: max($0.last, $0.first + 1))
        }
      }
    var request = self.request(resolved)
    request.pulled = try PulledSteps.load(from: store, comparison: comparison, resolved: resolved)
    let report = try Analyzer.analyze(request, data: store, createdAt: now, cache: cache)
    return Outcome(report: save ? try report.saved(in: store) : report, pulled: nil)
  }

  /// Per-step values from a server (default window: the last hour), plus whatever raw
  /// samples the database holds.
  private func analyzeRemote(_ server: PrometheusClient, now: Int64) throws -> Outcome {
    let resolved =
      try canaryWindow.map { WindowFlags.Resolved(canary: $0, baseline: nil) }
      ?? windows.resolve(now: now) { try PullWorkflow.lastHour(now: now) }
    let plan = try selection.plan(
      for: comparison, windows: PullWorkflow.pullWindows(comparison, resolved))
    let (summary, fetched) = try Puller(client: server).fetch(plan, pulledAt: now)
    var request = self.request(resolved)
    guard save else {
      // Nothing is written: the fetched values stay in memory, and a missing database is not
      // created.
      request.pulled = PulledSteps(fetched: fetched.steps, units: fetched.units)
      let data: any MetricData =
        DatabaseFile.exists(databasePath) ? try DatabaseFile.reading(databasePath) : NoMetricData()
      let report = try Analyzer.analyze(request, data: data, createdAt: now)
      return Outcome(report: report, pulled: summary)
    }
    let store = try DatabaseFile.open(databasePath)
    try store.replacePulled(steps: fetched.steps, units: fetched.units)
    request.pulled = try PulledSteps.load(from: store, comparison: comparison, resolved: resolved)
    let report = try Analyzer.analyze(request, data: store, createdAt: now)
    return Outcome(report: try report.saved(in: store), pulled: summary)
  }

  private func request(_ resolved: WindowFlags.Resolved) -> AnalysisRequest {
    var request = AnalysisRequest(
      baseline: comparison.baseline, canary: comparison.canary, canaryWindow: resolved.canary,
      baselineWindow: resolved.baseline, configuration: comparison.configuration)
    request.design = design
    request.horizon = horizon
    return request
  }
}
