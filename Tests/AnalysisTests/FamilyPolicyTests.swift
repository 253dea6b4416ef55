import Testing

@testable import Analysis

@Suite struct FamilyPolicyTests {
  static func result(
    _ name: String, _ classification: Classification, p: Double, critical: Bool = false
  )
    -> MetricResult
  {
    MetricResult(
      name: name, kind: .gauge, test: .mannWhitney, direction: .increase, critical: critical,
      classification: classification, reason: "r", baseline: nil, canary: nil, statistic: nil,
      pValue: p, effect: .none, values: .init(baseline: [], canary: []))
  }

  @Test func holmPassesAFailureThatDoesNotSurviveTheFamily() {
    // Holm: 0.03 is the smallest of two, adjusted 0.06 >= 0.05.
    let results = FamilyPolicy.apply(
      [Self.result("a", .high, p: 0.03), Self.result("b", .pass, p: 0.5)], alpha: 0.05)
    #expect(results[0].classification == .pass)
    #expect(results[0].reason.contains("adjusted p=0.060"))
    #expect(results[1].classification == .pass)
  }

  @Test func strongFailuresAndCriticalMetricsStay() {
    let results = FamilyPolicy.apply(
      [
        Self.result("a", .high, p: 0.001), Self.result("b", .pass, p: 0.5),
        Self.result("c", .high, p: 0.04, critical: true),
      ], alpha: 0.05)
    #expect(results[0].classification == .high)
    #expect(results[2].classification == .high)
  }
}
