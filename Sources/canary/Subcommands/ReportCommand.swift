import ArgumentParser
import Workflows

/// `canary report [ID|latest]`: re-render a stored analysis.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Re-render a stored analysis (the latest by default) in any report format.")

  @OptionGroup var database: DatabaseOptions
  @OptionGroup var report: ReportOptions

  @Argument(help: "An analysis id, or latest.")
  var analysis: String = "latest"

  func validate() throws {
    if analysis != "latest" && Int64(analysis) == nil {
      throw ValidationError("expected an analysis id or latest, got \"\(analysis)\"")
    }
  }

  func run() throws {
    try report.deliver(
      ReportWorkflow.stored(databasePath: database.resolvedPath, id: Int64(analysis)))
  }
}
