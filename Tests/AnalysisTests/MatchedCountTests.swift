import MetricModel
import Testing

@testable import Analysis

/// The count path of the matched judge on hand-made strata: a side without errors goes to the
/// exact conditional test, whose numbers VERDICT.md §4 gives (5 errors in 10,000 canary
/// requests against 0 in 100,000: p = (1/11)^5 = 6.2e-6, two-sided 95% interval from 9.16).
@Suite struct MatchedCountTests {
  static func judge(
    canary: (Double, Double), baseline: (Double, Double), horizon: Horizon = .fixed,
    absolute: Double = 0
  ) throws -> MatchedJudge.Outcome {
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
    metric.allowedAbsoluteIncrease = absolute
    metric.critical = true
    let plan = UnitPlan(
      design: .concurrent, compared: [.init(unit: "shop/cart", before: ends, after: ends)],
      controls: [], missing: nil)
    return MatchedJudge(
      metric: metric, plan: plan, baseline: steps(baseline), canary: steps(canary), alpha: 0.05,
      step: 60_000, warmup: 0, horizon: horizon
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

  @Test func noCanaryErrorsCannotYetExcludeADoublingSoTheVerdictWaits() throws {
    let outcome = try Self.judge(
      canary: (0, 20_000), baseline: (12, 200_000), absolute: 0.0001)
    let check = try #require(outcome.tolerance)
    #expect(!check.inside)
    #expect(check.allowed == 1.5)
    let bound = try #require(check.bound)
    #expect(abs(bound - (outcome.judgement.effect.ciHigh ?? 0)) < 1e-12)
    // Ten minutes carried the 20,000 requests: the bound falls as exposure grows.
    let more = try #require(check.moreMinutes)
    #expect(more > 0)
    // The nearer allowance: ×1.5, or the +0.01 points at the baseline's 0.006%.
    let target = max(1.5, 1 + 0.0001 / (12.0 / 200_000))
    #expect(abs(more - (bound / target - 1) * 10) < 1e-9)
    #expect(check.missing.contains("more minute"))
    let result = MetricResult(
      name: "error-rate", kind: .ratio, test: outcome.test, direction: .increase,
      critical: true, classification: outcome.judgement.classification,
      reason: outcome.judgement.reason, baseline: nil, canary: nil, statistic: nil,
      pValue: outcome.judgement.pValue, effect: outcome.judgement.effect,
      values: .init(baseline: [], canary: []))
    var tolerated = result
    tolerated.tolerance = check
    var configuration = AnalysisConfiguration()
    var specification = MetricSpecification(
      name: "error-rate",
      query: .ratio(
        numerator: try Selector(parsing: "errors"), denominator: try Selector(parsing: "requests")))
    specification.critical = true
    configuration.metrics = [specification]
    #expect(
      Scorecard(configuration: configuration, results: [result]).decision().verdict == .promote)
    let waiting = Scorecard(configuration: configuration, results: [tolerated]).decision()
    #expect(waiting.verdict == .inconclusive)
    #expect(waiting.reasons.first?.contains("cannot yet exclude") == true)
  }

  @Test func anytimeCountsUseTheMixtureSequence() throws {
    let fixed = try Self.judge(canary: (5, 10_000), baseline: (0, 100_000))
    let anytime = try Self.judge(canary: (5, 10_000), baseline: (0, 100_000), horizon: .anytime)
    #expect(anytime.test == .poissonExact)
    let low = try #require(anytime.judgement.effect.ciLow)
    // A sequence valid at every look is wider than the one-look interval.
    #expect(low < (fixed.judgement.effect.ciLow ?? 0))
    let check = try #require(anytime.tolerance)
    #expect(check.horizon == .anytime)
    #expect(check.threshold == 20)
    let e = try #require(check.eValue)
    // Rollback exactly when the sequence's lower end clears the allowance.
    #expect((e >= 20) == (low > 1.5))
  }
}
