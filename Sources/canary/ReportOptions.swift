import Analysis
import ArgumentParser
import Foundation
import Reporting

/// `--output` of analyze and report.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case text, markdown, json, html
}

/// `--output` and `--report-file`, shared by analyze and report.
struct ReportOptions: ParsableArguments {
  @Option(help: "Report format: text, markdown, json or html.")
  var output: ReportFormat = .text

  @Option(help: "Write the report to this file and print only a short summary on stdout.")
  var reportFile: String?

  /// Renders `report` in the chosen format.
  func render(_ report: AnalysisReport, color: Bool) throws -> String {
    switch output {
    case .text: return TextReport.render(report, color: color)
    case .markdown: return MarkdownReport.render(report)
    case .json: return try JSONReport.render(report)
    case .html: return HTMLReport.render(report)
    }
  }

  /// Prints the report, or writes it to `--report-file` and prints a one-line summary.
  func deliver(_ report: AnalysisReport) throws {
    guard let reportFile else {
      let color = output == .text && isatty(STDOUT_FILENO) == 1
      print(try render(report, color: color), terminator: "")
      return
    }
    let text = try render(report, color: false)
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: reportFile), options: .atomic)
    } catch {
      throw CommandFailure(
        status: .ioError,
        message: "\(reportFile): cannot write the report: \(error.localizedDescription)")
    }
    let score = report.score.map { String(format: "%.1f", $0) } ?? "-"
    let id = report.analysisId.map { "analysis \($0), " } ?? ""
    print("\(report.verdict.rawValue): score \(score), \(id)report written to \(reportFile)")
  }
}

extension Verdict {
  /// The exit status a pipeline branches on.
  var exitStatus: ExitStatus {
    switch self {
    case .promote: return .success
    case .rollback: return .rollback
    case .inconclusive: return .inconclusive
    }
  }
}
