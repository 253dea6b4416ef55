import Testing

@testable import Statistics

struct CochranMantelHaenszelReference: Decodable, CustomTestStringConvertible, Sendable {
  let tables: [[[Int]]]
  let correction: Bool
  let confidence: Double
  let statistic: Double
  let pvalue: Double
  let oddsRatio: Double?
  let se: Double?
  let low: Double?
  let high: Double?
  var testDescription: String { "\(tables.count) tables correction=\(correction)" }
}

@Suite struct CochranMantelHaenszelTests {
  static func cases() throws -> [CochranMantelHaenszelReference] {
    try ReferenceData.cases("cmh.json", as: CochranMantelHaenszelReference.self)
  }

  @Test func referenceFileHasItsCases() throws {
    let cases = try Self.cases()
    #expect(cases.count == 64)
    #expect(cases.filter { $0.oddsRatio == nil }.count == 6)
  }

  /// Statistic, pooled odds ratio, its SE and interval to relative 1e-9 of statsmodels
  /// `StratifiedTable` (`test_null_odds`, `oddsratio_pooled`, `logodds_pooled_se`,
  /// `oddsratio_pooled_confint`); p to the p-value tolerance of `chi2.sf` of that statistic.
  @Test(arguments: try cases())
  func matchesStatsmodels(_ c: CochranMantelHaenszelReference) throws {
    let tables = try c.tables.map { t in
      try #require(t.count == 2 && t[0].count == 2 && t[1].count == 2)
      return Table2x2(a: t[0][0], b: t[0][1], c: t[1][0], d: t[1][1])
    }
    let result = try CochranMantelHaenszel.test(
      tables, continuityCorrection: c.correction, confidence: c.confidence)
    #expect(isClose(result.statistic, c.statistic, relative: 1e-9, absolute: 1e-13))
    #expect(pValueClose(result.pValue, c.pvalue), "p \(result.pValue) vs \(c.pvalue)")
    if let oddsRatio = c.oddsRatio {
      #expect(isClose(try #require(result.oddsRatio), oddsRatio, relative: 1e-9))
      #expect(isClose(try #require(result.standardErrorOfLog), try #require(c.se), relative: 1e-9))
      let interval = try #require(result.interval)
      #expect(isClose(interval.low, try #require(c.low), relative: 1e-9))
      #expect(isClose(interval.high, try #require(c.high), relative: 1e-9))
    } else {
      #expect(result.oddsRatio == nil)
      #expect(result.interval == nil)
    }
  }

  @Test func degenerateInputs() {
    #expect(throws: StatisticsError.self) { try CochranMantelHaenszel.test([]) }
    #expect(throws: StatisticsError.self) {
      try CochranMantelHaenszel.test([Table2x2(a: -1, b: 2, c: 3, d: 4)])
    }
    #expect(throws: StatisticsError.self) {
      try CochranMantelHaenszel.test([Table2x2(a: 0, b: 0, c: 3, d: 4)])
    }
  }
}
