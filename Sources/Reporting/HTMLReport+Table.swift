import Analysis

extension HTMLReport {
  /// The metric table, one row per metric, each name linking to the metric's charts.
  static func metricTable(_ report: AnalysisReport, ids: [String]) -> String {
    let confidence = ReportFormatting.number((1 - report.config.alpha) * 100) + "%"
    var html = """
      <section id="metrics" class="metrics">
      <h2>Metrics</h2>
      <div class="table-scroll">
      <table class="metric-table">
      <thead><tr><th scope="col">Metric</th><th scope="col">Result</th>\
      <th scope="col">Design</th><th scope="col" class="num">Baseline mean</th><th scope="col" class="num">Canary mean</th>\
      <th scope="col" class="num">Change</th><th scope="col" class="num">Shift</th>\
      <th scope="col" class="num">\(confidence) interval</th>\
      <th scope="col" class="num">p-value</th></tr></thead>
      <tbody>

      """
    for (metric, id) in zip(report.metrics, ids) {
      let failing = metric.classification.isFailure ? " class=\"failing\"" : ""
      // A matched design's effect is a ratio, shown as the change and its interval.
      let shift =
        metric.evidence == nil ? metric.effect.estimate.map(ReportFormatting.signed) ?? "-" : "-"
      html += """
        <tr\(failing)><th scope="row"><a href="#\(id)">\(HTMLEscaping.escape(metric.name))</a>\
        \(metric.critical ? " <span class=\"tag\">critical</span>" : "")</th><td>\(badge(metric.classification))</td>\
        <td>\(HTMLEscaping.escape(ReportFormatting.design(metric)))</td>\
        <td class="num">\(ReportFormatting.number(metric.baseline?.mean))</td>\
        <td class="num">\(ReportFormatting.number(metric.canary?.mean))</td>\
        <td class="num">\(ReportFormatting.change(ratio: metric.effect.ratio))</td>\
        <td class="num">\(shift)</td>\
        <td class="num">\(ReportFormatting.interval(of: metric))</td>\
        <td class="num">\(ReportFormatting.pValue(metric.pValue))</td></tr>

        """
    }
    html += """
      </tbody>
      </table>
      </div>
      <p class="note">Design: how the two sides were matched (before-after: moved workloads \
      against their own past less the change of those that stayed; concurrent: the same \
      workloads or control planes at the same steps; pooled: unmatched). Change: for a \
      matched design the combined canary/baseline ratio, with its \(confidence) interval as \
      changes; for an unmatched one the canary mean against the baseline mean. Shift: \
      Hodges-Lehmann estimate of canary minus baseline, with its \(confidence) interval \
      (alpha \(ReportFormatting.number(report.config.alpha))). A marked row failed; a \
      critical metric that fails means rollback whatever the score.</p>
      </section>

      """
    return html
  }

  /// A classification as a labelled badge; the word is always there, colour only helps.
  static func badge(_ classification: Classification) -> String {
    let word = classification.rawValue
    return "<span class=\"badge badge-\(word)\">\(word)</span>"
  }
}

extension Classification {
  /// Whether the metric counts against the canary.
  var isFailure: Bool { self == .high || self == .low || self == .error }
}
