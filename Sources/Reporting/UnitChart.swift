import Analysis
import Foundation

/// The per-workload chart of a matched metric in the HTML report: each workload's change
/// (after over before, or canary over baseline) as a dot on a log scale, the compared
/// workloads as filled orange dots, the workloads that stayed as hollow blue ones, with lines
/// at no change and at the allowance. Inline SVG, no script; words beside every colour.
enum UnitChart {
  static let width = 560.0
  static let labelWidth = 200.0
  static let rowHeight = 18.0
  static let maximumRows = 14

  /// The chart's SVG, nil when fewer than two workloads have a ratio.
  static func svg(_ metric: MetricResult, allowed: Double?) -> String? {
    let units = (metric.units ?? []).filter { ($0.ratio ?? 0) > 0 && ($0.ratio ?? 0).isFinite }
    let compared = units.filter { $0.role == .compared }
    let shown = Array((compared + units.filter { $0.role == .control }).prefix(maximumRows))
    guard shown.count >= 2 else { return nil }
    let logs = shown.compactMap { $0.ratio.map(log) } + [0] + [allowed.map(log) ?? 0]
    let span = max(logs.map(abs).max() ?? 0, log(1.05)) * 1.15
    let plot = width - labelWidth - 20
    func x(_ ratio: Double) -> Double { labelWidth + plot * (log(ratio) + span) / (2 * span) }
    let height = Double(shown.count) * rowHeight + 76
    var svg =
      "<svg class=\"unit-chart\" role=\"img\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
      + "width=\"\(Int(width))\" height=\"\(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\">"
    svg +=
      "<title>\(HTMLEscaping.escape(metric.name)): change per workload (log scale)</title>"
    let top = 18.0
    let bottom = top + Double(shown.count) * rowHeight
    svg += line(x(1), top, bottom, "#555", dash: false, label: "no change", labelY: top - 6)
    if let allowed, allowed > 0, allowed != 1 {
      svg += line(
        x(allowed), top, bottom, "#555", dash: true,
        label: "allowed \(ReportFormatting.change(ratio: allowed))", labelY: bottom + 14)
    }
    // The scale's ends, as changes.
    for (end, anchor) in [(exp(-span), "start"), (exp(span), "end")] {
      svg +=
        "<text x=\"\(format(x(end)))\" y=\"\(format(bottom + 14))\" text-anchor=\"\(anchor)\" "
        + "font-size=\"10\" fill=\"#555\">\(ReportFormatting.change(ratio: end))</text>"
    }
    for (index, unit) in shown.enumerated() {
      guard let ratio = unit.ratio else { continue }
      let y = top + (Double(index) + 0.5) * rowHeight
      let isCompared = unit.role == .compared
      svg +=
        "<text x=\"\(Int(labelWidth - 6))\" y=\"\(format(y + 4))\" text-anchor=\"end\" "
        + "font-size=\"11\">\(HTMLEscaping.escape(unit.unit))</text>"
      svg +=
        "<circle cx=\"\(format(x(ratio)))\" cy=\"\(format(y))\" r=\"5\" "
        + (isCompared
          ? "fill=\"#E69F00\" stroke=\"#E69F00\""
          : "fill=\"none\" stroke=\"#0072B2\" stroke-width=\"2\"")
        + "><title>\(HTMLEscaping.escape(unit.unit)) (\(isCompared ? "compared" : "stayed")): "
        + "\(ReportFormatting.change(ratio: ratio))</title></circle>"
    }
    svg +=
      "<text x=\"\(Int(labelWidth))\" y=\"\(format(bottom + 34))\" font-size=\"11\">"
      + "filled orange dot: a compared (moved) workload</text>"
      + "<text x=\"\(Int(labelWidth))\" y=\"\(format(bottom + 50))\" font-size=\"11\">"
      + "hollow blue ring: a workload that stayed (a control)</text>"
    return svg + "</svg>"
  }

  private static func line(
    _ x: Double, _ top: Double, _ bottom: Double, _ color: String, dash: Bool, label: String,
    labelY: Double
  ) -> String {
    "<line x1=\"\(format(x))\" y1=\"\(format(top))\" x2=\"\(format(x))\" y2=\"\(format(bottom))\" "
      + "stroke=\"\(color)\"\(dash ? " stroke-dasharray=\"4 3\"" : "")/>"
      + "<text x=\"\(format(x))\" y=\"\(format(labelY))\" text-anchor=\"middle\" "
      + "font-size=\"10\">\(HTMLEscaping.escape(label))</text>"
  }

  private static func format(_ value: Double) -> String {
    String(format: "%.1f", value)
  }
}
