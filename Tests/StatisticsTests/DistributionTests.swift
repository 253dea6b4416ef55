import Testing

@testable import Statistics

struct DistributionReference: Decodable, CustomTestStringConvertible, Sendable {
  let dist: String
  let x: Double?
  let p: Double?
  let df: Double?
  let a: Double?
  let b: Double?
  let cdf: Double?
  let sf: Double?
  let quantile: Double?
  let isf: Double?
  let value: Double?
  let complement: Double?
  let lower: Double?
  let upper: Double?
  let N: Int?
  let K: Int?
  let n: Int?
  let k: Int?
  let pmf: Double?
  var testDescription: String {
    "\(dist) x=\(x.map(String.init(describing:)) ?? "-") p=\(p.map(String.init(describing:)) ?? "-")"
      + " df=\(df.map(String.init(describing:)) ?? "-")"
  }
}

@Suite struct DistributionTests {
  static func all() throws -> [DistributionReference] {
    try ReferenceData.cases("distributions.json", as: DistributionReference.self)
  }
  static func of(_ name: String) throws -> [DistributionReference] {
    try all().filter { $0.dist == name }
  }

  /// A renamed field or a lost kind fails here instead of running zero cases.
  @Test func referenceFileHasItsCases() throws {
    #expect(try Self.all().count == 474)
    let counts: [(String, Int)] = [
      ("normal", 27), ("normal-quantile", 18), ("t", 108), ("t-quantile", 81), ("chi2", 60),
      ("beta", 81), ("gamma", 63), ("hypergeom", 36),
    ]
    for (name, count) in counts { #expect(try Self.of(name).count == count, "\(name)") }
  }

  /// Normal cdf and sf to relative 1e-13 (absolute 1e-300 in the subnormal range), including
  /// sf(10) ≈ 7.6e-24.
  @Test(arguments: try of("normal"))
  func normal(_ c: DistributionReference) throws {
    let x = try #require(c.x)
    #expect(isClose(Normal.cdf(x), try #require(c.cdf), relative: 1e-13, absolute: 1e-300))
    #expect(isClose(Normal.sf(x), try #require(c.sf), relative: 1e-13, absolute: 1e-300))
  }

  /// AS 241 quantile to relative 1e-14.
  @Test(arguments: try of("normal-quantile"))
  func normalQuantile(_ c: DistributionReference) throws {
    let p = try #require(c.p)
    #expect(isClose(try Normal.quantile(p), try #require(c.quantile), relative: 1e-14))
    #expect(isClose(try Normal.inverseSurvival(p), try #require(c.isf), relative: 1e-14))
  }

  @Test func normalFarTail() throws {
    #expect(isClose(Normal.sf(10), 7.619853024160527e-24, relative: 1e-13))
    #expect(2 * Normal.sf(10) > 1.5e-23)
    #expect(try Normal.quantile(0) == -.infinity)
    #expect(try Normal.quantile(1) == .infinity)
    #expect(throws: StatisticsError.self) { try Normal.quantile(-0.1) }
  }

  /// Student t CDF and survival to relative 1e-11 (SciPy `stats.t`).
  @Test(arguments: try of("t"))
  func studentT(_ c: DistributionReference) throws {
    let x = try #require(c.x)
    let df = try #require(c.df)
    let cdf = try StudentT.cdf(x, degreesOfFreedom: df)
    let sf = try StudentT.sf(x, degreesOfFreedom: df)
    #expect(isClose(cdf, try #require(c.cdf), relative: 1e-11, absolute: 1e-300), "cdf \(cdf)")
    #expect(isClose(sf, try #require(c.sf), relative: 1e-11, absolute: 1e-300), "sf \(sf)")
  }

  /// Student t quantile to relative 1e-10 (SciPy `stats.t.ppf`).
  @Test(arguments: try of("t-quantile"))
  func studentTQuantile(_ c: DistributionReference) throws {
    let q = try StudentT.quantile(try #require(c.p), degreesOfFreedom: try #require(c.df))
    #expect(isClose(q, try #require(c.quantile), relative: 1e-10), "\(q)")
  }

  /// Chi-square CDF and survival to relative 1e-11 (SciPy `stats.chi2`).
  @Test(arguments: try of("chi2"))
  func chiSquare(_ c: DistributionReference) throws {
    let x = try #require(c.x)
    let df = try #require(c.df)
    let cdf = try ChiSquare.cdf(x, degreesOfFreedom: df)
    let sf = try ChiSquare.sf(x, degreesOfFreedom: df)
    #expect(isClose(cdf, try #require(c.cdf), relative: 1e-11, absolute: 1e-300), "cdf \(cdf)")
    #expect(isClose(sf, try #require(c.sf), relative: 1e-11, absolute: 1e-300), "sf \(sf)")
  }

  /// Regularized incomplete beta and its complement to relative 1e-11 (SciPy `betainc`).
  @Test(arguments: try of("beta"))
  func incompleteBeta(_ c: DistributionReference) throws {
    let (a, b, x) = (try #require(c.a), try #require(c.b), try #require(c.x))
    let value = try Beta.regularizedIncomplete(a: a, b: b, x: x)
    let complement = try Beta.regularizedIncompleteComplement(a: a, b: b, x: x)
    #expect(isClose(value, try #require(c.value), relative: 1e-11, absolute: 1e-300), "\(value)")
    #expect(
      isClose(complement, try #require(c.complement), relative: 1e-11, absolute: 1e-300),
      "\(complement)")
  }

  /// Regularized incomplete gamma P and Q to relative 1e-11 (a ≤ 100) or 1e-10 (a = 1000).
  @Test(arguments: try of("gamma"))
  func incompleteGamma(_ c: DistributionReference) throws {
    let (a, x) = (try #require(c.a), try #require(c.x))
    let tolerance = a > 100 ? 1e-10 : 1e-11
    let lower = try Gamma.regularizedLower(a: a, x: x)
    let upper = try Gamma.regularizedUpper(a: a, x: x)
    #expect(isClose(lower, try #require(c.lower), relative: tolerance, absolute: 1e-300))
    #expect(isClose(upper, try #require(c.upper), relative: tolerance, absolute: 1e-300))
  }

  /// Hypergeometric pmf, cdf and sf to relative 1e-11 (SciPy `stats.hypergeom`).
  @Test(arguments: try of("hypergeom"))
  func hypergeometric(_ c: DistributionReference) throws {
    let (k, population, successes, draws) = (
      try #require(c.k), try #require(c.N), try #require(c.K), try #require(c.n)
    )
    let pmf = try Hypergeometric.pmf(
      k, population: population, successes: successes, draws: draws)
    let cdf = try Hypergeometric.cdf(
      k, population: population, successes: successes, draws: draws)
    let sf = try Hypergeometric.sf(k, population: population, successes: successes, draws: draws)
    #expect(isClose(pmf, try #require(c.pmf), relative: 1e-11, absolute: 1e-300), "pmf \(pmf)")
    #expect(isClose(cdf, try #require(c.cdf), relative: 1e-11, absolute: 1e-300), "cdf \(cdf)")
    #expect(isClose(sf, try #require(c.sf), relative: 1e-11, absolute: 1e-300), "sf \(sf)")
  }

  @Test func invalidArgumentsThrow() {
    #expect(throws: StatisticsError.self) { try StudentT.cdf(1, degreesOfFreedom: 0) }
    #expect(throws: StatisticsError.self) { try StudentT.cdf(.nan, degreesOfFreedom: 3) }
    #expect(throws: StatisticsError.self) { try ChiSquare.cdf(1, degreesOfFreedom: -1) }
    #expect(throws: StatisticsError.self) { try Beta.regularizedIncomplete(a: 1, b: 1, x: 2) }
    #expect(throws: StatisticsError.self) { try Gamma.regularizedLower(a: 0, x: 1) }
    #expect(throws: StatisticsError.self) {
      try Hypergeometric.pmf(1, population: 5, successes: 6, draws: 2)
    }
  }
}
