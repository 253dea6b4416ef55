import Testing

@testable import Statistics

struct PoissonRateReference: Decodable, CustomTestStringConvertible, Sendable {
  let x1: Int
  let n1: Double
  let x0: Int
  let n0: Double
  let nullRatio: Double
  let confidence: Double
  let alternative: String
  let pvalue: Double
  let share: Double
  let ratioKind: String
  let ratio: Double?
  let low: Double
  let highOrInfinity: Double?
  var testDescription: String {
    "\(x1)/\(n1) vs \(x0)/\(n0) R0=\(nullRatio) \(alternative) \(confidence)"
  }
}

struct NonInferiorityReference: Decodable, CustomTestStringConvertible, Sendable {
  let x1: Int
  let n1: Double
  let x0: Int
  let n0: Double
  let ratioMargin: Double
  let differenceMargin: Double
  let ratioPvalue: Double?
  let ratioUpperOrInfinity: Double?
  let differenceStatistic: Double
  let differencePvalue: Double
  var testDescription: String { "\(x1)/\(n1) vs \(x0)/\(n0) margin \(ratioMargin)" }
}

@Suite struct PoissonRateRatioTests {
  static func cases() throws -> [PoissonRateReference] {
    try ReferenceData.cases("poisson_rate.json", as: PoissonRateReference.self)
  }

  static func nonInferiorityCases() throws -> [NonInferiorityReference] {
    try ReferenceData.cases("non_inferiority.json", as: NonInferiorityReference.self)
  }

  @Test func referenceFilesHaveTheirCases() throws {
    #expect(try Self.cases().count == 146)
    #expect(try Self.nonInferiorityCases().count == 40)
  }

  /// p-value to relative 1e-9 (1e-6 below 1e-12) of statsmodels `test_poisson_2indep(
  /// method="exact-cond")` (= SciPy `binomtest`); π₀ and the ratio to 1e-14; interval ends to
  /// relative 1e-9 of the Clopper-Pearson beta quantiles (SciPy `betaincinv`) mapped to R.
  @Test(arguments: try cases())
  func matchesStatsmodels(_ c: PoissonRateReference) throws {
    let alternative = try #require(Alternative(rawValue: c.alternative))
    let result = try PoissonRateRatio.test(
      canaryEvents: c.x1, canaryExposure: c.n1, baselineEvents: c.x0, baselineExposure: c.n0,
      nullRatio: c.nullRatio, alternative: alternative, confidence: c.confidence)
    #expect(pValueClose(result.pValue, c.pvalue), "p \(result.pValue) vs \(c.pvalue)")
    #expect(isClose(result.nullShare, c.share, relative: 1e-14))
    switch c.ratioKind {
    case "infinite": #expect(result.ratio == .infinity)
    default: #expect(isClose(try #require(result.ratio), try #require(c.ratio), relative: 1e-14))
    }
    #expect(isClose(result.interval.low, c.low, relative: 1e-9), "low \(result.interval.low)")
    #expect(
      isClose(result.interval.high, c.highOrInfinity ?? .infinity, relative: 1e-9),
      "high \(result.interval.high)")
    #expect(result.interval.confidence == c.confidence)
  }

  /// VERDICT.md §4: 5 errors in 10,000 canary requests against 0 in 100,000 baseline
  /// requests. p = (1/11)⁵ exactly (any alternative but `less`); the two-sided 95% interval
  /// starts at 10·0.025^(1/5)/(1 − 0.025^(1/5)) = 9.1636, the one-sided 95% lower bound at
  /// 10·0.05^(1/5)/(1 − 0.05^(1/5)) = 12.187.
  @Test func zeroBaselineIsExact() throws {
    func run(_ alternative: Alternative) throws -> PoissonRateRatio.Result {
      try PoissonRateRatio.test(
        canaryEvents: 5, canaryExposure: 10_000, baselineEvents: 0, baselineExposure: 100_000,
        alternative: alternative)
    }
    let expectedP = 1.0 / 161_051
    let greater = try run(.greater)
    #expect(isClose(greater.pValue, expectedP, relative: 1e-13))
    #expect(isClose(greater.pValue, 6.2092e-6, relative: 1e-4))
    #expect(greater.ratio == .infinity)
    let oneSidedRoot = LibM.pow(0.05, 0.2)
    #expect(isClose(greater.interval.low, 10 * oneSidedRoot / (1 - oneSidedRoot), relative: 1e-12))
    #expect(isClose(greater.interval.low, 12.187, relative: 1e-4))
    #expect(greater.interval.high == .infinity)
    let twoSided = try run(.twoSided)
    #expect(isClose(twoSided.pValue, expectedP, relative: 1e-13))
    let twoSidedRoot = LibM.pow(0.025, 0.2)
    #expect(
      isClose(twoSided.interval.low, 10 * twoSidedRoot / (1 - twoSidedRoot), relative: 1e-12))
    #expect(isClose(twoSided.interval.low, 9.1636, relative: 1e-4))
    #expect(try run(.less).pValue == 1)
  }

  @Test func noEventsCarryNoInformation() throws {
    let result = try PoissonRateRatio.test(
      canaryEvents: 0, canaryExposure: 100, baselineEvents: 0, baselineExposure: 300)
    #expect(result.pValue == 1)
    #expect(result.ratio == nil)
    #expect(result.interval.low == 0)
    #expect(result.interval.high == .infinity)
  }

  @Test func invalidArgumentsThrow() {
    #expect(throws: StatisticsError.self) {
      try PoissonRateRatio.test(
        canaryEvents: -1, canaryExposure: 1, baselineEvents: 0, baselineExposure: 1)
    }
    #expect(throws: StatisticsError.self) {
      try PoissonRateRatio.test(
        canaryEvents: 1, canaryExposure: 0, baselineEvents: 0, baselineExposure: 1)
    }
    #expect(throws: StatisticsError.self) {
      try PoissonRateRatio.test(
        canaryEvents: 1, canaryExposure: 1, baselineEvents: 0, baselineExposure: .nan)
    }
    #expect(throws: StatisticsError.self) {
      try PoissonRateRatio.test(
        canaryEvents: 1, canaryExposure: 1, baselineEvents: 0, baselineExposure: 1, nullRatio: 0)
    }
    #expect(throws: StatisticsError.self) {
      try PoissonRateRatio.test(
        canaryEvents: 1, canaryExposure: 1, baselineEvents: 0, baselineExposure: 1,
        confidence: 1)
    }
    #expect(throws: StatisticsError.self) {
      try PoissonNonInferiority.difference(
        canaryEvents: 1, canaryExposure: 1, baselineEvents: 0, baselineExposure: 1, margin: 0)
    }
  }

  /// Ratio form: p to the p-value tolerance of statsmodels `test_poisson_2indep(value=margin,
  /// method="exact-cond", alternative="smaller")` (the upper test of `tost_poisson_2indep`),
  /// the one-sided upper bound to 1e-9; M = 0 gives p = 1 (statsmodels has no answer).
  /// Difference form: z and p to relative 1e-9 of statsmodels' score test (`compare="diff"`).
  @Test(arguments: try nonInferiorityCases())
  func nonInferiorityMatchesStatsmodels(_ c: NonInferiorityReference) throws {
    let ratio = try PoissonNonInferiority.ratio(
      canaryEvents: c.x1, canaryExposure: c.n1, baselineEvents: c.x0, baselineExposure: c.n0,
      margin: c.ratioMargin)
    if let expected = c.ratioPvalue {
      #expect(pValueClose(ratio.pValue, expected), "p \(ratio.pValue) vs \(expected)")
      #expect(
        isClose(ratio.interval.high, c.ratioUpperOrInfinity ?? .infinity, relative: 1e-9))
      #expect(ratio.interval.low == 0)
    } else {
      #expect(ratio.pValue == 1)
    }
    let difference = try PoissonNonInferiority.difference(
      canaryEvents: c.x1, canaryExposure: c.n1, baselineEvents: c.x0, baselineExposure: c.n0,
      margin: c.differenceMargin)
    #expect(isClose(difference.statistic, c.differenceStatistic, relative: 1e-9, absolute: 1e-12))
    #expect(pValueClose(difference.pValue, c.differencePvalue), "p \(difference.pValue)")
  }
}
