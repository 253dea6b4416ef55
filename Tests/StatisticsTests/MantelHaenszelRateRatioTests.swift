import Testing

@testable import Statistics

struct MantelHaenszelRateReference: Decodable, CustomTestStringConvertible, Sendable {
  let strata: [[Double]]
  let nullRatio: Double
  let confidence: Double
  let alternative: String
  let ratio: Double
  let se: Double
  let statistic: Double
  let pvalue: Double
  let low: Double
  let highOrInfinity: Double?
  var testDescription: String { "\(strata.count) strata R0=\(nullRatio) \(alternative)" }
}

struct DispersionReference: Decodable, CustomTestStringConvertible, Sendable {
  struct Widened: Decodable, Sendable {
    let strata: [[Double]]
    let se: Double
    let statistic: Double
    let pvalue: Double
    let low: Double
    let high: Double
  }
  let counts: [Int]
  let exposures: [Double]
  let chiSquare: Double
  let df: Int
  let ratio: Double
  let phi: Double
  let widened: Widened?
  var testDescription: String { "\(counts.count) strata, \(counts.reduce(0, +)) events" }
}

/// `[a, T1, b, T0]` rows of the reference files as strata.
func rateStrata(_ rows: [[Double]]) throws -> [RateStratum] {
  try rows.map { row in
    try #require(row.count == 4)
    return RateStratum(
      canaryEvents: Int(row[0]), canaryExposure: row[1], baselineEvents: Int(row[2]),
      baselineExposure: row[3])
  }
}

@Suite struct MantelHaenszelRateRatioTests {
  static func cases() throws -> [MantelHaenszelRateReference] {
    try ReferenceData.cases("mh_rate.json", as: MantelHaenszelRateReference.self)
  }

  static func dispersionCases() throws -> [DispersionReference] {
    try ReferenceData.cases("dispersion.json", as: DispersionReference.self)
  }

  @Test func referenceFilesHaveTheirCases() throws {
    #expect(try Self.cases().count == 64)
    #expect(try Self.dispersionCases().count == 32)
    #expect(try Self.dispersionCases().filter { $0.widened != nil }.count == 31)
  }

  /// RR, SE, z, p and the interval against the Greenland-Robins formulas in NumPy, relative
  /// 1e-9 (p to the p-value tolerance). The script also checks RR against a Poisson GLM.
  @Test(arguments: try cases())
  func matchesFormula(_ c: MantelHaenszelRateReference) throws {
    let alternative = try #require(Alternative(rawValue: c.alternative))
    let result = try MantelHaenszelRateRatio.estimate(
      try rateStrata(c.strata), nullRatio: c.nullRatio, alternative: alternative,
      confidence: c.confidence)
    #expect(isClose(result.ratio, c.ratio, relative: 1e-9))
    #expect(isClose(result.standardErrorOfLog, c.se, relative: 1e-9))
    #expect(isClose(result.statistic, c.statistic, relative: 1e-9, absolute: 1e-12))
    #expect(pValueClose(result.pValue, c.pvalue), "p \(result.pValue) vs \(c.pvalue)")
    #expect(isClose(result.interval.low, c.low, relative: 1e-9))
    #expect(isClose(result.interval.high, c.highOrInfinity ?? .infinity, relative: 1e-9))
  }

  /// Pearson X², df, X²/df and φ to relative 1e-9 of NumPy (checked in the script against
  /// statsmodels GLM `pearson_chi2 / df_resid`); the φ-widened MH interval to 1e-9.
  @Test(arguments: try dispersionCases())
  func dispersionMatchesReference(_ c: DispersionReference) throws {
    let estimate = try Dispersion.pearson(counts: c.counts, exposures: c.exposures)
    #expect(isClose(estimate.chiSquare, c.chiSquare, relative: 1e-9, absolute: 1e-12))
    #expect(estimate.degreesOfFreedom == c.df)
    #expect(isClose(estimate.ratio, c.ratio, relative: 1e-9, absolute: 1e-12))
    #expect(isClose(estimate.phi, c.phi, relative: 1e-9))
    guard let widened = c.widened else { return }
    let plain = try MantelHaenszelRateRatio.estimate(try rateStrata(widened.strata))
    let result = try plain.widened(by: estimate.phi)
    #expect(result.dispersion == estimate.phi)
    #expect(isClose(result.standardErrorOfLog, widened.se, relative: 1e-9))
    #expect(isClose(result.statistic, widened.statistic, relative: 1e-9, absolute: 1e-12))
    #expect(pValueClose(result.pValue, widened.pvalue))
    #expect(isClose(result.interval.low, widened.low, relative: 1e-9))
    #expect(isClose(result.interval.high, widened.high, relative: 1e-9))
  }

  @Test func degenerateInputs() throws {
    #expect(throws: StatisticsError.self) { try MantelHaenszelRateRatio.estimate([]) }
    let noBaselineEvents = [
      RateStratum(canaryEvents: 3, canaryExposure: 10, baselineEvents: 0, baselineExposure: 10)
    ]
    #expect(throws: StatisticsError.self) {
      try MantelHaenszelRateRatio.estimate(noBaselineEvents)
    }
    let fine = [
      RateStratum(canaryEvents: 3, canaryExposure: 10, baselineEvents: 2, baselineExposure: 10)
    ]
    #expect(throws: StatisticsError.self) {
      try MantelHaenszelRateRatio.estimate(fine).widened(by: 0)
    }
    #expect(throws: StatisticsError.self) {
      try Dispersion.pearson(counts: [1], exposures: [1])
    }
    #expect(throws: StatisticsError.self) {
      try Dispersion.pearson(counts: [1, 2], exposures: [1])
    }
    let none = try Dispersion.pearson(counts: [0, 0, 0], exposures: [1, 2, 3])
    #expect(none.chiSquare == 0)
    #expect(none.phi == 1)
  }
}
