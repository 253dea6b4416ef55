import Analysis
import Foundation

/// The terminal report (`--output text`): the verdict first, then the compared windows, the
/// reasons and an aligned table with one row per metric.
///
/// ```
/// VERDICT: ROLLBACK  score 57.1 (pass >= 95, marginal >= 75)
///
/// baseline  1-24-3  2024-05-01T09:00:00Z .. 2024-05-01T10:00:00Z
/// canary    1-25-0  2024-05-01T10:00:00Z .. 2024-05-01T11:00:00Z
/// ```
public enum TextReport {
  /// Reasons longer than this are wrapped, so the report reads in an ordinary terminal.
  static let lineWidth = 120
  /// The widest metric-name column; longer names get a line of their own above their row.
  static let nameLimit = 40

  /// Renders a report for a person reading a terminal.
  ///
  /// The words carry the meaning on their own (`high`, `critical`, `ROLLBACK`); colour only
  /// underlines them. Every line ends in a newline and none has trailing spaces; the same
  /// report gives the same bytes.
  ///
  /// - Parameters:
  ///   - report: The analysis to show.
  ///   - color: Whether to add ANSI colour escapes; pass true only when writing to a terminal.
  /// - Returns: The report text.
  public static func render(_ report: AnalysisReport, color: Bool) -> String {
    let palette = Palette(enabled: color)
    var lines = [verdictLine(report, palette: palette), ""]
    lines += windowLines(report)
    lines.append("")
    if !report.reasons.isEmpty {
      lines.append("Reasons:")
      for reason in report.reasons {
        lines += wrap(reason, prefix: "- ", indent: "  ", width: lineWidth)
      }
      lines.append("")
    }
    lines += metricLines(report, palette: palette)
    lines.append("")
    let evidence = evidenceLines(report)
    if !evidence.isEmpty {
      for line in evidence {
        if line.hasPrefix("  ") {
          lines += wrap(String(line.dropFirst(2)), prefix: "  ", indent: "    ", width: lineWidth)
        } else {
          lines += wrap(line, prefix: "", indent: "  ", width: lineWidth)
        }
      }
      lines.append("")
    }
    lines += footerLines(report)
    return lines.map { $0 + "\n" }.joined()
  }

  /// `VERDICT: ROLLBACK  score 57.1 (pass >= 95, marginal >= 75)`.
  static func verdictLine(_ report: AnalysisReport, palette: Palette) -> String {
    let verdict = palette.paint(
      "VERDICT: " + report.verdict.rawValue.uppercased(), .verdict(report.verdict))
    let thresholds =
      "(pass >= \(ReportFormatting.number(report.config.scoring.pass)), "
      + "marginal >= \(ReportFormatting.number(report.config.scoring.marginal)))"
    // A nil score means no metric had data: say so rather than print a bare dash.
    let score = report.score.map { "score " + ReportFormatting.score($0) } ?? "no score"
    return "\(verdict)  \(score) \(thresholds)"
  }

  /// One line per side: role, revision and window.
  static func windowLines(_ report: AnalysisReport) -> [String] {
    let rows = [("baseline", report.baseline), ("canary", report.canary)].map { role, side in
      [Cell(role), Cell(side.revision), Cell("\(side.from) .. \(side.to)")]
    }
    return Table(alignments: [.left, .left, .left], rows: rows).lines(
      palette: Palette(enabled: false))
  }

  /// The metric table: header and one row per metric, in configuration order.
  static func metricLines(_ report: AnalysisReport, palette: Palette) -> [String] {
    guard !report.metrics.isEmpty else { return ["No metrics were configured."] }
    let header = [
      "metric", "result", "design", "baseline", "canary", "change",
      "effect (\(confidenceLabel(alpha: report.config.alpha)) CI)", "p-value", "",
    ].map { Cell($0) }
    let rows = report.metrics.map { metric in
      [
        Cell(metric.name),
        Cell(metric.classification.rawValue, role: .classification(metric.classification)),
        Cell(ReportFormatting.design(metric)),
        Cell(ReportFormatting.number(centralValue(metric.baseline))),
        Cell(ReportFormatting.number(centralValue(metric.canary))),
        Cell(ReportFormatting.change(ratio: metric.effect.ratio)),
        Cell(ReportFormatting.interval(of: metric)),
        Cell(ReportFormatting.pValue(metric.pValue)),
        Cell(note(metric), role: metric.critical ? .critical : nil),
      ]
    }
    let alignments: [Table.Alignment] = [
      .left, .left, .left, .right, .right, .right, .left, .right, .left,
    ]
    return Table(alignments: alignments, rows: [header] + rows, firstColumnLimit: nameLimit)
      .lines(palette: palette)
  }

  /// Per matched metric: its design and what was counted, in words; the workloads that moved
  /// most for a failing one.
  static func evidenceLines(_ report: AnalysisReport) -> [String] {
    var lines: [String] = []
    for metric in report.metrics where metric.design != nil {
      lines.append("\(metric.name): \(EvidenceText.design(metric))")
      if let counted = EvidenceText.counted(metric) { lines.append("  \(counted)") }
      if [.high, .low].contains(metric.classification), let top = EvidenceText.topUnits(metric) {
        lines.append("  most changed: \(top)")
      }
    }
    return lines.isEmpty ? [] : ["How each metric was compared:"] + lines
  }

  /// The footer: where the details are, and how to show this analysis again.
  static func footerLines(_ report: AnalysisReport) -> [String] {
    var lines = [
      "The test used for each metric, its statistic and the per-step values are in the JSON "
        + "report (--output json).",
      "analysed at \(report.createdAt)",
    ]
    if let id = report.analysisId {
      lines.append("stored as analysis \(id): canary report \(id)")
    } else {
      lines.append("not stored (--no-save)")
    }
    return lines
  }

  /// The last column: `critical` for a critical metric (`! critical` when it also failed),
  /// `threshold` for an absolute check, which has no interval or p-value to show.
  static func note(_ metric: MetricResult) -> String {
    var notes: [String] = []
    if metric.critical {
      switch metric.classification {
      case .high, .low, .error: notes.append("! critical")
      case .pass, .nodata: notes.append("critical")
      }
    }
    if metric.test == .threshold { notes.append("threshold") }
    return notes.joined(separator: ", ")
  }

  /// The mean of a side's per-step values, or its median when the mean is absent.
  static func centralValue(_ summary: MetricResult.Summary?) -> Double? {
    summary?.mean ?? summary?.median
  }

  /// The confidence level of the shift interval, `95%` for alpha 0.05.
  static func confidenceLabel(alpha: Double) -> String {
    ReportFormatting.number((1 - alpha) * 100) + "%"
  }
}
