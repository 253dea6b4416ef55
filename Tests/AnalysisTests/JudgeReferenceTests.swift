import Foundation
import MetricModel
import Testing

@testable import Analysis

/// SciPy's verdict on per-step values, from `make_reference.py`.
struct GaugeCase: Decodable, Sendable, CustomTestStringConvertible {
  var name: String
  var baseline: [Double]
  var canary: [Double]
  var statistic: Double
  var pValue: Double
  var estimate: Double
  var ratio: Double
  var testDescription: String { name }

  static let all: [GaugeCase] = {
    struct File: Decodable { var cases: [GaugeCase] }
    guard
      let folder = Bundle.module.url(forResource: "Reference", withExtension: nil),
      let data = try? Data(contentsOf: folder.appendingPathComponent("gauge_judge.json")),
      let file = try? JSONDecoder().decode(File.self, from: data)
    else { return [] }
    return file.cases
  }()
}

@Suite struct JudgeReferenceTests {
  @Test func referenceFileLoads() {
    #expect(GaugeCase.all.count == 4)
  }

  /// A gauge with one sample per step in the middle of each step: avg_over_time gives exactly
  /// the reference values, and the report's numbers must equal SciPy's to a relative 1e-9.
  @Test(arguments: GaugeCase.all)
  func reportMatchesSciPy(_ reference: GaugeCase) throws {
    var data = MemoryMetricData()
    let step: Int64 = 60_000
    let start: Int64 = 1_800_000_000_000
    for (revision, values) in [("stable", reference.baseline), ("canary", reference.canary)] {
      data.add(
        revision: revision, metric: "memory",
        points: values.enumerated().map {
          (start + Int64($0.offset + 1) * step - 30_000, $0.element)
        })
    }
    var config = AnalysisConfiguration()
    config.minIntervals = 5
    config.metrics = [
      MetricSpecification(
        name: "memory", query: .gauge(query: try Selector(parsing: "memory"), aggregate: .avg))
    ]
    let length = Int64(max(reference.baseline.count, reference.canary.count)) * step
    let request = AnalysisRequest(
      baseline: "stable", canary: "canary",
      canaryWindow: try TimeWindow(from: start, to: start + length),
      configuration: config)
    let report = try Analyzer.analyze(request, data: data, createdAt: 0)
    let result = try #require(report.metrics.first)
    #expect(result.values.baseline.map(\.value) == reference.baseline)
    #expect(result.values.canary.map(\.value) == reference.canary)
    let statistic = try #require(result.statistic)
    let pValue = try #require(result.pValue)
    let estimate = try #require(result.effect.estimate)
    let ratio = try #require(result.effect.ratio)
    #expect(abs(statistic - reference.statistic) <= 1e-9 * abs(reference.statistic))
    #expect(abs(pValue - reference.pValue) <= 1e-9 * reference.pValue)
    #expect(abs(estimate - reference.estimate) <= 1e-9 * max(1, abs(reference.estimate)))
    #expect(abs(ratio - reference.ratio) <= 1e-12)
  }
}
