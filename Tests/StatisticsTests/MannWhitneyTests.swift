import Testing

@testable import Statistics

struct MannWhitneyReference: Decodable, CustomTestStringConvertible, Sendable {
  let label: String
  let alternative: String
  let statistic: Double
  let pvalue: Double
  var testDescription: String { "\(label) \(alternative)" }
}

@Suite struct MannWhitneyTests {
  static func cases() throws -> [MannWhitneyReference] {
    try ReferenceData.cases("mann_whitney.json", as: MannWhitneyReference.self)
  }

  @Test func referenceFileIsComplete() throws {
    #expect(try Self.cases().count == 192)
    #expect(try ReferenceData.scipyVersion("mann_whitney.json").hasPrefix("1.17"))
  }

  /// U1 exactly; p-value to relative 1e-9 (1e-6 below 1e-12) of SciPy's `mannwhitneyu`.
  @Test(arguments: try cases())
  func matchesSciPy(_ reference: MannWhitneyReference) throws {
    let pair = try ReferenceData.pair(reference.label)
    let alternative = try #require(Alternative(rawValue: reference.alternative))
    let result = try MannWhitney.test(pair.x, pair.y, alternative: alternative)
    #expect(result.statistic == reference.statistic)
    #expect(
      pValueClose(result.pValue, reference.pvalue),
      "p \(result.pValue) vs SciPy \(reference.pvalue)")
  }

  @Test func rejectsEmptyAndNonFinite() {
    #expect(throws: StatisticsError.tooFewObservations(sample: "x", count: 0, needed: 1)) {
      try MannWhitney.test([], [1])
    }
    #expect(throws: StatisticsError.tooFewObservations(sample: "y", count: 0, needed: 1)) {
      try MannWhitney.test([1], [])
    }
    #expect(throws: StatisticsError.nonFiniteValue(sample: "x", index: 1)) {
      try MannWhitney.test([1, .nan], [1])
    }
    #expect(throws: StatisticsError.nonFiniteValue(sample: "y", index: 0)) {
      try MannWhitney.test([1], [.infinity])
    }
  }

  @Test func allTiedGivesPValueOne() throws {
    let result = try MannWhitney.test([5, 5, 5, 5, 5, 5, 5, 5, 5, 5], [5, 5, 5, 5, 5, 5, 5, 5, 5])
    #expect(result.statistic == 45)
    #expect(result.pValue == 1)
  }

  /// Swapping the samples mirrors U (U_xy + U_yx = n·m) and keeps the two-sided p-value;
  /// adding a constant to both samples changes nothing.
  @Test(arguments: 0..<40)
  func swapAndTranslationProperties(_ seed: Int) throws {
    var generator = SplitMix64(seed: UInt64(seed))
    let n = Int.random(in: 1...60, using: &generator)
    let m = Int.random(in: 1...60, using: &generator)
    let ties = seed % 2 == 0
    func draw() -> Double {
      ties
        ? Double(Int.random(in: 0...9, using: &generator))
        : Double(Int.random(in: -100_000...100_000, using: &generator)) / 64
    }
    let x = (0..<n).map { _ in draw() }
    let y = (0..<m).map { _ in draw() + 1 }
    let xy = try MannWhitney.test(x, y)
    let yx = try MannWhitney.test(y, x)
    #expect(xy.statistic + yx.statistic == Double(n * m))
    #expect(isClose(xy.pValue, yx.pValue, relative: 1e-12))
    let greater = try MannWhitney.test(x, y, alternative: .greater)
    let less = try MannWhitney.test(y, x, alternative: .less)
    #expect(isClose(greater.pValue, less.pValue, relative: 1e-12))
    let shift = 1024.0
    let moved = try MannWhitney.test(x.map { $0 + shift }, y.map { $0 + shift })
    #expect(moved == xy)
  }

  @Test func largeSamplesUseFewResources() throws {
    // 200,000 against 200,000 values (no wall-clock assertion; the benchmark reports time).
    var generator = SplitMix64(seed: 7)
    let x = (0..<200_000).map { _ in Double.random(in: 0..<1, using: &generator) }
    let y = (0..<200_000).map { _ in Double.random(in: 0..<1, using: &generator) + 0.001 }
    let result = try MannWhitney.test(x, y)
    #expect(result.pValue > 0 && result.pValue < 1)
  }
}
