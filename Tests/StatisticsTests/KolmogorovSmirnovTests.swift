import Testing

@testable import Statistics

struct KolmogorovSmirnovReference: Decodable, CustomTestStringConvertible, Sendable {
  let label: String
  let alternative: String?
  let statistic: Double?
  let pvalue: Double?
  let x: [Double]?
  let y: [Double]?
  let n: Int?
  let d: Double?
  let sf: Double?
  var testDescription: String {
    if let n, let d { return "kstwo n=\(n) d=\(d)" }
    return "\(label) \(alternative ?? "")"
  }
}

@Suite struct KolmogorovSmirnovTests {
  static func all() throws -> [KolmogorovSmirnovReference] {
    try ReferenceData.cases("kolmogorov_smirnov.json", as: KolmogorovSmirnovReference.self)
  }

  @Test func referenceFileHasItsCases() throws {
    let all = try Self.all()
    #expect(all.count == 285)
    #expect(all.filter { $0.label == "kstwo" }.count == 90)
  }

  /// D exactly; p-value to the issue's tolerance (relative 1e-9; 1e-6 below 1e-12) of SciPy's
  /// `ks_2samp(x, y, alternative=...)`.
  @Test(arguments: try all().filter { $0.label != "kstwo" })
  func matchesSciPy(_ reference: KolmogorovSmirnovReference) throws {
    let x: [Double]
    let y: [Double]
    if let ownX = reference.x, let ownY = reference.y {
      (x, y) = (ownX, ownY)
    } else {
      let pair = try ReferenceData.pair(reference.label)
      (x, y) = (pair.x, pair.y)
    }
    let name = try #require(reference.alternative)
    let alternative = try #require(Alternative(rawValue: name))
    let result = try KolmogorovSmirnov.test(x, y, alternative: alternative)
    #expect(result.statistic == reference.statistic)
    let expected = try #require(reference.pvalue)
    #expect(pValueClose(result.pValue, expected), "p \(result.pValue) vs SciPy \(expected)")
  }

  /// The finite-n Kolmogorov distribution against SciPy `kstwo.sf` (relative 1e-9, or 1e-6
  /// below 1e-12).
  @Test(arguments: try all().filter { $0.label == "kstwo" })
  func kolmogorovDistribution(_ reference: KolmogorovSmirnovReference) throws {
    let n = try #require(reference.n)
    let d = try #require(reference.d)
    let expected = try #require(reference.sf)
    let actual = KolmogorovDistribution.sf(d, n: n)
    #expect(pValueClose(actual, expected), "sf \(actual) vs SciPy \(expected)")
  }

  @Test func rejectsEmptyAndNonFinite() {
    #expect(throws: StatisticsError.self) { try KolmogorovSmirnov.test([], [1]) }
    #expect(throws: StatisticsError.self) { try KolmogorovSmirnov.test([1], [.nan]) }
  }
}
