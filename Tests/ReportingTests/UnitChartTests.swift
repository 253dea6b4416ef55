import Analysis
import Foundation
import Testing

@testable import Reporting

/// The HTML report's per-workload chart: a dot per workload with a ratio, compared ones
/// filled, controls hollow, lines at no change and at the allowance, words for the colours.
@Suite struct UnitChartTests {
  static func metric(units json: String) throws -> MetricResult {
    var metric = ReportSamples.compared(
      "latency-p99", kind: .quantile, classification: .pass, reason: "r", baseline: [1, 2],
      canary: [1, 2], statistic: 0, pValue: 1,
      effect: .init(estimate: 1, ciLow: 0.9, ciHigh: 1.1, ratio: 1))
    metric.units = try JSONDecoder().decode([UnitResult].self, from: Data(json.utf8))
    return metric
  }

  static let units = """
    [{"unit": "shop/cart", "role": "compared", "baseline": 10, "canary": 13, "ratio": 1.3},
     {"unit": "shop/web", "role": "compared", "baseline": 10, "canary": 9, "ratio": 0.9},
     {"unit": "media/query", "role": "control", "baseline": 4, "canary": 4.4, "ratio": 1.1},
     {"unit": "media/none", "role": "control", "baseline": 0, "canary": 1, "ratio": null}]
    """

  @Test func drawsEveryWorkloadWithARatio() throws {
    let svg = try #require(UnitChart.svg(try Self.metric(units: Self.units), allowed: 1.1))
    #expect(svg.components(separatedBy: "<circle").count - 1 == 3)
    #expect(svg.components(separatedBy: "fill=\"#E69F00\"").count - 1 == 2)
    #expect(svg.components(separatedBy: "stroke=\"#0072B2\"").count - 1 == 1)
    #expect(svg.contains(">no change</text>"))
    #expect(svg.contains(">allowed +10%</text>"))
    #expect(svg.contains("shop/cart (compared): +30%"))
    #expect(svg.contains("media/query (stayed): +10%"))
    #expect(!svg.contains("media/none"))
    #expect(svg.contains("hollow blue ring"))
  }

  @Test func needsTwoWorkloads() throws {
    let one = """
      [{"unit": "shop/cart", "role": "compared", "baseline": 10, "canary": 13, "ratio": 1.3}]
      """
    #expect(UnitChart.svg(try Self.metric(units: one), allowed: 1.1) == nil)
  }
}
