import Analysis
import Foundation

extension HTMLReport {
  /// The effective configuration: the global settings, then one row per metric with its
  /// selectors and limits, all escaped.
  static func configurationSection(_ config: ConfigurationSnapshot) -> String {
    let settings: [(String, String)] = [
      ("version", String(config.version)), ("step", config.step),
      ("alpha", ReportFormatting.number(config.alpha)),
      ("minIntervals", String(config.minIntervals)),
      ("scoring.pass", ReportFormatting.number(config.scoring.pass)),
      ("scoring.marginal", ReportFormatting.number(config.scoring.marginal)),
    ]
    var html = """
      <section id="configuration" class="configuration">
      <h2>Configuration</h2>
      <table class="settings"><tbody>

      """
    for (key, value) in settings {
      html +=
        "<tr><th scope=\"row\">\(key)</th><td><code>\(HTMLEscaping.escape(value))"
        + "</code></td></tr>\n"
    }
    html += """
      </tbody></table>
      <div class="table-scroll">
      <table class="config-metrics">
      <thead><tr><th scope="col">Metric</th><th scope="col">Kind</th>\
      <th scope="col">Series</th><th scope="col">Test</th><th scope="col">Limit</th>\
      <th scope="col" class="num">Weight</th><th scope="col">Critical</th></tr></thead>
      <tbody>

      """
    for metric in config.metrics {
      html += """
        <tr><th scope="row">\(HTMLEscaping.escape(metric.name))</th>\
        <td>\(HTMLEscaping.escape(metric.kind))</td><td class="selectors">\
        \(selectors(metric))</td><td class="nowrap">\(HTMLEscaping.escape(metric.test))</td>\
        <td class="nowrap">\(HTMLEscaping.escape(limit(metric)))</td>\
        <td class="num">\(ReportFormatting.number(metric.weight))\
        \(metric.group.map { " <span class=\"group\">(group \(HTMLEscaping.escape($0)))</span>" } ?? "")</td>\
        <td>\(metric.critical ? "<strong class=\"critical\">critical</strong>" : "")</td></tr>

        """
    }
    return html + """
      </tbody>
      </table>
      </div>
      <p class="note">Limit: the largest (or smallest) canary/baseline ratio of means that \
      passes in the bad direction, or a threshold's bounds on the canary alone.</p>
      </section>

      """
  }

  /// Each selector and option of a metric on its own line, as `key: value`.
  static func selectors(_ metric: ConfigurationSnapshot.Metric) -> String {
    let entries: [(String, String?)] = [
      ("numerator", metric.numerator), ("denominator", metric.denominator),
      ("histogram", metric.histogram), ("quantile", metric.quantile.map(ReportFormatting.number)),
      ("query", metric.query), ("per", metric.per), ("aggregate", metric.aggregate),
    ]
    return entries.compactMap { key, value in
      value.map { "<span class=\"key\">\(key)</span> <code>\(breakable($0))</code>" }
    }.joined(separator: "<br>")
  }

  /// A selector escaped, with line-break opportunities after `{` and `,` so a long one wraps
  /// between matchers rather than inside a label name.
  static func breakable(_ selector: String) -> String {
    HTMLEscaping.escape(selector).replacingOccurrences(of: ",", with: ",<wbr>")
      .replacingOccurrences(of: "{", with: "{<wbr>")
  }

  /// What the metric tolerates: a threshold's bounds, or the allowed canary/baseline ratio
  /// of means in the bad direction(s).
  static func limit(_ metric: ConfigurationSnapshot.Metric) -> String {
    if let threshold = metric.threshold {
      let bounds = [("min", threshold.min), ("max", threshold.max)].compactMap { key, value in
        value.map { "\(key) \(ReportFormatting.number($0))" }
      }
      return bounds.isEmpty ? "threshold" : bounds.joined(separator: ", ")
    }
    let increase = ReportFormatting.number(metric.allowedIncrease)
    let decrease = ReportFormatting.number(metric.allowedDecrease)
    switch metric.direction {
    case "increase": return "ratio ≤ \(increase)"
    case "decrease": return "ratio ≥ \(decrease)"
    default: return "\(decrease) ≤ ratio ≤ \(increase)"
    }
  }
}
