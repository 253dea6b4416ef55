import MetricModel
import Testing

@testable import Analysis

@Suite struct ScorecardTests {
  /// A gauge query; the judge and the scorecard never read its selector.
  static let gauge = MetricQuery.gauge(query: Selector(metric: "m", matchers: []), aggregate: .avg)

  /// A configuration of `count` plain metrics m0, m1, ... with the given tweaks.
  static func configuration(
    _ count: Int, tweak: (inout MetricSpecification, Int) -> Void = { _, _ in }
  ) -> AnalysisConfiguration {
    var config = AnalysisConfiguration()
    config.metrics = (0..<count).map { index in
      var metric = MetricSpecification(name: "m\(index)", query: Self.gauge)
      tweak(&metric, index)
      return metric
    }
    return config
  }

  static func results(_ classifications: [Classification]) -> [MetricResult] {
    classifications.enumerated().map { index, classification in
      MetricResult(
        name: "m\(index)", kind: .gauge, test: .mannWhitney, direction: .increase,
        critical: false, classification: classification, reason: "r\(index)", baseline: nil,
        canary: nil, statistic: nil, pValue: nil, effect: .none,
        values: .init(baseline: [], canary: []))
    }
  }

  static func decide(_ config: AnalysisConfiguration, _ classes: [Classification])
    -> Scorecard.Decision
  {
    Scorecard(configuration: config, results: results(classes)).decision()
  }

  @Test func allPassingPromotes() {
    let decision = Self.decide(Self.configuration(3), [.pass, .pass, .pass])
    #expect(decision.verdict == .promote)
    #expect(decision.score == 100)
  }

  @Test func scoreBetweenThresholdsIsInconclusive() {
    // 9 of 10 pass: 90, between marginal 75 and pass 95.
    let decision = Self.decide(Self.configuration(10), [.high] + Array(repeating: .pass, count: 9))
    #expect(decision.verdict == .inconclusive)
    #expect(decision.score == 90)
  }

  @Test func scoreBelowMarginalRollsBack() {
    let decision = Self.decide(Self.configuration(4), [.high, .low, .pass, .pass])
    #expect(decision.verdict == .rollback)
    #expect(decision.score == 50)
  }

  @Test func nodataIsLeftOutOfTheScore() {
    let decision = Self.decide(Self.configuration(3), [.nodata, .pass, .pass])
    #expect(decision.verdict == .promote)
    #expect(decision.score == 100)
    let none = Self.decide(Self.configuration(2), [.nodata, .nodata])
    #expect(none.verdict == .inconclusive)
    #expect(none.score == nil)
  }

  @Test func failingCriticalMetricRollsBackWhateverTheScore() {
    let config = Self.configuration(20) { metric, index in metric.critical = index == 0 }
    let decision = Self.decide(config, [.high] + Array(repeating: .pass, count: 19))
    #expect(decision.score == 95)
    #expect(decision.verdict == .rollback)
    #expect(decision.reasons.first?.hasPrefix("critical metric m0 failed") == true)
  }

  @Test func failingThresholdRollsBack() {
    let config = Self.configuration(20) { metric, index in
      if index == 0 { metric.check = .threshold(Threshold(max: 0)) }
    }
    let decision = Self.decide(config, [.high] + Array(repeating: .pass, count: 19))
    #expect(decision.verdict == .rollback)
    #expect(decision.reasons.first?.hasPrefix("threshold m0 failed") == true)
  }

  @Test func criticalMetricWithoutDataIsInconclusive() {
    let config = Self.configuration(3) { metric, index in metric.critical = index == 0 }
    let decision = Self.decide(config, [.nodata, .pass, .pass])
    #expect(decision.verdict == .inconclusive)
    #expect(decision.score == 100)
  }

  @Test func theVerdictComparesTheExactScore() {
    // 94.96 shows as 95.0 but does not reach the pass threshold of 95.
    let config = Self.configuration(2) { metric, index in
      metric.weight = index == 0 ? 94.96 : 5.04
    }
    let decision = Self.decide(config, [.pass, .high])
    #expect(decision.score == 95.0)
    #expect(decision.verdict == .inconclusive)
  }

  @Test func groupsShareTheirWeightAsKayentaScores() {
    // Group "latency" (weight 3): 1 of 2 pass → 50; group "errors" (weight 1): 1 of 1 → 100.
    // Weighted: (3 × 50 + 1 × 100) / 4 = 62.5.
    let config = Self.configuration(3) { metric, index in
      metric.group = index < 2 ? "latency" : "errors"
      metric.weight = index < 2 ? 3 : 1
    }
    let decision = Self.decide(config, [.high, .pass, .pass])
    #expect(decision.score == 62.5)
    #expect(decision.verdict == .rollback)
  }
}

@Suite struct JudgeTests {
  let judge = Judge(alpha: 0.05, minIntervals: 5)

  static func metric(
    direction: Direction = .increase, allowedIncrease: Double = 1.0,
    test: StatisticalTest = .mannWhitney
  ) -> MetricSpecification {
    var metric = MetricSpecification(name: "m", query: ScorecardTests.gauge)
    metric.direction = direction
    metric.allowedIncrease = allowedIncrease
    metric.check = .test(test)
    return metric
  }

  static let low = (1...20).map(Double.init)
  static let high = (1...20).map { Double($0) + 30 }

  @Test(arguments: StatisticalTest.allCases)
  func significantIncreaseIsHigh(test: StatisticalTest) {
    let result = judge.judge(Self.metric(test: test), baseline: Self.low, canary: Self.high)
    #expect(result.classification == .high)
  }

  @Test func increaseWithinTheAllowanceOrHarmlessPasses() {
    let tolerant = judge.judge(
      Self.metric(allowedIncrease: 10), baseline: Self.low, canary: Self.high)
    #expect(tolerant.classification == .pass)
    #expect(tolerant.reason.contains("within the allowed"))
    let harmless = judge.judge(
      Self.metric(direction: .decrease), baseline: Self.low, canary: Self.high)
    #expect(harmless.classification == .pass)
    #expect(harmless.reason.contains("harmless"))
    let either = judge.judge(Self.metric(direction: .either), baseline: Self.high, canary: Self.low)
    #expect(either.classification == .low)
  }

  @Test func tooFewValuesIsNodata() {
    let result = judge.judge(Self.metric(), baseline: [1, 2, 3], canary: Self.high)
    #expect(result.classification == .nodata)
  }

  @Test func baselineMeanZeroLetsSignificanceDecide() {
    let zeros = Array(repeating: 0.0, count: 20)
    let result = judge.judge(Self.metric(allowedIncrease: 5), baseline: zeros, canary: Self.high)
    #expect(result.effect.ratio == nil)
    #expect(result.classification == .high)
  }

  @Test func identicalConstantsPassWithEveryTest() {
    let ones = Array(repeating: 1.0, count: 20)
    for test in StatisticalTest.allCases {
      let result = judge.judge(Self.metric(test: test), baseline: ones, canary: ones)
      #expect(result.classification == .pass, "\(test)")
    }
  }

  @Test func thresholdChecksTheCanaryAlone() {
    var metric = Self.metric()
    metric.check = .threshold(Threshold(max: 0))
    let zeros = Array(repeating: 0.0, count: 20)
    #expect(judge.judge(metric, baseline: [], canary: zeros).classification == .pass)
    let broken = judge.judge(metric, baseline: [], canary: zeros + [0.5])
    #expect(broken.classification == .high)
    #expect(broken.reason.contains("1 of 21 steps"))
    #expect(judge.judge(metric, baseline: [], canary: []).classification == .nodata)
  }
}
