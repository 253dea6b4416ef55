import Testing

@testable import Statistics

struct BucketMannWhitneyReference: Decodable, CustomTestStringConvertible, Sendable {
  let canary: [Int]
  let baseline: [Int]
  let u: Double
  let twoSided: Double
  let greater: Double
  let less: Double
  let effect: Double
  var testDescription: String { "\(canary.reduce(0, +)) vs \(baseline.reduce(0, +))" }
}

struct VanElterenReference: Decodable, CustomTestStringConvertible, Sendable {
  struct Stratum: Decodable, Sendable {
    let canary: [Int]
    let baseline: [Int]
  }
  let strata: [Stratum]
  let statistic: Double
  let twoSided: Double
  let greater: Double
  let less: Double
  var testDescription: String { "\(strata.count) strata" }
}

@Suite struct BucketMannWhitneyTests {
  static func cases() throws -> [BucketMannWhitneyReference] {
    try ReferenceData.cases("bucket_mann_whitney.json", as: BucketMannWhitneyReference.self)
  }

  static func vanElterenCases() throws -> [VanElterenReference] {
    try ReferenceData.cases("van_elteren.json", as: VanElterenReference.self)
  }

  @Test func referenceFilesHaveTheirCases() throws {
    #expect(try Self.cases().count == 70)
    #expect(try Self.vanElterenCases().count == 36)
  }

  /// U exactly (half-integers), the common-language effect to 1e-14 and every p-value to
  /// relative 1e-9 (1e-6 below 1e-12) of SciPy `mannwhitneyu(method="asymptotic")` on the
  /// expanded values.
  @Test(arguments: try cases())
  func matchesSciPyOnExpandedValues(_ c: BucketMannWhitneyReference) throws {
    let expected: [(Alternative, Double)] = [
      (.twoSided, c.twoSided), (.greater, c.greater), (.less, c.less),
    ]
    for (alternative, p) in expected {
      let result = try BucketMannWhitney.test(
        canary: c.canary, baseline: c.baseline, alternative: alternative)
      #expect(result.u == c.u)
      #expect(pValueClose(result.pValue, p), "\(alternative) p \(result.pValue) vs \(p)")
      #expect(isClose(result.probabilityOfSuperiority, c.effect, relative: 1e-14))
    }
  }

  /// On raw values the bucket form equals `MannWhitney` (asymptotic branch, 9+ per side).
  @Test func equalsMannWhitneyOnExpandedValues() throws {
    let canary = [0, 3, 5, 0, 2, 1]
    let baseline = [2, 4, 1, 3, 0, 0]
    func expand(_ counts: [Int]) -> [Double] {
      counts.enumerated().flatMap { Array(repeating: Double($0.offset), count: $0.element) }
    }
    for alternative in Alternative.allCases {
      let buckets = try BucketMannWhitney.test(
        canary: canary, baseline: baseline, alternative: alternative)
      let raw = try MannWhitney.test(expand(canary), expand(baseline), alternative: alternative)
      #expect(buckets.u == raw.statistic)
      #expect(isClose(buckets.pValue, raw.pValue, relative: 1e-14))
    }
  }

  @Test func invalidBuckets() {
    #expect(throws: StatisticsError.self) {
      try BucketMannWhitney.test(canary: [1, 2], baseline: [1])
    }
    #expect(throws: StatisticsError.self) {
      try BucketMannWhitney.test(canary: [1, -2], baseline: [1, 0])
    }
    #expect(throws: StatisticsError.self) {
      try BucketMannWhitney.test(canary: [0, 0], baseline: [1, 0])
    }
    #expect(throws: StatisticsError.self) { try VanElteren.test([]) }
    #expect(throws: StatisticsError.self) {
      try VanElteren.test([VanElteren.Stratum(canary: [0, 0], baseline: [1, -1])])
    }
  }

  /// Z to relative 1e-9 (absolute 1e-12) and p to the p-value tolerance of the van Elteren
  /// statistic built from `scipy.stats.rankdata` per stratum.
  @Test(arguments: try vanElterenCases())
  func vanElterenMatchesRankdata(_ c: VanElterenReference) throws {
    let strata = c.strata.map { VanElteren.Stratum(canary: $0.canary, baseline: $0.baseline) }
    let expected: [(Alternative, Double)] = [
      (.twoSided, c.twoSided), (.greater, c.greater), (.less, c.less),
    ]
    for (alternative, p) in expected {
      let result = try VanElteren.test(strata, alternative: alternative)
      #expect(isClose(result.statistic, c.statistic, relative: 1e-9, absolute: 1e-12))
      #expect(pValueClose(result.pValue, p), "\(alternative) p \(result.pValue) vs \(p)")
    }
  }
}
