import Testing

@testable import Statistics

struct BinomialReference: Decodable, CustomTestStringConvertible, Sendable {
  let kind: String
  let k: Int?
  let n: Int?
  let p: Double?
  let pmf: Double?
  let cdf: Double?
  let sf: Double?
  let twoSided: Double?
  let greater: Double?
  let less: Double?
  let confidence: Double?
  let alternative: String?
  let low: Double?
  let lowComplement: Double?
  let high: Double?
  let highComplement: Double?
  let a: Double?
  let b: Double?
  let q: Double?
  let quantile: Double?
  let isf: Double?
  enum CodingKeys: String, CodingKey {
    case kind, k, n, p, pmf, cdf, sf, greater, less, confidence, alternative, low
    case lowComplement, high, highComplement, a, b, q, quantile, isf
    case twoSided = "two-sided"
  }
  var testDescription: String {
    "\(kind) k=\(k.map(String.init) ?? "-") n=\(n.map(String.init) ?? "-") "
      + "a=\(a.map { "\($0)" } ?? "-") b=\(b.map { "\($0)" } ?? "-") q=\(q.map { "\($0)" } ?? "-")"
  }
}

@Suite struct BinomialTests {
  static func of(_ kind: String) throws -> [BinomialReference] {
    try ReferenceData.cases("binomial.json", as: BinomialReference.self).filter { $0.kind == kind }
  }

  @Test func referenceFileHasItsCases() throws {
    #expect(try ReferenceData.cases("binomial.json", as: BinomialReference.self).count == 268)
    #expect(try Self.of("binomial").count == 64)
    #expect(try Self.of("clopper-pearson").count == 126)
    #expect(try Self.of("beta-quantile").count == 78)
  }

  /// pmf, cdf and sf to relative 1e-11 (pmf 1e-10: its log form loses ~n·ε for n = 200,000) of
  /// SciPy `stats.binom`; the three `binomtest` p-values to the p-value tolerance.
  @Test(arguments: try of("binomial"))
  func distributionAndTest(_ c: BinomialReference) throws {
    let (k, n, p) = (try #require(c.k), try #require(c.n), try #require(c.p))
    let pmf = try Binomial.pmf(k, trials: n, probability: p)
    #expect(isClose(pmf, try #require(c.pmf), relative: 1e-10, absolute: 1e-300), "pmf \(pmf)")
    let cdf = try Binomial.cdf(k, trials: n, probability: p)
    #expect(isClose(cdf, try #require(c.cdf), relative: 1e-11, absolute: 1e-300), "cdf \(cdf)")
    let sf = try Binomial.sf(k, trials: n, probability: p)
    #expect(isClose(sf, try #require(c.sf), relative: 1e-11, absolute: 1e-300), "sf \(sf)")
    let expected: [(Alternative, Double?)] = [
      (.twoSided, c.twoSided), (.greater, c.greater), (.less, c.less),
    ]
    for (alternative, value) in expected {
      let reference = try #require(value)
      let actual = try Binomial.test(
        successes: k, trials: n, probability: p, alternative: alternative)
      #expect(pValueClose(actual, reference), "\(alternative) p \(actual) vs \(reference)")
    }
  }

  /// Ends and their complements to relative 1e-12 (absolute 1e-300) of SciPy's beta
  /// quantiles, 1e-10 for n = 10⁶ (the incomplete beta's continued fraction loses ~1e-11 at
  /// b = 10⁶, and the root inherits it); the script checks them against
  /// `proportion_ci(method="exact")`.
  @Test(arguments: try of("clopper-pearson"))
  func clopperPearson(_ c: BinomialReference) throws {
    let name = try #require(c.alternative)
    let alternative = try #require(Alternative(rawValue: name))
    let (low, high) = try ClopperPearson.interval(
      successes: try #require(c.k), trials: try #require(c.n),
      confidence: try #require(c.confidence), alternative: alternative)
    let pairs: [(Double, Double?)] = [
      (low.value, c.low), (low.complement, c.lowComplement), (high.value, c.high),
      (high.complement, c.highComplement),
    ]
    let tolerance = try #require(c.n) >= 1_000_000 ? 1e-10 : 1e-12
    for (actual, expected) in pairs {
      let value = try #require(expected)
      #expect(
        isClose(actual, value, relative: tolerance, absolute: 1e-300), "\(actual) vs \(value)")
    }
  }

  /// Beta quantile and inverse survival to relative 1e-12 of SciPy `betaincinv`/`betainccinv`,
  /// down to q = 1e-300.
  @Test(arguments: try of("beta-quantile"))
  func betaQuantile(_ c: BinomialReference) throws {
    let (a, b, q) = (try #require(c.a), try #require(c.b), try #require(c.q))
    let quantile = try Beta.quantile(a: a, b: b, p: q)
    let isf = try Beta.inverseSurvival(a: a, b: b, q: q)
    #expect(isClose(quantile, try #require(c.quantile), relative: 1e-12, absolute: 1e-300))
    #expect(isClose(isf, try #require(c.isf), relative: 1e-12, absolute: 1e-300))
  }

  @Test func invalidArgumentsThrow() {
    #expect(throws: StatisticsError.self) { try Binomial.pmf(1, trials: -1, probability: 0.5) }
    #expect(throws: StatisticsError.self) { try Binomial.cdf(1, trials: 3, probability: .nan) }
    #expect(throws: StatisticsError.self) {
      try Binomial.test(successes: 4, trials: 3, probability: 0.5)
    }
    #expect(throws: StatisticsError.self) { try ClopperPearson.interval(successes: 0, trials: 0) }
    #expect(throws: StatisticsError.self) { try Beta.quantile(a: 0, b: 1, p: 0.5) }
    #expect(throws: StatisticsError.self) { try Beta.inverseSurvival(a: 1, b: 1, q: 1.5) }
  }
}
