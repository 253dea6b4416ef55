import Testing

@testable import Statistics

struct RandomEffectsReference: Decodable, CustomTestStringConvertible, Sendable {
  let kind: String
  let effects: [Double]?
  let variances: [Double]?
  let tau2: Double?
  let q: Double?
  let fixed: Double?
  let fixedSE: Double?
  let estimate: Double?
  let se: Double?
  let stratum: [Double]?
  let effect: Double?
  let variance: Double?
  var testDescription: String { "\(kind) k=\(effects?.count ?? 1)" }
}

@Suite struct RandomEffectsTests {
  static func cases() throws -> [RandomEffectsReference] {
    try ReferenceData.cases("random_effects.json", as: RandomEffectsReference.self)
  }

  @Test func referenceFileHasItsCases() throws {
    let cases = try Self.cases()
    #expect(cases.count == 220)
    #expect(cases.filter { $0.kind == "dl" }.count == 100)
    #expect(cases.filter { $0.kind == "given" }.count == 60)
    #expect(cases.filter { $0.kind == "stratum" }.count == 60)
  }

  /// τ², Q and both means to relative 1e-9 of statsmodels `combine_effects(method_re="dl")`
  /// (absolute 1e-12 where τ² is 0 or a mean near 0); with τ² given, the NumPy formula.
  @Test(arguments: try cases().filter { $0.kind != "stratum" })
  func combinedMatchesStatsmodels(_ c: RandomEffectsReference) throws {
    let effects = try #require(c.effects)
    let variances = try #require(c.variances)
    let result =
      c.kind == "dl"
      ? try RandomEffects.derSimonianLaird(effects: effects, variances: variances)
      : try RandomEffects.combine(
        effects: effects, variances: variances, tau2: try #require(c.tau2))
    let pairs: [(String, Double, Double?)] = [
      ("tau2", result.tau2, c.tau2), ("q", result.q, c.q), ("fixed", result.fixedEstimate, c.fixed),
      ("fixedSE", result.fixedStandardError, c.fixedSE), ("estimate", result.estimate, c.estimate),
      ("se", result.standardError, c.se),
    ]
    for (name, actual, expected) in pairs {
      let expected = try #require(expected)
      #expect(
        isClose(actual, expected, relative: 1e-9, absolute: 1e-12),
        "\(name) \(actual) vs \(expected)")
    }
    #expect(result.degreesOfFreedom == effects.count - 1)
  }

  /// Haldane-corrected log rate ratios to relative 1e-12 of NumPy; nil without events.
  @Test(arguments: try cases().filter { $0.kind == "stratum" })
  func strataMatchNumPy(_ c: RandomEffectsReference) throws {
    let s = try #require(c.stratum)
    let stratum = RateStratum(
      canaryEvents: Int(s[0]), canaryExposure: s[1], baselineEvents: Int(s[2]),
      baselineExposure: s[3])
    let result = try RandomEffects.logRateRatio(stratum)
    guard let expected = c.effect, let variance = c.variance else {
      #expect(result == nil)
      return
    }
    let actual = try #require(result)
    #expect(isClose(actual.effect, expected, relative: 1e-12, absolute: 1e-14))
    #expect(isClose(actual.variance, variance, relative: 1e-12))
  }

  @Test func invalidInputThrows() {
    #expect(throws: StatisticsError.self) {
      try RandomEffects.derSimonianLaird(effects: [0.1], variances: [0.1])
    }
    #expect(throws: StatisticsError.self) {
      try RandomEffects.combine(effects: [0.1, 0.2], variances: [0.1], tau2: 0)
    }
    #expect(throws: StatisticsError.self) {
      try RandomEffects.combine(effects: [0.1], variances: [0], tau2: 0)
    }
    #expect(throws: StatisticsError.self) {
      try RandomEffects.combine(effects: [.nan], variances: [0.1], tau2: 0)
    }
    #expect(throws: StatisticsError.self) {
      try RandomEffects.combine(effects: [0.1], variances: [0.1], tau2: -1)
    }
  }
}
