import Foundation
import MetricModel
import Statistics
import Testing

@testable import Analysis

/// The matched judge's combining statistics against SciPy/NumPy values from
/// `make_matched_reference.py` (relative tolerance 1e-9, p-values 1e-8 relative).
@Suite struct MatchedReferenceTests {
  struct UnitCase: Decodable {
    var moved: [Double]
    var controls: [Double]
    var estimate: Double
    var se: Double
    var df: Double
    var t: Double
    var p: Double
    var low: Double
    var high: Double
  }

  struct RandomEffectsCase: Decodable {
    var moved: [[Double]]
    var controls: [[Double]]
    var logRatio: Double
    var se: Double
    var tau2: Double
    var widening: Double
    var low: Double
    var high: Double
    var p: Double
  }

  struct File: Decodable {
    var unit_difference: [UnitCase]
    var random_effects: [RandomEffectsCase]
  }

  static func load() throws -> File {
    let folder = try #require(Bundle.module.url(forResource: "Reference", withExtension: nil))
    let data = try Data(contentsOf: folder.appendingPathComponent("matched.json"))
    return try JSONDecoder().decode(File.self, from: data)
  }

  static func close(_ actual: Double, _ expected: Double, _ tolerance: Double = 1e-9) -> Bool {
    abs(actual - expected) <= tolerance * max(1, abs(expected))
  }

  @Test func unitDifferenceMatchesSciPy() throws {
    let cases = try Self.load().unit_difference
    #expect(cases.count == 60)
    for (index, entry) in cases.enumerated() {
      let result = try LogRatioEstimate.unitDifference(
        moved: entry.moved, controls: entry.controls, alpha: 0.05)
      #expect(Self.close(result.estimate, entry.estimate), "case \(index) estimate")
      #expect(Self.close(result.standardError, entry.se), "case \(index) se")
      #expect(Self.close(result.degreesOfFreedom ?? .nan, entry.df), "case \(index) df")
      #expect(Self.close(result.statistic, entry.t), "case \(index) t")
      #expect(Self.close(result.pValue, entry.p, 1e-8), "case \(index) p")
      #expect(Self.close(result.low, entry.low), "case \(index) low")
      #expect(Self.close(result.high, entry.high), "case \(index) high")
    }
  }

  /// The count combination (random-effects means, τ² from the controls, DiD) against
  /// statsmodels `combine_effects` and NumPy: estimate, SE, τ², widening, interval, p.
  @Test func countCombinationMatchesStatsmodels() throws {
    let cases = try Self.load().random_effects
    #expect(cases.count == 40)
    func strata(_ rows: [[Double]]) -> [RateStratum] {
      rows.map {
        RateStratum(
          canaryEvents: Int($0[0]), canaryExposure: $0[1], baselineEvents: Int($0[2]),
          baselineExposure: $0[3])
      }
    }
    for (index, entry) in cases.enumerated() {
      let result = try #require(
        try MatchedJudge.combinedRatio(
          moved: strata(entry.moved), controls: strata(entry.controls), alpha: 0.05,
          horizon: .fixed))
      let e = result.estimate
      #expect(Self.close(e.estimate, entry.logRatio, 1e-9), "case \(index) estimate")
      #expect(Self.close(e.standardError, entry.se), "case \(index) se")
      #expect(Self.close(result.tau2, entry.tau2, 1e-9), "case \(index) tau2")
      #expect(Self.close(result.widening, entry.widening), "case \(index) widening")
      #expect(Self.close(e.low, entry.low), "case \(index) low")
      #expect(Self.close(e.high, entry.high), "case \(index) high")
      #expect(Self.close(e.pValue, entry.p, 1e-8), "case \(index) p")
    }
  }

  @Test func tooFewUnitsThrow() {
    #expect(throws: StatisticsError.self) {
      _ = try LogRatioEstimate.unitDifference(moved: [0.1], controls: [0.2], alpha: 0.05)
    }
  }

  @Test(arguments: [
    ("cart-7d9f8b6c5-x2x4z", "cart"), ("node-agent-x2x4z", "node-agent"), ("db-0", "db-0"),
    ("checkout-v2-5b8c9d7f6-ab12c", "checkout-v2"), ("solo", "solo"),
  ])
  func podOwner(pod: String, owner: String) {
    #expect(UnitRule.owner(ofPod: pod) == owner)
  }

  @Test func istioUnits() {
    let destination = LabelSetFixture.make([
      "reporter": "destination", "destination_workload": "cart",
      "destination_workload_namespace": "shop", "namespace": "shop", "pod": "cart-7d9f8b6c5-x2x4z",
    ])
    #expect(UnitRule.istio.unit(of: destination) == "shop/cart")
    let gauge = LabelSetFixture.make(["namespace": "shop", "pod": "cart-7d9f8b6c5-x2x4z"])
    #expect(UnitRule.istio.unit(of: gauge) == "shop/cart")
    let istiod = LabelSetFixture.make([
      "app": "istiod", "namespace": "istio-system", "pod": "istiod-5c9d8b7f6-q2w3e",
    ])
    #expect(UnitRule.istio.unit(of: istiod) == nil)
    #expect(UnitRule.labels(["namespace"]).unit(of: gauge) == "shop")
  }
}

/// Label sets for tests.
enum LabelSetFixture {
  static func make(_ labels: [String: String]) -> LabelSet { LabelSet(labels) }
}
