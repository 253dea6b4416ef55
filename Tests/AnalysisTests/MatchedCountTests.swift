import MetricModel
import Testing

@testable import Analysis

/// The count path of the matched judge on hand-made strata: a side without errors goes to the
/// exact conditional test, whose numbers VERDICT.md §4 gives (5 errors in 10,000 canary
/// requests against 0 in 100,000: p = (1/11)^5 = 6.2e-6, two-sided 95% interval from 9.16).
@Suite struct MatchedCountTests {
  static func judge(canary: (Double, Double), baseline: (Double, Double)) throws
    -> MatchedJudge.Outcome
  {
    let ends: [Int64] = (1...10).map { Int64($0) * 60_000 }
    func steps(_ totals: (Double, Double)) -> UnitSteps {
      var steps = UnitSteps()
      // Spread the totals over ten steps; the judge adds them back up.
      steps.units["shop/cart"] = Dictionary(
        uniqueKeysWithValues: ends.map {
          ($0, UnitSteps.Observation(numerator: totals.0 / 10, denominator: totals.1 / 10))
        })
      return steps
    }
    var metric = MetricSpecification(
      name: "error-rate",
      query: .ratio(
        numerator: try Selector(parsing: "errors"), denominator: try Selector(parsing: "requests")))
    metric.allowedIncrease = 1.5
    let plan = UnitPlan(
      design: .concurrent, compared: [.init(unit: "shop/cart", before: ends, after: ends)],
      controls: [], missing: nil)
    return MatchedJudge(
      metric: metric, plan: plan, baseline: steps(baseline), canary: steps(canary), alpha: 0.05,
      step: 60_000, warmup: 0
    ).judge()
  }

  @Test func errorsAgainstAZeroBaselineAreTestedExactly() throws {
    let outcome = try Self.judge(canary: (5, 10_000), baseline: (0, 100_000))
    #expect(outcome.test == .poissonExact)
    #expect(outcome.judgement.classification == .high)
    let p = try #require(outcome.judgement.pValue)
    #expect(abs(p - 1 / 161_051) < 1e-12)
    let low = try #require(outcome.judgement.effect.ciLow)
    #expect(abs(low - 9.1636) < 1e-3)
    #expect(outcome.evidence.canaryEvents == 5)
    #expect(outcome.evidence.baselineExposure == 100_000)
  }

  @Test func noCanaryErrorsIsNotARegression() throws {
    let outcome = try Self.judge(canary: (0, 20_000), baseline: (12, 200_000))
    #expect(outcome.test == .poissonExact)
    #expect(outcome.judgement.classification == .pass)
    // The interval's upper end cannot exclude a doubling: reported, not hidden.
    let high = try #require(outcome.judgement.effect.ciHigh)
    #expect(high > 2)
  }
}
