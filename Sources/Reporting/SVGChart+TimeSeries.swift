import Analysis

extension SVGChart {
  /// Size of the time-series chart, in SVG user units.
  static let timeSeriesFrame = Frame(width: 640, height: 280)

  /// A line chart of per-step values over time, one line per series, on the y axis `ticks`.
  ///
  /// When the two series' windows do not overlap (a before/after comparison), both are drawn
  /// against the time since their own window's start, so they lie on top of each other.
  /// A gap of more than 1.5 typical steps breaks the line. Empty when no series has values.
  static func timeSeries(
    _ series: [Series], references: [ReferenceLine], ticks: Ticks, title: String
  ) -> String {
    let drawn = series.filter { !$0.values.isEmpty }
    guard !drawn.isEmpty else { return "" }
    let frame = timeSeriesFrame
    let relative = !windowsOverlap(drawn)
    let origins = drawn.map { relative ? Double($0.values[0].time) : 0 }
    var lower = Double.infinity
    var upper = -Double.infinity
    for (entry, origin) in zip(drawn, origins) {
      lower = min(lower, Double(entry.values[0].time) - origin)
      upper = max(upper, Double(entry.values[entry.values.count - 1].time) - origin)
    }
    if upper <= lower {
      // A single step still needs a time axis: give it a minute either side.
      lower -= 60
      upper += 60
    }
    let axis = Ticks.time(lower: lower, upper: upper, relative: relative)
    let x = { (time: Double) in
      Frame.scale(time, lower, upper, from: frame.left + 6, to: frame.right - 6)
    }

    var svg = open(frame, className: "chart chart-time", title: title)
    svg += yAxis(ticks, frame)
    svg += timeAxis(axis, frame, x: x, title: timeAxisTitle(drawn, relative: relative))
    svg += referenceLines(references, ticks, frame)
    for (entry, origin) in zip(drawn, origins) {
      svg += line(entry, frame: frame, ticks: ticks) { x(Double($0) - origin) }
    }
    svg += legend(drawn, references: references, frame)
    return svg + "</svg>"
  }

  /// Whether every pair of series' time ranges overlaps (one series always does).
  static func windowsOverlap(_ series: [Series]) -> Bool {
    let ranges = series.compactMap { entry in
      entry.values.first.flatMap { first in entry.values.last.map { (first.time, $0.time) } }
    }
    for (index, range) in ranges.enumerated() {
      for other in ranges[(index + 1)...] where range.1 < other.0 || other.1 < range.0 {
        return false
      }
    }
    return true
  }

  /// The x axis: tick marks, labels and a title naming the time zone and date.
  static func timeAxis(
    _ axis: Ticks, _ frame: Frame, x: (Double) -> Double, title: String
  ) -> String {
    var svg = "<g class=\"axis x-axis\">\n"
    for (value, label) in zip(axis.values, axis.labels) {
      let position = coordinate(x(value))
      svg += """
        <line x1="\(position)" x2="\(position)" y1="\(coordinate(frame.top))" \
        y2="\(coordinate(frame.bottom))" stroke="#F0F0F0"/><line x1="\(position)" \
        x2="\(position)" y1="\(coordinate(frame.bottom))" y2="\(coordinate(frame.bottom + 4))" \
        stroke="#555"/><text x="\(position)" y="\(coordinate(frame.bottom + 15))" \
        text-anchor="middle">\(HTMLEscaping.escape(label))</text>

        """
    }
    svg += """
      <text class="axis-title" x="\(coordinate((frame.left + frame.right) / 2))" \
      y="\(coordinate(frame.height - 6))" text-anchor="middle">\(HTMLEscaping.escape(title))\
      </text>
      </g>

      """
    return svg
  }

  /// `time (UTC, 2024-06-01)`, with a second date when the data crosses midnight, or the
  /// relative axis' explanation.
  static func timeAxisTitle(_ series: [Series], relative: Bool) -> String {
    let starts = series.compactMap { $0.values.first?.time }
    let ends = series.compactMap { $0.values.last?.time }
    guard let start = starts.min(), let end = ends.max() else { return "time (UTC)" }
    if relative {
      let parts = series.compactMap { entry in
        entry.values.first.map {
          "\(entry.role.word) from \(dateText($0.time)) \(clockText($0.time, seconds: false))"
        }
      }
      return "time since window start (h:mm); " + parts.joined(separator: ", ") + " UTC"
    }
    let first = dateText(start)
    let last = dateText(end)
    return first == last ? "time (UTC, \(first))" : "time (UTC, \(first) to \(last))"
  }

  /// One series as a polyline (broken at gaps) plus its markers.
  static func line(
    _ series: Series, frame: Frame, ticks: Ticks, x: (Int64) -> Double
  ) -> String {
    let values = series.values
    let gaps = zip(values.dropFirst(), values).map { $0.time - $1.time }.sorted()
    let typicalStep = gaps.isEmpty ? 0 : gaps[gaps.count / 2]
    var path = ""
    var previous: Int64?
    for point in values {
      // A new segment starts at the first point and after a missing step.
      var startsSegment = true
      if let previous { startsSegment = Double(point.time - previous) > 1.5 * Double(typicalStep) }
      let command = startsSegment ? "M" : "L"
      path += "\(command)\(coordinate(x(point.time))) \(coordinate(frame.y(point.value, ticks)))"
      previous = point.time
    }
    var svg = """
      <g class="series series-\(series.role.word)"><title>\(series.role.word): \
      \(HTMLEscaping.escape(series.revision)), \(values.count) steps</title>\
      <path d="\(path)" fill="none" stroke="\(series.role.colour)" stroke-width="2" \
      stroke-linejoin="round"\(series.role.dash)/>

      """
    // Markers beyond ~150 points would merge into a band; the line alone reads better.
    if values.count <= 150 {
      for point in values {
        svg += marker(series.role, x: x(point.time), y: frame.y(point.value, ticks))
      }
      svg += "\n"
    }
    return svg + "</g>\n"
  }
}
