import Testing

@testable import Statistics

struct WelchBrunnerReference: Decodable, CustomTestStringConvertible, Sendable {
  struct Outcome: Decodable, Sendable {
    let statistic: Double?
    let pvalue: Double?
    let df: Double?
    let error: Bool?
  }
  let label: String
  let welch: Outcome
  let brunnerMunzel: Outcome
  var testDescription: String { label }
}

@Suite struct TwoSampleTests {
  static func cases() throws -> [WelchBrunnerReference] {
    try ReferenceData.cases("welch_brunner.json", as: WelchBrunnerReference.self)
  }

  @Test func referenceFileHasItsCases() throws {
    #expect(try Self.cases().count == 64)
  }

  /// Welch t: statistic and df to relative 1e-11, p-value to the issue's tolerance.
  /// SciPy NaN cases must throw.
  @Test(arguments: try cases())
  func welch(_ reference: WelchBrunnerReference) throws {
    let pair = try ReferenceData.pair(reference.label)
    if reference.welch.error == true {
      #expect(throws: StatisticsError.self) { try WelchT.test(pair.x, pair.y) }
      return
    }
    let result = try WelchT.test(pair.x, pair.y)
    #expect(isClose(result.statistic, try #require(reference.welch.statistic), relative: 1e-11))
    #expect(isClose(result.degreesOfFreedom, try #require(reference.welch.df), relative: 1e-11))
    #expect(
      pValueClose(result.pValue, try #require(reference.welch.pvalue)),
      "p \(result.pValue) vs \(reference.welch.pvalue ?? .nan)")
  }

  /// Brunner-Munzel W to relative 1e-11, p-value to the issue's tolerance.
  @Test(arguments: try cases())
  func brunnerMunzel(_ reference: WelchBrunnerReference) throws {
    let pair = try ReferenceData.pair(reference.label)
    let expected = reference.brunnerMunzel
    if expected.error == true {
      #expect(throws: StatisticsError.self) { try BrunnerMunzel.test(pair.x, pair.y) }
      return
    }
    let result = try BrunnerMunzel.test(pair.x, pair.y)
    #expect(isClose(result.statistic, try #require(expected.statistic), relative: 1e-11))
    #expect(
      pValueClose(result.pValue, try #require(expected.pvalue)),
      "p \(result.pValue) vs \(expected.pvalue ?? .nan)")
  }

  @Test func welchDegenerateInputs() throws {
    #expect(throws: StatisticsError.tooFewObservations(sample: "x", count: 1, needed: 2)) {
      try WelchT.test([1], [1, 2])
    }
    #expect(throws: StatisticsError.undefined(reason: "both samples have zero variance")) {
      try WelchT.test([1, 1], [2, 2])
    }
    let huge = try WelchT.test([1e300, 2e300, 3e300], [4e300, 5e300, 7e300])
    let small = try WelchT.test([1, 2, 3], [4, 5, 7])
    #expect(isClose(huge.statistic, small.statistic, relative: 1e-14))
    #expect(throws: StatisticsError.self) { try BrunnerMunzel.test([1, .infinity], [1, 2]) }
  }
}

struct FisherProportionReference: Decodable, CustomTestStringConvertible, Sendable {
  let kind: String
  let table: [[Int]]?
  let alternative: String?
  let oddsRatio: Double?
  let pvalue: Double
  let k1: Int?
  let n1: Int?
  let k2: Int?
  let n2: Int?
  let confidence: Double?
  let statistic: Double?
  let difference: Double?
  let low: Double?
  let high: Double?
  var testDescription: String {
    if let table { return "\(table) \(alternative ?? "")" }
    return "\(k1 ?? 0)/\(n1 ?? 0) vs \(k2 ?? 0)/\(n2 ?? 0) at \(confidence ?? 0)"
  }
}

@Suite struct CountTests {
  static func cases() throws -> [FisherProportionReference] {
    try ReferenceData.cases("fisher_proportions.json", as: FisherProportionReference.self)
  }

  @Test func referenceFileHasItsCases() throws {
    let cases = try Self.cases()
    #expect(cases.count == 160)
    #expect(cases.filter { $0.kind == "fisher" }.count == 120)
    #expect(cases.filter { $0.kind == "proportions" }.count == 40)
  }

  /// Fisher: p-value to the issue's tolerance; odds ratio exactly as SciPy's (NaN ↔ nil).
  @Test(arguments: try cases().filter { $0.kind == "fisher" })
  func fisher(_ reference: FisherProportionReference) throws {
    let t = try #require(reference.table)
    let name = try #require(reference.alternative)
    let alternative = try #require(Alternative(rawValue: name))
    let result = try FisherExact.test(
      a: t[0][0], b: t[0][1], c: t[1][0], d: t[1][1], alternative: alternative)
    #expect(pValueClose(result.pValue, reference.pvalue), "p \(result.pValue)")
    if let oddsRatio = reference.oddsRatio {
      #expect(result.oddsRatio == oddsRatio)
    } else if t[0][0] + t[0][1] == 0 || t[1][0] + t[1][1] == 0 || t[0][0] + t[1][0] == 0
      || t[0][1] + t[1][1] == 0
    {
      #expect(result.oddsRatio == nil)
    } else {
      #expect(result.oddsRatio == .infinity)
    }
  }

  /// Two-proportion z-test and Newcombe interval to relative 1e-12 (absolute 1e-14).
  @Test(arguments: try cases().filter { $0.kind == "proportions" })
  func proportions(_ reference: FisherProportionReference) throws {
    let result = try TwoProportion.test(
      successes1: try #require(reference.k1), trials1: try #require(reference.n1),
      successes2: try #require(reference.k2), trials2: try #require(reference.n2),
      confidence: try #require(reference.confidence))
    #expect(isClose(result.statistic, try #require(reference.statistic), relative: 1e-12))
    #expect(pValueClose(result.pValue, reference.pvalue))
    #expect(isClose(result.difference, try #require(reference.difference), relative: 1e-15))
    let low = try #require(reference.low)
    let high = try #require(reference.high)
    #expect(isClose(result.interval.low, low, relative: 1e-12, absolute: 1e-14))
    #expect(isClose(result.interval.high, high, relative: 1e-12, absolute: 1e-14))
  }

  @Test func invalidCountsThrow() {
    #expect(throws: StatisticsError.self) { try FisherExact.test(a: -1, b: 0, c: 0, d: 0) }
    #expect(throws: StatisticsError.self) {
      try TwoProportion.test(successes1: 3, trials1: 2, successes2: 0, trials2: 1)
    }
    #expect(throws: StatisticsError.self) {
      try TwoProportion.test(successes1: 0, trials1: 0, successes2: 0, trials2: 1)
    }
  }
}

struct AdjustmentReference: Decodable, CustomTestStringConvertible, Sendable {
  let p: [Double]
  let bonferroni: [Double]
  let holm: [Double]
  let bh: [Double]
  var testDescription: String { "\(p.count) p-values" }
}

@Suite struct AdjustmentTests {
  static func cases() throws -> [AdjustmentReference] {
    try ReferenceData.cases("adjustments.json", as: AdjustmentReference.self)
  }

  @Test func referenceFileHasItsCases() throws {
    #expect(try Self.cases().count == 17)
  }

  /// Bonferroni, Holm and SciPy's `false_discovery_control(method="bh")` to relative 1e-14.
  @Test(arguments: try cases())
  func matchesReference(_ reference: AdjustmentReference) throws {
    let pairs: [([Double], [Double])] = [
      (try PValueAdjustment.bonferroni(reference.p), reference.bonferroni),
      (try PValueAdjustment.holm(reference.p), reference.holm),
      (try PValueAdjustment.benjaminiHochberg(reference.p), reference.bh),
    ]
    for (actual, expected) in pairs {
      #expect(actual.count == expected.count)
      for (a, e) in zip(actual, expected) {
        #expect(isClose(a, e, relative: 1e-14), "\(a) vs \(e)")
      }
    }
  }

  @Test func emptyAndInvalid() throws {
    #expect(try PValueAdjustment.holm([]) == [])
    #expect(throws: StatisticsError.self) { try PValueAdjustment.benjaminiHochberg([0.1, .nan]) }
    #expect(throws: StatisticsError.self) { try PValueAdjustment.bonferroni([1.5]) }
  }
}
