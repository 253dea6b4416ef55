import Analysis
import Foundation
import MetricModel

/// Inline SVG charts of a metric's per-step values, drawn by the report itself: no
/// library, no script, colours that survive colour blindness and line styles that survive
/// black-and-white printing.
enum SVGChart {
  /// Which side of the comparison a series shows; fixes its colour, dash and marker.
  typealias Role = MetricModel.Side

  /// One side's values and the revision it names in the legend.
  struct Series {
    /// Which side.
    var role: Role
    /// Revision name (raw text; escaped when drawn).
    var revision: String
    /// Per-step values in time order.
    var values: [StepValue]
  }

  /// A horizontal line at a configured limit (a threshold's `min` or `max`).
  struct ReferenceLine {
    /// The limit.
    var value: Double
    /// Its label, e.g. `max 0`.
    var label: String
  }

  /// The drawing area inside a chart's margins, in SVG user units.
  struct Frame {
    /// Whole chart width.
    var width: Double
    /// Whole chart height.
    var height: Double
    /// Left edge of the plot.
    var left: Double = 58
    /// Right margin.
    var rightMargin: Double = 14
    /// Top edge of the plot (below the legend).
    var top: Double = 34
    /// Bottom margin (tick labels and axis title).
    var bottomMargin: Double = 42

    /// Right edge of the plot.
    var right: Double { width - rightMargin }
    /// Bottom edge of the plot.
    var bottom: Double { height - bottomMargin }

    /// Maps `value` of `lower...upper` onto `from...to` (a degenerate domain maps mid-way).
    static func scale(
      _ value: Double, _ lower: Double, _ upper: Double, from: Double, to: Double
    ) -> Double {
      guard upper > lower else { return (from + to) / 2 }
      return from + (value - lower) / (upper - lower) * (to - from)
    }

    /// The SVG y coordinate of `value` on the y axis `ticks`.
    func y(_ value: Double, _ ticks: Ticks) -> Double {
      Self.scale(value, ticks.lower, ticks.upper, from: bottom, to: top)
    }
  }

  /// A coordinate with at most one decimal (`12`, `12.5`), so output is small and the same
  /// on every platform.
  static func coordinate(_ value: Double) -> String {
    let rounded = (value * 10).rounded() / 10 + 0
    if rounded == rounded.rounded() { return String(Int64(rounded)) }
    return String(format: "%.1f", rounded)
  }

  /// The `<svg>` start tag and its accessible title. Inline SVG in HTML needs no `xmlns`,
  /// which keeps the page free of any URL.
  static func open(_ frame: Frame, className: String, title: String) -> String {
    let width = coordinate(frame.width)
    let height = coordinate(frame.height)
    return """
      <svg class="\(className)" viewBox="0 0 \(width) \(height)" width="\(width)" \
      height="\(height)" role="img" aria-label="\(HTMLEscaping.escape(title))">
      <title>\(HTMLEscaping.escape(title))</title>

      """
  }

  /// Horizontal grid lines and labels of the y axis, and the plot's frame lines.
  static func yAxis(_ ticks: Ticks, _ frame: Frame) -> String {
    var svg = "<g class=\"axis y-axis\">\n"
    for (value, label) in zip(ticks.values, ticks.labels) {
      let y = coordinate(frame.y(value, ticks))
      svg += """
        <line x1="\(coordinate(frame.left))" x2="\(coordinate(frame.right))" y1="\(y)" \
        y2="\(y)" stroke="#E3E3E3" stroke-width="1"/>\
        <text x="\(coordinate(frame.left - 6))" y="\(y)" dy="0.32em" \
        text-anchor="end">\(HTMLEscaping.escape(label))</text>

        """
    }
    svg += """
      <line x1="\(coordinate(frame.left))" x2="\(coordinate(frame.left))" \
      y1="\(coordinate(frame.top))" y2="\(coordinate(frame.bottom))" stroke="#555"/>
      <line x1="\(coordinate(frame.left))" x2="\(coordinate(frame.right))" \
      y1="\(coordinate(frame.bottom))" y2="\(coordinate(frame.bottom))" stroke="#555"/>
      </g>

      """
    return svg
  }

  /// Dotted limit lines across the plot; the legend names them.
  static func referenceLines(_ lines: [ReferenceLine], _ ticks: Ticks, _ frame: Frame) -> String {
    lines.map { line in
      let y = coordinate(frame.y(line.value, ticks))
      return """
        <line class="reference" x1="\(coordinate(frame.left))" x2="\(coordinate(frame.right))" \
        y1="\(y)" y2="\(y)" stroke="\(referenceColour)" stroke-width="1.5" \
        stroke-dasharray="2 3"><title>\(HTMLEscaping.escape(line.label))</title></line>

        """
    }.joined()
  }

  /// Colour of threshold lines: Okabe-Ito vermillion, dotted, so it differs from both sides.
  static let referenceColour = "#D55E00"

  /// The legend above the plot: a line sample and marker per series, naming its revision,
  /// then one dotted sample for the threshold lines, if any.
  static func legend(_ series: [Series], references: [ReferenceLine], _ frame: Frame) -> String {
    var svg = "<g class=\"legend\">\n"
    var x = frame.left
    for entry in series {
      let label = entry.role.word + ": " + shortened(entry.revision)
      svg += """
        <line x1="\(coordinate(x))" x2="\(coordinate(x + 26))" y1="14" y2="14" \
        stroke="\(entry.role.colour)" stroke-width="2.5"\(entry.role.dash)/>\
        \(marker(entry.role, x: x + 13, y: 14))\
        <text x="\(coordinate(x + 32))" y="14" dy="0.32em">\(HTMLEscaping.escape(label))</text>

        """
      // Text width is estimated (no font metrics without a browser): ~6.4 units a character.
      x += 32 + Double(label.count) * 6.4 + 20
    }
    if !references.isEmpty {
      let label = "threshold: " + references.map(\.label).joined(separator: ", ")
      svg += """
        <line x1="\(coordinate(x))" x2="\(coordinate(x + 26))" y1="14" y2="14" \
        stroke="\(referenceColour)" stroke-width="1.5" stroke-dasharray="2 3"/>\
        <text x="\(coordinate(x + 32))" y="14" dy="0.32em">\(HTMLEscaping.escape(label))</text>

        """
    }
    return svg + "</g>\n"
  }

  /// A point marker: a filled circle for the baseline, a hollow square for the canary.
  static func marker(_ role: Role, x: Double, y: Double) -> String {
    switch role {
    case .baseline:
      return "<circle cx=\"\(coordinate(x))\" cy=\"\(coordinate(y))\" r=\"2.6\" "
        + "fill=\"\(role.colour)\"/>"
    case .canary:
      return "<rect x=\"\(coordinate(x - 2.5))\" y=\"\(coordinate(y - 2.5))\" width=\"5\" "
        + "height=\"5\" fill=\"#fff\" stroke=\"\(role.colour)\" stroke-width=\"1.5\"/>"
    }
  }

  /// A revision name cut to 28 characters for a legend; the page header shows it whole.
  static func shortened(_ text: String) -> String {
    text.count <= 28 ? text : String(text.prefix(27)) + "…"
  }
}
