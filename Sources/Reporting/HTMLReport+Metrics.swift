import Analysis

extension HTMLReport {
  /// One metric's section: heading, reason, test figures, the two charts (or "no data"),
  /// the per-side summary, and a link back to the table.
  static func metricSection(_ metric: MetricResult, id: String, report: AnalysisReport)
    -> String
  {
    let isThreshold = metric.test == .threshold
    let settings = report.config.metrics.first { $0.name == metric.name }
    var html = """
      <section class="metric" id="\(id)" aria-labelledby="\(id)-title">
      <div class="metric-head"><h3 id="\(id)-title">\(HTMLEscaping.escape(metric.name))</h3>\
      \(badge(metric.classification))\
      \(metric.critical ? "<span class=\"tag\">critical</span>" : "")</div>
      <p class="reason">\(HTMLEscaping.escape(metric.reason))</p>
      <p class="facts">\(facts(metric, threshold: settings?.threshold))</p>
      \(evidence(metric))

      """
    let series = chartSeries(metric, report: report, isThreshold: isThreshold)
    let references = referenceLines(settings?.threshold)
    if series.allSatisfy({ $0.values.isEmpty }) {
      html += "<p class=\"nodata\">No data: no per-step values to chart.</p>\n"
    } else {
      let values = series.flatMap { $0.values.map(\.value) } + references.map(\.value)
      let ticks = SVGChart.Ticks.nice(lower: values.min() ?? 0, upper: values.max() ?? 1)
      let name = metric.name
      html += """
        <div class="charts">
        <figure class="chart-box chart-box-time">
        \(SVGChart.timeSeries(series, references: references, ticks: ticks,
          title: "\(name): per-step values over time"))
        <figcaption>Per-step values over time\
        \(isThreshold ? " (canary only; dotted line: the threshold)" : "").</figcaption>
        </figure>
        <figure class="chart-box chart-box-distribution">
        \(SVGChart.distribution(series, references: references, ticks: ticks,
          title: "\(name): distribution of per-step values"))
        <figcaption>Distribution: box from lower to upper quartile, thick line the median, \
        diamond the mean, whiskers to 1.5 IQR, circles beyond.</figcaption>
        </figure>
        </div>

        """
    }
    html += summaryTable(metric, isThreshold: isThreshold, report: report)
    html += "<p class=\"back\"><a href=\"#metrics\">Back to the metrics table</a></p>\n"
    return html + "</section>\n"
  }

  /// The series to chart: a threshold metric judges the canary alone, so only it is drawn.
  static func chartSeries(_ metric: MetricResult, report: AnalysisReport, isThreshold: Bool)
    -> [SVGChart.Series]
  {
    let canary = SVGChart.Series(
      role: .canary, revision: report.canary.revision, values: metric.values.canary)
    if isThreshold { return [canary] }
    let baseline = SVGChart.Series(
      role: .baseline, revision: report.baseline.revision, values: metric.values.baseline)
    return [baseline, canary]
  }

  /// Lines at a threshold's bounds, when the configuration has them.
  static func referenceLines(_ bounds: ConfigurationSnapshot.Bounds?) -> [SVGChart.ReferenceLine] {
    guard let bounds else { return [] }
    return [("min", bounds.min), ("max", bounds.max)].compactMap { label, value in
      value.flatMap { $0.isFinite ? $0 : nil }.map {
        SVGChart.ReferenceLine(value: $0, label: "\(label) \(ReportFormatting.number($0))")
      }
    }
  }

  /// Kind, test, direction and the test's figures in one line.
  static func facts(_ metric: MetricResult, threshold: ConfigurationSnapshot.Bounds?) -> String {
    var parts = [
      "kind <code>\(HTMLEscaping.escape(metric.kind.rawValue))</code>",
      "test <code>\(HTMLEscaping.escape(metric.test.rawValue))</code>",
      "bad direction <code>\(HTMLEscaping.escape(metric.direction.rawValue))</code>",
    ]
    if let threshold {
      let bounds = referenceLines(threshold).map(\.label).joined(separator: ", ")
      if !bounds.isEmpty { parts.append("threshold \(HTMLEscaping.escape(bounds))") }
    }
    if let statistic = metric.statistic {
      parts.append("statistic \(ReportFormatting.number(statistic))")
    }
    if metric.pValue != nil { parts.append("p = \(ReportFormatting.pValue(metric.pValue))") }
    parts.append("design <code>\(HTMLEscaping.escape(ReportFormatting.design(metric)))</code>")
    if metric.evidence != nil, let ratio = metric.effect.ratio {
      parts.append(
        "effect \(ReportFormatting.change(ratio: ratio)) \(ReportFormatting.interval(of: metric))")
    } else if let estimate = metric.effect.estimate {
      parts.append(
        "shift \(ReportFormatting.signed(estimate)) \(ReportFormatting.interval(of: metric))")
    }
    if metric.effect.ratio != nil {
      parts.append("change \(ReportFormatting.change(ratio: metric.effect.ratio))")
    }
    return parts.joined(separator: " · ")
  }

  /// n, mean, median, p90, min and max per side.
  static func summaryTable(_ metric: MetricResult, isThreshold: Bool, report: AnalysisReport)
    -> String
  {
    var rows: [(SVGChart.Role, String, MetricResult.Summary?)] = []
    if !isThreshold { rows.append((.baseline, report.baseline.revision, metric.baseline)) }
    rows.append((.canary, report.canary.revision, metric.canary))
    var html = """
      <div class="table-scroll"><table class="summary">
      <thead><tr><th scope="col">Side</th><th scope="col" class="num">n</th>\
      <th scope="col" class="num">Mean</th><th scope="col" class="num">Median</th>\
      <th scope="col" class="num">p90</th><th scope="col" class="num">Min</th>\
      <th scope="col" class="num">Max</th></tr></thead>
      <tbody>

      """
    for (role, revision, summary) in rows {
      let cells = [
        summary.map { String($0.n) } ?? "0", ReportFormatting.number(summary?.mean),
        ReportFormatting.number(summary?.median), ReportFormatting.number(summary?.p90),
        ReportFormatting.number(summary?.min), ReportFormatting.number(summary?.max),
      ]
      html += """
        <tr class="row-\(role.word)"><th scope="row"><span class="swatch" aria-hidden="true">\
        </span>\(role.word) <code>\(HTMLEscaping.escape(revision))</code></th>\
        \(cells.map { "<td class=\"num\">\($0)</td>" }.joined())</tr>

        """
    }
    return html + "</tbody>\n</table></div>\n"
  }

  /// The design and counts in words, and for a matched metric a table of its workloads.
  static func evidence(_ metric: MetricResult) -> String {
    var html = "<p class=\"evidence\">\(HTMLEscaping.escape(EvidenceText.design(metric)))"
    if let counted = EvidenceText.counted(metric) {
      html += ". \(HTMLEscaping.escape(counted))"
    }
    html += "</p>"
    let units = metric.units ?? []
    guard !units.isEmpty else { return html }
    if let chart = UnitChart.svg(metric, allowed: metric.tolerance?.allowed) {
      html += "<figure class=\"units-chart\">\(chart)</figure>"
    }
    html += "<table class=\"units\"><caption>Workloads, largest change first</caption>"
    html += "<tr><th>workload</th><th>role</th><th>before / baseline</th>"
    html += "<th>after / canary</th><th>change</th></tr>"
    for unit in units.prefix(8) {
      html += "<tr><td>\(HTMLEscaping.escape(unit.unit))</td><td>\(unit.role.rawValue)</td>"
      html += "<td class=\"num\">\(ReportFormatting.number(unit.baseline))</td>"
      html += "<td class=\"num\">\(ReportFormatting.number(unit.canary))</td>"
      html += "<td class=\"num\">\(ReportFormatting.change(ratio: unit.ratio))</td></tr>"
    }
    return html + "</table>"
  }
}
