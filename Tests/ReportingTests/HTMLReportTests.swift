import Analysis
import Foundation
import Testing

@testable import Reporting

@Suite struct HTMLReportTests {
  /// The rich sample against `Golden/report.html`, byte for byte; `CANARY_RECORD_GOLDEN=1`
  /// writes the file into the source tree instead.
  @Test func matchesGoldenFile() throws {
    let html = HTMLReport.render(try HTMLSamples.rollback())
    if ProcessInfo.processInfo.environment["CANARY_RECORD_GOLDEN"] == "1" {
      let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/report.html")
      try Data(html.utf8).write(to: url)
      Issue.record("re-recorded \(url.path); unset CANARY_RECORD_GOLDEN and run again")
      return
    }
    let folder = try #require(Bundle.module.url(forResource: "Golden", withExtension: nil))
    let expected = try String(
      contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
    if html != expected {
      let mismatch = zip(html.split(separator: "\n"), expected.split(separator: "\n"))
        .enumerated().first { $0.element.0 != $0.element.1 }
      Issue.record(
        """
        HTML differs from Golden/report.html (re-record with CANARY_RECORD_GOLDEN=1); \
        first different line \((mismatch?.offset ?? -1) + 1): \
        \(mismatch.map { "got \($0.element.0), expected \($0.element.1)" } ?? "lengths differ")
        """)
    }
  }

  @Test func isDeterministic() throws {
    let report = try HTMLSamples.rollback()
    #expect(HTMLReport.render(report) == HTMLReport.render(report))
  }

  @Test func hasOneSectionAndTwoChartsPerMetric() throws {
    let report = try HTMLSamples.rollback()
    let html = HTMLReport.render(report)
    let ids = HTMLEscaping.metricIDs(report.metrics.map(\.name))
    for (metric, id) in zip(report.metrics, ids) {
      #expect(html.contains("<section class=\"metric\" id=\"\(id)\""), "\(metric.name)")
      #expect(html.contains("<a href=\"#\(id)\">"), "table links to \(metric.name)")
      let section = try #require(Self.section(id, in: html))
      let charts = section.components(separatedBy: "<svg").count - 1
      let hasValues = !(metric.values.baseline.isEmpty && metric.values.canary.isEmpty)
      #expect(charts == (hasValues ? 2 : 0), "\(metric.name): \(charts) charts")
      #expect(section.contains("No data") != hasValues)
      #expect(section.contains("<a href=\"#metrics\">"), "links back to the table")
    }
    let drawn = report.metrics.filter { !$0.values.canary.isEmpty }.count
    #expect(html.components(separatedBy: "<svg").count - 1 == 2 * drawn)
  }

  @Test func loadsNothingAndRunsNothing() throws {
    let html = HTMLReport.render(try HTMLSamples.rollback()).lowercased()
    #expect(!html.contains("<script"))
    #expect(!html.contains("http://"))
    #expect(!html.contains("https://"))
    #expect(!html.contains("<link"))
    #expect(!html.contains("@import"))
    #expect(!html.contains("url("))
    #expect(html.hasPrefix("<!doctype html>\n<html lang=\"en\">"))
  }

  @Test func escapesEveryText() throws {
    let html = HTMLReport.render(try HTMLSamples.hostile())
    #expect(!html.lowercased().contains("<script"))
    #expect(!html.contains("<img"))
    #expect(!html.contains("<b>bold"))
    #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"))
    #expect(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot; &#39;"))
    #expect(html.contains("base&lt;&amp;&gt;"))
    #expect(html.contains("path=&quot;&lt;a&gt;&amp;&quot;"))
    #expect(html.contains("id=\"metric-script-alert-x-script-co\""))
  }

  @Test func thresholdMetricShowsCanaryAndLimitOnly() throws {
    let html = HTMLReport.render(try HTMLSamples.rollback())
    let section = try #require(Self.section("metric-xds-rejects", in: html))
    #expect(!section.contains("series-baseline"))
    #expect(!section.contains("box-baseline"))
    #expect(section.contains("series-canary"))
    #expect(section.contains("class=\"reference\""))
    #expect(section.contains(">threshold: max 0</text>"))
  }

  @Test func disjointWindowsShareARelativeTimeAxis() throws {
    var report = try HTMLSamples.rollback()
    report.metrics[1].values.baseline = report.metrics[1].values.baseline.map {
      StepValue(time: $0.time - 86_400, value: $0.value)
    }
    let html = HTMLReport.render(report)
    let section = try #require(Self.section("metric-latency-p99", in: html))
    #expect(section.contains("time since window start"))
    #expect(section.contains(">+0:10</text>"))
  }

  @Test(arguments: [
    (
      ["error rate", "error-rate", "Error_Rate!"],
      [
        "metric-error-rate", "metric-error-rate-2",
        "metric-error-rate-3",
      ]
    ),
    (["", "é", "p99"], ["metric-metric", "metric-metric-2", "metric-p99"]),
  ])
  func metricIDsAreUniqueSlugs(names: [String], ids: [String]) {
    #expect(HTMLEscaping.metricIDs(names) == ids)
  }

  /// The text of the `<section>` with `id`, up to its end tag.
  static func section(_ id: String, in html: String) -> String? {
    guard let start = html.range(of: "id=\"\(id)\"") else { return nil }
    guard let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex)
    else { return nil }
    return String(html[start.lowerBound..<end.lowerBound])
  }
}

/// The chart arithmetic behind the HTML report: ticks, time labels, box statistics.
@Suite struct SVGChartTests {
  @Test(arguments: [
    (0.0017, 0.0055, ["0.001", "0.002", "0.003", "0.004", "0.005", "0.006"]),
    (43.0, 71.0, ["40", "50", "60", "70", "80"]),
    (50_100_000.0, 54_200_000.0, ["50M", "52M", "54M", "56M"]),
    (0.0, 0.0, ["0.00", "0.25", "0.50", "0.75", "1.00"]),
    (-3.0, 7.0, ["-5.0", "-2.5", "0.0", "2.5", "5.0", "7.5"]),
    (999_000.0, 1_001_000.0, ["999.0k", "999.5k", "1000.0k", "1000.5k", "1001.0k"]),
  ])
  func niceTicks(lower: Double, upper: Double, labels: [String]) {
    let ticks = SVGChart.Ticks.nice(lower: lower, upper: upper)
    #expect(ticks.labels == labels)
    #expect(ticks.lower <= lower && ticks.upper >= upper)
  }

  @Test func timeTicksAreRoundUTCMinutes() {
    let start = Double(HTMLSamples.start)
    let ticks = SVGChart.Ticks.time(lower: start + 60, upper: start + 1800, relative: false)
    #expect(ticks.labels == ["12:05", "12:10", "12:15", "12:20", "12:25", "12:30"])
    let relative = SVGChart.Ticks.time(lower: 100, upper: 100 + 7200, relative: true)
    #expect(relative.labels == ["+0:00", "+0:30", "+1:00", "+1:30", "+2:00"])
  }

  @Test(arguments: [
    (Int64(0), "1970-01-01"), (1_717_243_200, "2024-06-01"), (951_782_400, "2000-02-29"),
    (-86_400, "1969-12-31"), (4_102_444_800, "2100-01-01"),
  ])
  func utcDates(seconds: Int64, date: String) {
    #expect(SVGChart.dateText(seconds) == date)
  }

  @Test func boxStatisticsUseTukeyWhiskers() throws {
    let box = try #require(SVGChart.BoxStatistics([1, 2, 3, 4, 5, 6, 7, 8, 100, .nan]))
    #expect(box.median == 5)
    #expect(box.q1 == 3)
    #expect(box.q3 == 7)
    #expect(box.lowWhisker == 1)
    #expect(box.highWhisker == 8)
    #expect(box.outliers == [100])
    #expect(box.count == 9)
    #expect(SVGChart.BoxStatistics([]) == nil)
  }

  @Test func coordinatesHaveOneDecimalAndNoNegativeZero() {
    #expect(SVGChart.coordinate(12.04) == "12")
    #expect(SVGChart.coordinate(12.25) == "12.3")
    #expect(SVGChart.coordinate(-0.01) == "0")
  }
}
