import Analysis
import Testing

@testable import Reporting

@Suite struct TextReportTests {
  @Test(arguments: ReportSample.allCases)
  func matchesGoldenFile(sample: ReportSample) throws {
    let report = try sample.report()
    try Golden.check(TextReport.render(report, color: false), named: sample.golden("txt"))
  }

  @Test func colourMatchesGoldenFile() throws {
    let report = try ReportSamples.rollback()
    try Golden.check(TextReport.render(report, color: true), named: "report-color.txt")
  }

  @Test(arguments: ReportSample.allCases)
  func colourOnlyWhenAsked(sample: ReportSample) throws {
    let report = try sample.report()
    #expect(!TextReport.render(report, color: false).contains("\u{1B}"))
    #expect(TextReport.render(report, color: true).contains("\u{1B}["))
  }

  @Test func colourKeepsTheWordsAndTheAlignment() throws {
    let report = try ReportSamples.rollback()
    let plain = TextReport.render(report, color: false)
    let stripped = TextReport.render(report, color: true)
      .replacing(/\x{1B}\[[0-9;]*m/, with: "")
    #expect(stripped == plain)
  }

  @Test(arguments: ReportSample.allCases)
  func linesAreShortAndUnpadded(sample: ReportSample) throws {
    let text = TextReport.render(try sample.report(), color: false)
    #expect(text.hasSuffix("\n"))
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      #expect(!line.hasSuffix(" "), "trailing space: \(line)")
      #expect(!line.contains("\t"))
      #expect(line.count <= TextReport.lineWidth, "too long: \(line)")
    }
  }

  @Test func verdictComesFirst() throws {
    let text = TextReport.render(try ReportSamples.rollback(), color: false)
    #expect(text.hasPrefix("VERDICT: ROLLBACK  score 57.1 (pass >= 95, marginal >= 75)\n"))
    let nodata = TextReport.render(try ReportSamples.nodata(), color: false)
    #expect(nodata.hasPrefix("VERDICT: INCONCLUSIVE  no score (pass >= 95, marginal >= 75)\n"))
  }

  @Test func metricRowsCarryTheirFigures() throws {
    let lines = TextReport.render(try ReportSamples.rollback(), color: false)
      .split(separator: "\n").map(String.init)
    let errorRate = try #require(lines.first { $0.hasPrefix("error-rate ") })
    for figure in ["high", "+210%", "<1e-6", "[+0.0007, +0.00098]", "! critical"] {
      #expect(errorRate.contains(figure), "\(figure) missing in \(errorRate)")
    }
    let threshold = try #require(lines.first { $0.hasPrefix("xds-rejects ") })
    #expect(threshold.contains("high"))
    #expect(threshold.hasSuffix("  threshold"))
    #expect(!threshold.contains("critical"))
    let noRatio = try #require(lines.first { $0.hasPrefix("push-errors ") })
    #expect(noRatio.contains(" 0  "))
    let nodata = try #require(lines.first { $0.hasPrefix("convergence-p99 ") })
    #expect(nodata.contains("nodata"))
    #expect(lines.contains { $0.hasPrefix("grpc-status|unavailable ") })
    #expect(lines.contains { $0.hasPrefix("proxy-memory ") && $0.contains("1.612e+09") })
    // A name too long for the column sits on its own line, its figures on the next.
    let long = try #require(lines.firstIndex { $0.hasPrefix("requests-per-proxy-on-the-canary") })
    #expect(lines[long].hasSuffix("gateways"))
    #expect(lines[long + 1].hasPrefix(String(repeating: " ", count: 20)))
    #expect(lines[long + 1].contains("-0.5%"))
  }

  @Test func footerNamesTheStoredAnalysis() throws {
    let stored = TextReport.render(try ReportSamples.rollback(), color: false)
    #expect(stored.hasSuffix("stored as analysis 12: canary report 12\n"))
    let unsaved = TextReport.render(try ReportSamples.nodata(), color: false)
    #expect(unsaved.hasSuffix("not stored (--no-save)\n"))
    #expect(!unsaved.contains("canary report"))
  }

  @Test func longReasonsWrap() {
    let words = Array(repeating: "word", count: 40).joined(separator: " ")
    let lines = TextReport.wrap(words, prefix: "- ", indent: "  ", width: 30)
    #expect(lines.count > 1)
    #expect(lines.first?.hasPrefix("- word word") == true)
    #expect(lines.allSatisfy { $0.count <= 30 })
    #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("  word") })
    let long = String(repeating: "x", count: 50)
    #expect(TextReport.wrap(long, prefix: "- ", indent: "  ", width: 30) == ["- " + long])
    #expect(TextReport.wrap("a\nb", prefix: "- ", indent: "  ", width: 30) == ["- a b"])
    #expect(TextReport.wrap("", prefix: "- ", indent: "  ", width: 30) == ["-"])
  }

  @Test(arguments: ReportSample.allCases)
  func sameReportSameBytes(sample: ReportSample) throws {
    let report = try sample.report()
    #expect(TextReport.render(report, color: true) == TextReport.render(report, color: true))
  }
}
