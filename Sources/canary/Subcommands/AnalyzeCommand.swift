import Analysis
import ArgumentParser
import Foundation
import MetricModel

/// `canary analyze`: compare the canary against the baseline and exit with the verdict.
struct AnalyzeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "analyze",
    abstract:
      "Compare the canary revision against the baseline; exit 0 promote, 1 rollback, 2 inconclusive.",
    discussion: """
      Windows default to the whole time range the canary has data for, on both sides. \
      TIME is RFC 3339 (2026-11-27T10:00:00Z), Unix seconds, or relative to now (-30m, -2h, now). \
      With --prometheus URL, canary pull runs first (same flags) and the analysis uses the \
      per-step values the server computed; the window then defaults to the last hour.
      """)

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var report: ReportOptions
  @OptionGroup var remote: PrometheusOptions

  @OptionGroup var comparison: ComparisonOptions
  @OptionGroup var windows: WindowOptions

  @Flag(help: "Do not store the analysis; the database stays as it was.")
  var noSave = false

  func run() throws {
    let nowDate = Date()
    let now = Int64((nowDate.timeIntervalSince1970 * 1000).rounded())
    let configuration = try comparison.configuration()
    if let url = remote.prometheus ?? (remote.dryRun ? "" : nil) {
      try pullThenAnalyze(url: url, configuration: configuration, now: now)
      return
    }
    let store = try database.openExisting()
    let canaryWindow = try window(
      from: windows.canaryFrom ?? windows.from, to: windows.canaryTo ?? windows.to, now: now,
      side: "canary",
      default: { try store.timeRange(revision: comparison.canary) })
    let baselineWindow = try window(
      from: windows.baselineFrom ?? windows.from ?? windows.canaryFrom,
      to: windows.baselineTo ?? windows.to ?? windows.canaryTo, now: now, side: "baseline",
      default: { canaryWindow.map { ($0.from, $0.to) } })
    var request = AnalysisRequest(
      baseline: comparison.baseline, canary: comparison.canary, configuration: configuration)
    request.canaryWindow = canaryWindow
    request.baselineWindow = baselineWindow
    var result = try Analyzer.analyze(request, in: store, createdAt: now)
    if !noSave { result = try result.saved(in: store) }
    try report.deliver(result)
    throw ExitCode(result.verdict.exitStatus.rawValue)
  }

  /// `--prometheus`: pulls the per-step values of the windows (default: the last hour), then
  /// analyzes them.
  private func pullThenAnalyze(url: String, configuration: AnalysisConfiguration, now: Int64)
    throws
  {
    let windows = try self.windows.pullWindows(now: now)
    let plan = try remote.plan(
      configuration: configuration, baseline: comparison.baseline, canary: comparison.canary,
      baselineWindow: windows.baseline, canaryWindow: windows.canary)
    if remote.dryRun {
      remote.printQueries(of: plan)
      return
    }
    let store = try database.open()
    let summary = try remote.pull(plan, url: url, into: store, now: now)
    Terminal.writeError(
      "pulled \(summary.queries) queries from \(url): \(summary.values) per-step values\n")
    var request = AnalysisRequest(
      baseline: comparison.baseline, canary: comparison.canary, configuration: configuration)
    request.canaryWindow = windows.canary
    request.baselineWindow = windows.baseline
    var result = try Analyzer.analyze(request, in: store, createdAt: now)
    if !noSave { result = try result.saved(in: store) }
    try report.deliver(result)
    throw ExitCode(result.verdict.exitStatus.rawValue)
  }

  /// A window from optional ends; a missing end falls back to the default window's.
  private func window(
    from: String?, to: String?, now: Int64, side: String,
    default fallback: () throws -> (first: Int64, last: Int64)?
  ) throws -> (from: Int64, to: Int64)? {
    guard from != nil || to != nil else { return nil }
    let start = try from.map { try TimeSpecification.milliseconds($0, now: now) }
    let end = try to.map { try TimeSpecification.milliseconds($0, now: now) }
    var window: (from: Int64, to: Int64)
    if let start, let end {
      window = (start, end)
    } else {
      guard let known = try fallback() else {
        throw CommandFailure(
          status: .noInput, message: "the \(side) revision has no data to take the window from")
      }
      window = (start ?? known.first, end ?? known.last)
    }
    return try WindowOptions.checked(window, side: side)
  }
}
