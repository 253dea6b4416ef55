import Analysis
import ArgumentParser
import Foundation
import MetricModel
import Workflows

/// `canary watch`: poll until an anytime-valid decision, and exit with it.
struct WatchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "watch",
    abstract:
      "Look at the canary every step until the evidence decides; exit 0 promote, 1 rollback, 2 inconclusive.",
    discussion: """
      Every look re-derives everything since the canary's start with anytime-valid tests \
      (confidence sequences and e-processes, VERDICT.md §5), so looking often does not raise \
      the chance of a false rollback. Rollback at the first look whose evidence crosses \
      1/alpha; promote once every critical metric's confidence sequence lies within its \
      allowance and --min-duration has passed; inconclusive at --max-duration. One progress \
      line per look goes to stderr; the final report (every --output) is stored like an \
      analysis. --replay walks the stored data (or, with --prometheus, the server's data \
      between --from and --to) as if it arrived live, without waiting.
      """)

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var report: ReportOptions
  @OptionGroup var remote: PrometheusOptions
  @OptionGroup var comparison: ComparisonOptions

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "The canary's start (default: its first stored sample; live with --prometheus: now).",
      valueName: "TIME"))
  var from: String?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "With --replay, where to stop (default: the canary's last stored sample).",
      valueName: "TIME"))
  var to: String?

  @Option(help: ArgumentHelp("Time between looks (default: the step).", valueName: "DURATION"))
  var every: String?

  @Option(help: ArgumentHelp("No promotion before this long.", valueName: "DURATION"))
  var minDuration = "10m"

  @Option(help: ArgumentHelp("Inconclusive after this long.", valueName: "DURATION"))
  var maxDuration = "1h"

  @Option(help: "No promotion before the canary carried this many requests.")
  var minRequests: Double = 0

  @Flag(help: "Walk the stored data step by step as if it arrived live, without waiting.")
  var replay = false

  @Flag(
    help:
      "Keep looking after the first decision, to the end of the data or --max-duration; the decision stays the first one (for checking a configuration against past rollouts)."
  )
  var allLooks = false

  @Flag(
    help:
      "Also run the fixed-horizon analysis at each look and record its verdict in the path: what a polling loop of plain canary analyze would have done."
  )
  var compareFixed = false

  @Flag(help: "Do not store the final report; the database stays as it was.")
  var noSave = false

  @Option(
    help: ArgumentHelp(
      "Design of every metric: auto, concurrent, before-after or pooled.", valueName: "DESIGN"))
  var design: Design?

  func run() throws {
    let comparison = try self.comparison.comparison()
    var analysis = AnalyzeWorkflow(
      databasePath: database.resolvedPath, comparison: comparison, windows: WindowFlags(),
      server: try remote.server(), selection: try remote.selection(), save: !noSave)
    analysis.design = design
    var watch = WatchWorkflow(
      analysis: analysis,
      every: try Self.duration(every, flag: "--every")
        ?? comparison.configuration.stepMilliseconds)
    watch.rules.minDuration = try Self.duration(minDuration, flag: "--min-duration") ?? 0
    watch.rules.maxDuration = try Self.duration(maxDuration, flag: "--max-duration") ?? 0
    watch.rules.minRequests = minRequests
    watch.replay = replay
    watch.allLooks = allLooks
    watch.compareFixed = compareFixed
    let now = Clock.now()
    watch.start = try from.map { try TimeSpecification.milliseconds($0, now: now) }
    watch.end = try to.map { try TimeSpecification.milliseconds($0, now: now) }
    if remote.prometheus != nil && replay && (from == nil || to == nil) {
      throw ValidationError("--replay with --prometheus needs --from and --to")
    }
    let clock = WatchWorkflow.Clock(
      now: { Clock.now() },
      sleep: { milliseconds in Thread.sleep(forTimeInterval: Double(milliseconds) / 1000) })
    let outcome = try watch.run(clock: clock) { look, status in
      Terminal.writeError(WatchProgress.line(look, status: status) + "\n")
    }
    try report.deliver(outcome.report)
    throw ExitCode(outcome.report.verdict.exitStatus.rawValue)
  }

  /// A DURATION flag in milliseconds, at least a second.
  static func duration(_ text: String?, flag: String) throws -> Int64? {
    guard let text else { return nil }
    guard let milliseconds = DurationText.milliseconds(text), milliseconds >= 1000 else {
      throw ValidationError("\(flag): \"\(text)\" is not a duration of 1s or more (e.g. 1m, 30s)")
    }
    return milliseconds
  }
}

/// The progress line of one look.
enum WatchProgress {
  /// "watch 2026-12-01T12:14:00Z +9.0 min: error-rate ×1.02 (0.81..1.29) e=0.31; … → continue".
  static func line(_ look: WatchSummary.Look, status: String) -> String {
    let metrics = look.metrics.map { metric -> String in
      let ratio = metric.ratio.map { "×" + Figures.number($0) } ?? "-"
      let low = metric.low.map { Figures.number($0) } ?? "0"
      let high = metric.high.map { Figures.number($0) } ?? "∞"
      let e = metric.eValue.map { " e=" + Figures.number($0) } ?? ""
      return "\(metric.name) \(ratio) (\(low)..\(high))\(e)"
    }
    let minutes = Figures.number((look.minutes * 10).rounded() / 10)
    return "watch \(look.time) +\(minutes) min [\(look.verdict.rawValue)]: "
      + metrics.joined(separator: "; ") + " → \(status)"
  }
}
