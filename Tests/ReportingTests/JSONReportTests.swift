import Analysis
import Foundation
import Testing

@testable import Reporting

@Suite struct JSONReportTests {
  static let metricKeys: Set<String> = [
    "name", "kind", "test", "direction", "critical", "classification", "reason", "baseline",
    "canary", "statistic", "pValue", "effect", "values", "design", "matched", "evidence", "units",
  ]
  static let topKeys: Set<String> = [
    "schemaVersion", "analysisId", "createdAt", "verdict", "score", "reasons", "baseline",
    "canary", "config", "metrics",
  ]

  @Test(arguments: ReportSample.allCases)
  func matchesGoldenFile(sample: ReportSample) throws {
    try Golden.check(try JSONReport.render(try sample.report()), named: sample.golden("json"))
  }

  @Test(arguments: ReportSample.allCases)
  func roundTrips(sample: ReportSample) throws {
    let report = try sample.report()
    let text = try JSONReport.render(report)
    #expect(try JSONReport.decode(text) == report)
    #expect(try JSONReport.render(JSONReport.decode(text)) == text)
    #expect(text.hasSuffix("}\n"))
  }

  @Test(arguments: ReportSample.allCases)
  func everyKeyIsPresent(sample: ReportSample) throws {
    let top = try object(try JSONReport.render(try sample.report()))
    #expect(Set(top.keys) == Self.topKeys)
    #expect(top["schemaVersion"] as? Int == 1)
    for side in ["baseline", "canary"] {
      let window = try #require(top[side] as? [String: Any])
      #expect(Set(window.keys) == ["revision", "from", "to"])
    }
    let metrics = try #require(top["metrics"] as? [[String: Any]])
    #expect(!metrics.isEmpty)
    for metric in metrics {
      #expect(Set(metric.keys) == Self.metricKeys)
      let effect = try #require(metric["effect"] as? [String: Any])
      #expect(Set(effect.keys) == ["estimate", "ciLow", "ciHigh", "ratio"])
      let values = try #require(metric["values"] as? [String: Any])
      #expect(Set(values.keys) == ["baseline", "canary"])
      for side in ["baseline", "canary"] where !(metric[side] is NSNull) {
        let summary = try #require(metric[side] as? [String: Any])
        #expect(Set(summary.keys) == ["n", "mean", "median", "p90", "min", "max"])
      }
    }
  }

  @Test func absentNumbersAreNull() throws {
    let top = try object(try JSONReport.render(try ReportSamples.nodata()))
    #expect(top["analysisId"] is NSNull)
    #expect(top["score"] is NSNull)
    let metric = try #require((top["metrics"] as? [[String: Any]])?.first)
    for key in ["baseline", "canary", "statistic", "pValue"] {
      #expect(metric[key] is NSNull, "\(key) is not null")
    }
    let effect = try #require(metric["effect"] as? [String: Any])
    #expect(effect.values.allSatisfy { $0 is NSNull })
    let values = try #require(metric["values"] as? [String: [Any]])
    #expect(values["baseline"]?.isEmpty == true && values["canary"]?.isEmpty == true)
  }

  @Test func nilRatioIsNull() throws {
    let top = try object(try JSONReport.render(try ReportSamples.rollback()))
    let metrics = try #require(top["metrics"] as? [[String: Any]])
    let pushErrors = try #require(metrics.first { $0["name"] as? String == "push-errors" })
    #expect((pushErrors["effect"] as? [String: Any])?["ratio"] is NSNull)
    let threshold = try #require(metrics.first { $0["name"] as? String == "xds-rejects" })
    #expect(threshold["test"] as? String == "threshold")
    #expect(threshold["baseline"] is NSNull)
  }

  @Test func valuesArePairs() throws {
    let text = try JSONReport.render(try ReportSamples.rollback())
    let metric = try #require((try object(text)["metrics"] as? [[String: Any]])?.first)
    let canary = try #require((metric["values"] as? [String: Any])?["canary"] as? [[Double]])
    #expect(canary.count == 12)
    #expect(canary.allSatisfy { $0.count == 2 })
    #expect(canary.first?.first == Double(ReportSamples.canaryStart))
    #expect(text.contains("1714557660,"))
  }

  @Test(arguments: [Double.nan, .infinity, -.infinity])
  func nonFiniteNumbersThrow(value: Double) throws {
    var report = try ReportSamples.rollback()
    report.metrics[2].effect.ratio = value
    #expect(throws: JSONReport.Failure.nonFiniteNumber(path: "metrics[2].effect.ratio")) {
      try JSONReport.render(report)
    }
    report = try ReportSamples.rollback()
    report.metrics[0].values.canary[3].value = value
    #expect(throws: JSONReport.Failure.nonFiniteNumber(path: "metrics[0].values.canary[3][1]")) {
      try JSONReport.render(report)
    }
  }

  @Test func extremeNumbersSurvive() throws {
    var report = try ReportSamples.rollback()
    report.metrics[0].pValue = .leastNonzeroMagnitude
    report.metrics[0].statistic = 1.7976931348623157e308
    report.metrics[0].effect.estimate = -1e-300
    #expect(try JSONReport.decode(JSONReport.render(report)) == report)
  }

  @Test func unreadableTextThrows() throws {
    #expect(throws: JSONReport.Failure.self) { try JSONReport.decode("not json") }
    var report = try ReportSamples.promote()
    report.schemaVersion = 2
    #expect(throws: JSONReport.Failure.unsupportedSchema(version: 2)) {
      try JSONReport.decode(try JSONReport.render(report))
    }
    let missing = try JSONReport.render(report).replacingOccurrences(
      of: "\"verdict\"", with: "\"v\"")
    #expect {
      try JSONReport.decode(missing)
    } throws: { error in
      (error as? JSONReport.Failure)?.description.contains("missing key \"verdict\"") == true
    }
  }

  @Test(arguments: ReportSample.allCases)
  func sameReportSameBytes(sample: ReportSample) throws {
    let report = try sample.report()
    #expect(try JSONReport.render(report) == JSONReport.render(report))
  }

  private func object(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }
}
