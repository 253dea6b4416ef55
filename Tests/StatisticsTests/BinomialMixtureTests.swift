import Testing

@testable import Statistics

struct BinomialMixtureReference: Decodable, CustomTestStringConvertible, Sendable {
  struct Row: Decodable, Sendable {
    let x: Int
    let y: Int
    let r: Double
  }
  let strata: [Row]
  let nullLogRatio: Double
  let tau: Double
  let alpha: Double
  let logE: Double
  let logEAbove: Double
  let logEBelow: Double
  /// nil: −∞.
  let csLow: Double?
  /// nil: +∞.
  let csHigh: Double?
  /// nil: −∞.
  let lower: Double?
  /// nil: +∞.
  let upper: Double?

  var counts: [CountStratum] {
    strata.map { CountStratum(canaryEvents: $0.x, baselineEvents: $0.y, canaryShare: $0.r) }
  }

  var testDescription: String {
    let events = strata.reduce(0) { $0 + $1.x + $1.y }
    return "\(strata.count) strata, \(events) events, δ0=\(nullLogRatio) τ=\(tau) α=\(alpha)"
  }
}

@Suite struct BinomialMixtureTests {
  static func cases() throws -> [BinomialMixtureReference] {
    try ReferenceData.cases("binomial_mixture.json", as: BinomialMixtureReference.self)
  }

  static let tau = BinomialMixture.defaultTau

  @Test func referenceFileHasItsCases() throws {
    let cases = try Self.cases()
    #expect(cases.count == 106)
    #expect(cases.filter { $0.strata.count == 500 }.count == 1)
    #expect(cases.filter { $0.csLow == nil }.count > 5)
    #expect(cases.filter { $0.csHigh == nil }.count > 5)
  }

  /// log E, two-sided and one-sided, to `logEValueClose` (1e-8 absolute: E to 1e-8 relative)
  /// of `scipy.integrate.quad` of the integrand; the confidence sequence and the one-sided
  /// bounds to 1e-7 relative (1e-9 absolute) of `scipy.optimize.brentq`, infinite ends
  /// exactly.
  @Test(arguments: try cases())
  func matchesSciPy(_ c: BinomialMixtureReference) throws {
    let strata = c.counts
    let (d0, tau) = (c.nullLogRatio, c.tau)
    let two = try BinomialMixture.logEValue(strata, nullLogRatio: d0, tau: tau)
    let above = try BinomialMixture.logEValueAbove(strata, nullLogRatio: d0, tau: tau)
    let below = try BinomialMixture.logEValueBelow(strata, nullLogRatio: d0, tau: tau)
    #expect(logEValueClose(two, c.logE), "two-sided \(two) vs \(c.logE)")
    #expect(logEValueClose(above, c.logEAbove), "above \(above) vs \(c.logEAbove)")
    #expect(logEValueClose(below, c.logEBelow), "below \(below) vs \(c.logEBelow)")
    let plain = try BinomialMixture.eValue(strata, nullLogRatio: d0, tau: tau)
    #expect(isClose(plain, LibM.exp(c.logE), relative: 1e-8))
    let sequence = try BinomialMixture.confidenceSequence(strata, tau: tau, alpha: c.alpha)
    #expect(boundClose(sequence.low, c.csLow, infinity: -.infinity), "low \(sequence.low)")
    #expect(boundClose(sequence.high, c.csHigh, infinity: .infinity), "high \(sequence.high)")
    let lower = try BinomialMixture.lowerBound(strata, tau: tau, alpha: c.alpha)
    let upper = try BinomialMixture.upperBound(strata, tau: tau, alpha: c.alpha)
    #expect(boundClose(lower, c.lower, infinity: -.infinity), "lower \(lower)")
    #expect(boundClose(upper, c.upper, infinity: .infinity), "upper \(upper)")
  }

  /// No events at all carry no evidence: E = 1 on every side, the sequence is (−∞, ∞).
  @Test func noEventsGiveOne() throws {
    for strata in [[], [CountStratum(canaryEvents: 0, baselineEvents: 0, canaryShare: 0.4)]] {
      #expect(try BinomialMixture.eValue(strata, nullLogRatio: 0.3, tau: Self.tau) == 1)
      #expect(try BinomialMixture.eValueAbove(strata, nullLogRatio: 0.3, tau: Self.tau) == 1)
      #expect(try BinomialMixture.eValueBelow(strata, nullLogRatio: 0.3, tau: Self.tau) == 1)
      let sequence = try BinomialMixture.confidenceSequence(strata, tau: Self.tau, alpha: 0.05)
      #expect(sequence.low == -.infinity && sequence.high == .infinity)
      #expect(try BinomialMixture.lowerBound(strata, tau: Self.tau, alpha: 0.05) == -.infinity)
      #expect(try BinomialMixture.upperBound(strata, tau: Self.tau, alpha: 0.05) == .infinity)
    }
  }

  /// One stratum of 1 canary and 0 baseline events: the two-sided e-value at δ₀ → −∞ tends
  /// to exp(τ²/2), far below 1/α, so the sequence has no lower end; a zero side gives no
  /// upper end. With 40 canary events and none on the baseline the lower end is finite.
  @Test func zeroSidesLeaveTheirEndsOpen() throws {
    let one = [CountStratum(canaryEvents: 1, baselineEvents: 0, canaryShare: 0.5)]
    let sequence = try BinomialMixture.confidenceSequence(one, tau: Self.tau, alpha: 0.05)
    #expect(sequence.low == -.infinity && sequence.high == .infinity)
    let many = [CountStratum(canaryEvents: 40, baselineEvents: 0, canaryShare: 0.5)]
    let open = try BinomialMixture.confidenceSequence(many, tau: Self.tau, alpha: 0.05)
    #expect(open.low.isFinite && open.low > 0 && open.high == .infinity)
    let lower = try BinomialMixture.lowerBound(many, tau: Self.tau, alpha: 0.05)
    #expect(lower > open.low && lower.isFinite)
    #expect(try BinomialMixture.upperBound(many, tau: Self.tau, alpha: 0.05) == .infinity)
    let none = [CountStratum(canaryEvents: 0, baselineEvents: 40, canaryShare: 0.5)]
    let mirrored = try BinomialMixture.confidenceSequence(none, tau: Self.tau, alpha: 0.05)
    #expect(mirrored.low == -.infinity && isClose(mirrored.high, -open.low, relative: 1e-10))
  }

  /// Invalid inputs throw.
  @Test func invalidInputsThrow() {
    func stratum(_ x: Int, _ y: Int, _ r: Double) -> [CountStratum] {
      [CountStratum(canaryEvents: x, baselineEvents: y, canaryShare: r)]
    }
    for bad in [
      stratum(-1, 3, 0.5), stratum(1, -3, 0.5), stratum(1, 3, 0), stratum(1, 3, 1),
      stratum(1, 3, .nan), stratum(1, 3, 1.5),
    ] {
      #expect(throws: StatisticsError.self) {
        try BinomialMixture.eValue(bad, nullLogRatio: 0, tau: 1)
      }
      #expect(throws: StatisticsError.self) {
        try BinomialMixture.confidenceSequence(bad, tau: 1, alpha: 0.05)
      }
    }
    let good = stratum(3, 4, 0.5)
    #expect(throws: StatisticsError.self) {
      try BinomialMixture.eValueAbove(good, nullLogRatio: .nan, tau: 1)
    }
    #expect(throws: StatisticsError.self) {
      try BinomialMixture.eValueBelow(good, nullLogRatio: 0, tau: 0)
    }
    #expect(throws: StatisticsError.self) {
      try BinomialMixture.eValue(good, nullLogRatio: 0, tau: .infinity)
    }
    #expect(throws: StatisticsError.self) {
      try BinomialMixture.lowerBound(good, tau: 1, alpha: 1)
    }
    #expect(throws: StatisticsError.self) {
      try BinomialMixture.upperBound(good, tau: 1, alpha: -0.1)
    }
  }
}
