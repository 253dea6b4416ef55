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
  static let all: [DistributionReference] =
    (try? ReferenceData.cases("distributions.json", as: DistributionReference.self)) ?? []
  static func of(_ name: String) -> [DistributionReference] { all.filter { $0.dist == name } }

  /// Normal cdf and sf to relative 1e-13 (absolute 1e-300 in the subnormal range), including
  /// sf(10) ≈ 7.6e-24.
  @Test(arguments: of("normal"))
  func normal(_ c: DistributionReference) throws {
    let x = try #require(c.x)
    #expect(isClose(Normal.cdf(x), try #require(c.cdf), relative: 1e-13, absolute: 1e-300))
    #expect(isClose(Normal.sf(x), try #require(c.sf), relative: 1e-13, absolute: 1e-300))
  }

  /// AS 241 quantile to relative 1e-14.
  @Test(arguments: of("normal-quantile"))
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
}
