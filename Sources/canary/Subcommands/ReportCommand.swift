import Analysis
import ArgumentParser

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
    let store = try database.openExisting()
    guard let id = try Int64(analysis) ?? store.latestAnalysisID() else {
      throw CommandFailure(status: .noInput, message: "no analysis stored yet (run canary analyze)")
    }
    guard let text = try store.analysisReport(id: id) else {
      throw CommandFailure(status: .noInput, message: "analysis \(id) not found")
    }
    let stored: AnalysisReport
    do {
      stored = try AnalysisReport.fromStoredJSON(text)
    } catch {
      throw CommandFailure(
        status: .ioError, message: "analysis \(id): stored report is unreadable (\(error))")
    }
    try report.deliver(stored)
  }
}
