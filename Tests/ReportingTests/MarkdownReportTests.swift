import Analysis
import Foundation
import Testing

@testable import Reporting

@Suite struct MarkdownReportTests {
  @Test(arguments: ReportSample.allCases)
  func matchesGoldenFile(sample: ReportSample) throws {
    try Golden.check(MarkdownReport.render(try sample.report()), named: sample.golden("md"))
  }

  @Test func headingSaysTheVerdictInWords() throws {
    let cases: [(AnalysisReport, String)] = [
      (try ReportSamples.rollback(), "## Canary analysis FAILED: verdict rollback\n"),
      (try ReportSamples.promote(), "## Canary analysis PASSED: verdict promote\n"),
      (try ReportSamples.nodata(), "## Canary analysis UNDECIDED: verdict inconclusive\n"),
    ]
    for (report, heading) in cases {
      #expect(MarkdownReport.render(report).hasPrefix(heading))
    }
  }

  @Test(arguments: ReportSample.allCases)
  func tableRowsKeepTheirColumns(sample: ReportSample) throws {
    let lines = MarkdownReport.render(try sample.report()).split(separator: "\n")
    let table = lines.filter { $0.hasPrefix("| ") || $0.hasPrefix("|---") }
    #expect(!table.isEmpty)
    for row in table {
      // Unescaped pipes delimit cells: every row of a table has as many as its header.
      let delimiters = row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
      #expect(delimiters == 5 || delimiters == 11, "row: \(row)")
    }
  }

  @Test func pipeInANameIsEscaped() throws {
    let text = MarkdownReport.render(try ReportSamples.rollback())
    #expect(text.contains("| `grpc-status\\|unavailable` |"))
  }

  @Test(arguments: ReportSample.allCases)
  func onlyDetailsAndSummaryAreHTML(sample: ReportSample) throws {
    let text = MarkdownReport.render(try sample.report())
    let tags = text.matches(of: /<\/?([a-zA-Z]+)/).map { String($0.output.1) }
    #expect(Set(tags).isSubset(of: ["details", "summary"]))
    #expect(tags.count == 4)
  }

  @Test(arguments: ReportSample.allCases)
  func configurationBlockIsTheReportsConfig(sample: ReportSample) throws {
    let report = try sample.report()
    let text = MarkdownReport.render(report)
    let start = try #require(text.range(of: "```json\n"))
    let end = try #require(text.range(of: "\n```\n", range: start.upperBound..<text.endIndex))
    let json = Data(text[start.upperBound..<end.lowerBound].utf8)
    #expect(try JSONDecoder().decode(ConfigurationSnapshot.self, from: json) == report.config)
  }

  @Test func textFromTheReportIsEscaped() {
    #expect(MarkdownReport.inline("a*b_c <d> [e] `f`") == "a\\*b\\_c \\<d> \\[e\\] \\`f\\`")
    #expect(MarkdownReport.cell("p|q\nr") == "p\\|q r")
    #expect(MarkdownReport.code("a`b", inTable: false) == "``a`b``")
    #expect(MarkdownReport.code("`x", inTable: false) == "`` `x ``")
    #expect(MarkdownReport.code("x|y", inTable: true) == "`x\\|y`")
  }

  @Test func footerNamesTheStoredAnalysis() throws {
    let stored = MarkdownReport.render(try ReportSamples.rollback())
    #expect(stored.hasSuffix("stored as analysis 12: `canary report 12`.\n"))
    let unsaved = MarkdownReport.render(try ReportSamples.nodata())
    #expect(unsaved.hasSuffix("not stored (`--no-save`).\n"))
    #expect(unsaved.contains("**No score**, no metric had enough data (pass >= 95"))
  }

  @Test(arguments: ReportSample.allCases)
  func sameReportSameBytes(sample: ReportSample) throws {
    let report = try sample.report()
    #expect(MarkdownReport.render(report) == MarkdownReport.render(report))
  }
}
