import Analysis
import Foundation

/// The merge-request report (`--output markdown`): GitHub/GitLab-flavoured Markdown with a
/// verdict heading, a summary, the reasons, a metric table and the effective configuration
/// folded in a `<details>` block (the only HTML it writes).
public enum MarkdownReport {
  /// Renders a report as Markdown to paste into a merge request.
  ///
  /// Text from the report (metric names, reasons, revisions) is escaped, so a `|` or `*` in a
  /// name neither breaks the table nor turns into emphasis. The same report gives the same
  /// bytes.
  ///
  /// - Parameter report: The analysis to show.
  /// - Returns: The Markdown, ending in a newline.
  public static func render(_ report: AnalysisReport) -> String {
    var lines = [
      "## Canary analysis \(statusWord(report.verdict)): verdict \(report.verdict.rawValue)", "",
      summaryLine(report), "",
      "| Side | Revision | From | To |",
      "|---|---|---|---|",
    ]
    for (role, side) in [("baseline", report.baseline), ("canary", report.canary)] {
      lines.append(
        row([role, code(side.revision, inTable: true), cell(side.from), cell(side.to)]))
    }
    lines.append("")
    if !report.reasons.isEmpty {
      lines += ["### Reasons", ""]
      lines += report.reasons.map { "- " + inline($0) }
      lines.append("")
    }
    lines += ["### Metrics", ""]
    lines += metricTable(report)
    lines.append("")
    lines += configurationBlock(report.config)
    lines.append("")
    lines.append(footerLine(report))
    return lines.map { $0 + "\n" }.joined()
  }

  /// A plain status word for the heading, so the outcome reads without emoji or colour.
  static func statusWord(_ verdict: Verdict) -> String {
    switch verdict {
    case .promote: "PASSED"
    case .rollback: "FAILED"
    case .inconclusive: "UNDECIDED"
    }
  }

  /// `**Score 57.1** (pass >= 95, marginal >= 75); 8 metrics: 4 pass, 3 high, 1 nodata.`
  static func summaryLine(_ report: AnalysisReport) -> String {
    let score =
      report.score.map { "**Score \(ReportFormatting.score($0))**" }
      ?? "**No score**, no metric had enough data"
    let thresholds =
      "(pass >= \(ReportFormatting.number(report.config.scoring.pass)), "
      + "marginal >= \(ReportFormatting.number(report.config.scoring.marginal)))"
    // Classification order, not dictionary order, keeps the line deterministic.
    let counts = Classification.allCases.compactMap { classification -> String? in
      let count = report.metrics.filter { $0.classification == classification }.count
      return count == 0 ? nil : "\(count) \(classification.rawValue)"
    }
    let metrics = report.metrics.count == 1 ? "1 metric" : "\(report.metrics.count) metrics"
    let tally = counts.isEmpty ? metrics : metrics + ": " + counts.joined(separator: ", ")
    return "\(score) \(thresholds); \(tally)."
  }

  /// The metric table, one row per metric; failing results in bold.
  static func metricTable(_ report: AnalysisReport) -> [String] {
    guard !report.metrics.isEmpty else { return ["No metrics were configured."] }
    let confidence = TextReport.confidenceLabel(alpha: report.config.alpha)
    var lines = [
      row([
        "Metric", "Result", "Design", "Baseline mean", "Canary mean", "Change",
        "Effect (\(confidence) CI)", "p-value", "Critical", "Reason",
      ]),
      "|---|---|---|---:|---:|---:|---|---:|---|---|",
    ]
    for metric in report.metrics {
      let word = metric.classification.rawValue
      let result: String
      switch metric.classification {
      case .high, .low, .error: result = "**\(word)**"
      case .pass, .nodata: result = word
      }
      lines.append(
        row([
          code(metric.name, inTable: true), result, ReportFormatting.design(metric),
          ReportFormatting.number(TextReport.centralValue(metric.baseline)),
          ReportFormatting.number(TextReport.centralValue(metric.canary)),
          ReportFormatting.change(ratio: metric.effect.ratio),
          ReportFormatting.interval(of: metric),
          ReportFormatting.pValue(metric.pValue),
          metric.critical ? "yes" : "", cell(metric.reason),
        ]))
    }
    let matched = report.metrics.filter { $0.design != nil }
    if !matched.isEmpty {
      lines += ["", "**How each metric was compared**", ""]
      for metric in matched {
        var text = "- \(code(metric.name, inTable: false)): \(cell(EvidenceText.design(metric)))"
        if let counted = EvidenceText.counted(metric) { text += ". " + cell(counted) }
        if [.high, .low].contains(metric.classification), let top = EvidenceText.topUnits(metric) {
          text += ". Most changed: " + cell(top)
        }
        lines.append(text)
      }
    }
    return lines
  }

  /// The effective configuration as a JSON code block inside `<details>`.
  static func configurationBlock(_ config: ConfigurationSnapshot) -> [String] {
    let body: String
    do {
      body = try JSONReport.text(of: config)
    } catch {
      // Only a non-finite number in the configuration gets here; say so instead of failing
      // the whole report over its appendix.
      body = "configuration not shown: \(error)\n"
    }
    let fence = String(repeating: "`", count: max(3, longestBacktickRun(body) + 1))
    return [
      "<details>", "<summary>Effective configuration</summary>", "",
      fence + "json", body + fence, "", "</details>",
    ]
  }

  /// Where this analysis is stored, and when it ran.
  static func footerLine(_ report: AnalysisReport) -> String {
    let created = "Analysed at \(inline(report.createdAt))"
    guard let id = report.analysisId else { return created + "; not stored (`--no-save`)." }
    return created + "; stored as analysis \(id): `canary report \(id)`."
  }
}
