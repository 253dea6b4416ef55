extension SVGChart {
  /// Size of the distribution chart; as tall as the time-series chart, so the two share
  /// a y axis side by side.
  static let distributionFrame = Frame(width: 400, height: 280)

  /// The five numbers of a Tukey box plot, plus the mean and the points outside the whiskers.
  struct BoxStatistics: Equatable {
    /// Lower quartile.
    var q1: Double
    /// Median.
    var median: Double
    /// Upper quartile.
    var q3: Double
    /// Smallest value no further than 1.5 IQR below the lower quartile.
    var lowWhisker: Double
    /// Largest value no further than 1.5 IQR above the upper quartile.
    var highWhisker: Double
    /// Mean.
    var mean: Double
    /// Values beyond the whiskers (the minimum and maximum among them when present).
    var outliers: [Double]
    /// Number of values.
    var count: Int

    /// Box statistics of `values` with quartiles by linear interpolation (R type 7, as the
    /// report's p90); nil when no value is finite. NaN and infinities are ignored.
    init?(_ values: [Double]) {
      let sorted = values.filter(\.isFinite).sorted()
      guard let smallest = sorted.first, let largest = sorted.last else { return nil }
      func quantile(_ p: Double) -> Double {
        let position = p * Double(sorted.count - 1)
        let index = Int(position)
        let fraction = position - Double(index)
        guard index + 1 < sorted.count else { return sorted[index] }
        return sorted[index] + fraction * (sorted[index + 1] - sorted[index])
      }
      q1 = quantile(0.25)
      median = quantile(0.5)
      q3 = quantile(0.75)
      let reach = 1.5 * (q3 - q1)
      let (lowFence, highFence) = (q1 - reach, q3 + reach)
      lowWhisker = sorted.first { $0 >= lowFence } ?? smallest
      highWhisker = sorted.last { $0 <= highFence } ?? largest
      outliers = sorted.filter { $0 < lowFence || $0 > highFence }
      // Summing sorted values from the smallest magnitude keeps rounding small enough here.
      mean = sorted.reduce(0, +) / Double(sorted.count)
      count = sorted.count
    }
  }

  /// Vertical box plots of each series' values, side by side on the y axis `ticks`,
  /// labelled with side and count. Empty when no series has values.
  static func distribution(
    _ series: [Series], references: [ReferenceLine], ticks: Ticks, title: String
  ) -> String {
    let boxes = series.compactMap { entry in
      BoxStatistics(entry.values.map(\.value)).map { (entry, $0) }
    }
    guard !boxes.isEmpty else { return "" }
    let frame = distributionFrame
    var svg = open(frame, className: "chart chart-distribution", title: title)
    svg += yAxis(ticks, frame)
    svg += referenceLines(references, ticks, frame)
    let slot = (frame.right - frame.left) / Double(boxes.count)
    for (index, (entry, box)) in boxes.enumerated() {
      let centre = frame.left + slot * (Double(index) + 0.5)
      svg += boxPlot(box, role: entry.role, centre: centre, frame: frame, ticks: ticks)
      svg += """
        <text x="\(coordinate(centre))" y="\(coordinate(frame.bottom + 15))" \
        text-anchor="middle">\(entry.role.word)</text><text class="axis-title" \
        x="\(coordinate(centre))" y="\(coordinate(frame.height - 6))" \
        text-anchor="middle">n = \(box.count)</text>

        """
    }
    svg += legend(series.filter { !$0.values.isEmpty }, references: references, frame)
    return svg + "</svg>"
  }

  /// One box: whiskers with caps, the quartile box, a thick median, a diamond at the mean
  /// and hollow circles for outliers; a tooltip gives the numbers.
  static func boxPlot(
    _ box: BoxStatistics, role: Role, centre: Double, frame: Frame, ticks: Ticks
  ) -> String {
    let half = 28.0
    let y = { (value: Double) in coordinate(frame.y(value, ticks)) }
    let (left, right) = (coordinate(centre - half), coordinate(centre + half))
    let (capLeft, capRight) = (coordinate(centre - half / 2), coordinate(centre + half / 2))
    let mid = coordinate(centre)
    let numbers = [
      "median \(ReportFormatting.number(box.median))",
      "quartiles \(ReportFormatting.number(box.q1)) to \(ReportFormatting.number(box.q3))",
      "whiskers \(ReportFormatting.number(box.lowWhisker)) to "
        + ReportFormatting.number(box.highWhisker),
      "mean \(ReportFormatting.number(box.mean))", "n = \(box.count)",
    ]
    var svg = """
      <g class="box box-\(role.word)"><title>\(role.word): \
      \(numbers.joined(separator: ", "))</title>
      <line x1="\(mid)" x2="\(mid)" y1="\(y(box.lowWhisker))" y2="\(y(box.q1))" \
      stroke="\(role.colour)" stroke-width="1.5"/><line x1="\(mid)" x2="\(mid)" \
      y1="\(y(box.q3))" y2="\(y(box.highWhisker))" stroke="\(role.colour)" stroke-width="1.5"/>\
      <line x1="\(capLeft)" x2="\(capRight)" y1="\(y(box.lowWhisker))" \
      y2="\(y(box.lowWhisker))" stroke="\(role.colour)" stroke-width="1.5"/><line \
      x1="\(capLeft)" x2="\(capRight)" y1="\(y(box.highWhisker))" y2="\(y(box.highWhisker))" \
      stroke="\(role.colour)" stroke-width="1.5"/>
      <rect x="\(left)" y="\(y(box.q3))" width="\(coordinate(2 * half))" \
      height="\(coordinate(frame.y(box.q1, ticks) - frame.y(box.q3, ticks)))" \
      fill="\(role.tint)" stroke="\(role.colour)" stroke-width="2"\(role.dash)/>
      <line x1="\(left)" x2="\(right)" y1="\(y(box.median))" y2="\(y(box.median))" \
      stroke="#222" stroke-width="2.5"/>
      """
    let meanY = frame.y(box.mean, ticks)
    svg += """
      <path d="M\(mid) \(coordinate(meanY - 4))l4 4l-4 4l-4 -4z" fill="#fff" stroke="#222" \
      stroke-width="1.2"/>
      """
    for outlier in box.outliers {
      svg +=
        "<circle cx=\"\(mid)\" cy=\"\(y(outlier))\" r=\"2.6\" fill=\"none\" "
        + "stroke=\"\(role.colour)\" stroke-width=\"1.2\"/>"
    }
    return svg + "\n</g>\n"
  }
}
