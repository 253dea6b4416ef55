import Analysis
import ArgumentParser
import Workflows

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
      per-step values the server computed; the window then defaults to the last hour. \
      With --no-save nothing is written, not even what was pulled.
      """)

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var report: ReportOptions
  @OptionGroup var remote: PrometheusOptions

  @OptionGroup var comparison: ComparisonOptions
  @OptionGroup var windows: WindowOptions

  @Flag(help: "Do not store the analysis; the database stays as it was.")
  var noSave = false

  @Flag(
    help:
      "One look of a pipeline's loop: anytime-valid tests (as canary watch uses), so calling after every step does not raise the chance of a false rollback."
  )
  var sequential = false

  @Option(
    help: ArgumentHelp(
      "Design of every metric: auto (the strongest the data supports), concurrent, before-after or pooled (unmatched).",
      valueName: "DESIGN"))
  var design: Design?

  func run() throws {
    var workflow = AnalyzeWorkflow(
      databasePath: database.resolvedPath, comparison: try comparison.comparison(),
      windows: windows.flags, server: try remote.server(), selection: try remote.selection(),
      save: !noSave)
    workflow.design = design
    workflow.horizon = sequential ? .anytime : .fixed
    if remote.dryRun { return remote.printQueries(of: try workflow.plan(now: Clock.now())) }
    let outcome = try workflow.run(now: Clock.now())
    if let pulled = outcome.pulled, let url = remote.prometheus {
      Terminal.writeError(
        "pulled \(pulled.queries) queries from \(url): \(pulled.values) per-step values\n")
    }
    try report.deliver(outcome.report)
    throw ExitCode(outcome.report.verdict.exitStatus.rawValue)
  }
}

extension Design: ExpressibleByArgument {}
