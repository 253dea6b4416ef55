import Testing

@testable import Statistics

struct StratifiedExactReference: Decodable, CustomTestStringConvertible, Sendable {
  let strata: [[Double]]
  let nullRatio: Double
  let confidence: Double
  let alternative: String
  let pvalue: Double
  let low: Double
  let highOrInfinity: Double?
  var testDescription: String { "\(strata.count) strata R0=\(nullRatio) \(alternative)" }
}

@Suite struct StratifiedExactRateTestTests {
  static func cases() throws -> [StratifiedExactReference] {
    try ReferenceData.cases("stratified_exact.json", as: StratifiedExactReference.self)
  }

  @Test func referenceFileHasItsCases() throws {
    let cases = try Self.cases()
    #expect(cases.count == 54)
    #expect(cases.filter { $0.strata.count == 1 }.count >= 5)
  }

  /// p to the p-value tolerance of the explicit convolution of `scipy.stats.binom.pmf`
  /// (single strata: `binomtest`); interval ends to relative 1e-9 of `brentq` roots.
  @Test(arguments: try cases())
  func matchesConvolution(_ c: StratifiedExactReference) throws {
    let alternative = try #require(Alternative(rawValue: c.alternative))
    let result = try StratifiedExactRateTest.test(
      try rateStrata(c.strata), nullRatio: c.nullRatio, alternative: alternative,
      confidence: c.confidence)
    #expect(pValueClose(result.pValue, c.pvalue), "p \(result.pValue) vs \(c.pvalue)")
    #expect(isClose(result.interval.low, c.low, relative: 1e-9), "low \(result.interval.low)")
    #expect(
      isClose(result.interval.high, c.highOrInfinity ?? .infinity, relative: 1e-9),
      "high \(result.interval.high)")
  }

  /// One stratum is the conditional binomial test of `PoissonRateRatio`, interval included.
  @Test func oneStratumIsThePoissonRateTest() throws {
    for alternative in Alternative.allCases {
      let stratified = try StratifiedExactRateTest.test(
        [
          RateStratum(
            canaryEvents: 7, canaryExposure: 900, baselineEvents: 3, baselineExposure: 1200)
        ],
        nullRatio: 1.3, alternative: alternative)
      let single = try PoissonRateRatio.test(
        canaryEvents: 7, canaryExposure: 900, baselineEvents: 3, baselineExposure: 1200,
        nullRatio: 1.3, alternative: alternative)
      #expect(isClose(stratified.pValue, single.pValue, relative: 1e-12))
      #expect(isClose(stratified.interval.low, single.interval.low, relative: 1e-9))
      #expect(isClose(stratified.interval.high, single.interval.high, relative: 1e-9))
    }
  }

  @Test func noEventsAndInvalidInput() throws {
    let empty = try StratifiedExactRateTest.test([
      RateStratum(canaryEvents: 0, canaryExposure: 5, baselineEvents: 0, baselineExposure: 5)
    ])
    #expect(empty.pValue == 1)
    #expect(empty.interval.low == 0)
    #expect(empty.interval.high == .infinity)
    #expect(throws: StatisticsError.self) { try StratifiedExactRateTest.test([]) }
    #expect(throws: StatisticsError.self) {
      try StratifiedExactRateTest.test([
        RateStratum(canaryEvents: 1, canaryExposure: -5, baselineEvents: 0, baselineExposure: 5)
      ])
    }
  }
}
