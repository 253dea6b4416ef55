import Testing

@testable import Statistics

struct NormalMixtureReference: Decodable, CustomTestStringConvertible, Sendable {
  let estimate: Double
  let standardError: Double
  let null: Double
  let tau: Double
  let alpha: Double
  let logE: Double
  let logEAbove: Double
  let logEBelow: Double
  let radius: Double
  let lower: Double
  let upper: Double
  var testDescription: String {
    "θ̂=\(estimate) se=\(standardError) null=\(null) τ=\(tau) α=\(alpha)"
  }
}

struct LogNormalCDFReference: Decodable, CustomTestStringConvertible, Sendable {
  let z: Double
  let logCdf: Double
  var testDescription: String { "z=\(z)" }
}

/// `true` when two log e-values agree to 1e-8 absolute, i.e. the e-values to 1e-8 relative
/// (|E/E_ref − 1| ≈ |Δ log E|); beyond |log E| = 100 (E above e^100 or below e^−100) to 1e-10
/// of |log E|, the rounding level of log likelihoods summed over 10⁶-event strata.
func logEValueClose(_ actual: Double, _ expected: Double) -> Bool {
  abs(actual - expected) <= max(1e-8, 1e-10 * abs(expected))
}

/// `true` when two confidence-sequence ends agree to 1e-7 relative (1e-9 absolute near 0);
/// `nil` stands for the infinite end in the direction `infinity`.
func boundClose(_ actual: Double, _ expected: Double?, infinity: Double) -> Bool {
  guard let expected else { return actual == infinity }
  return isClose(actual, expected, relative: 1e-7, absolute: 1e-9)
}

@Suite struct NormalMixtureTests {
  static func cases() throws -> [NormalMixtureReference] {
    try ReferenceData.cases("normal_mixture.json", as: NormalMixtureReference.self)
  }

  static func logCdfCases() throws -> [LogNormalCDFReference] {
    try ReferenceData.cases("log_normal_cdf.json", as: LogNormalCDFReference.self)
  }

  @Test func referenceFilesHaveTheirCases() throws {
    #expect(try Self.cases().count == 60)
    #expect(try Self.logCdfCases().count == 18)
  }

  /// log E (two-sided, above, below) to 1e-8 (`logEValueClose`) of the closed forms, which
  /// the generator checked against `scipy.integrate.quad` of the mixture; radius and the
  /// one-sided bounds to 1e-7 relative of the closed form and `scipy.optimize.brentq`.
  @Test(arguments: try cases())
  func matchesSciPy(_ c: NormalMixtureReference) throws {
    let (e, se, null, tau) = (c.estimate, c.standardError, c.null, c.tau)
    let two = try NormalMixture.logEValue(estimate: e, standardError: se, null: null, tau: tau)
    let above = try NormalMixture.logEValueAbove(
      estimate: e, standardError: se, null: null, tau: tau)
    let below = try NormalMixture.logEValueBelow(
      estimate: e, standardError: se, null: null, tau: tau)
    #expect(logEValueClose(two, c.logE), "two-sided \(two) vs \(c.logE)")
    #expect(logEValueClose(above, c.logEAbove), "above \(above) vs \(c.logEAbove)")
    #expect(logEValueClose(below, c.logEBelow), "below \(below) vs \(c.logEBelow)")
    let plain = try NormalMixture.eValue(estimate: e, standardError: se, null: null, tau: tau)
    #expect(isClose(plain, LibM.exp(c.logE), relative: 1e-8))
    let radius = try NormalMixture.radius(standardError: se, tau: tau, alpha: c.alpha)
    #expect(isClose(radius, c.radius, relative: 1e-12))
    let lower = try NormalMixture.lowerBound(
      estimate: e, standardError: se, tau: tau, alpha: c.alpha)
    let upper = try NormalMixture.upperBound(
      estimate: e, standardError: se, tau: tau, alpha: c.alpha)
    #expect(isClose(lower, c.lower, relative: 1e-7, absolute: 1e-9), "lower \(lower)")
    #expect(isClose(upper, c.upper, relative: 1e-7, absolute: 1e-9), "upper \(upper)")
  }

  /// SciPy `norm.logcdf` to 1e-13 relative, across the switch to the asymptotic series at −30.
  @Test(arguments: try logCdfCases())
  func logCdfMatchesSciPy(_ c: LogNormalCDFReference) {
    #expect(isClose(Normal.logCdf(c.z), c.logCdf, relative: 1e-13, absolute: 1e-300))
  }

  /// The bounds are where the e-values cross 1/α: E(θ̂ ± r) = 1/α, eValueAbove(lower) = 1/α
  /// and eValueBelow(upper) = 1/α (log to 1e-10); nulls 1% of the radius further out are
  /// rejected, 1% further in are not.
  @Test func boundsAreTheCrossingsOfOneOverAlpha() throws {
    var random = SplitMix64(seed: 5)
    for _ in 0..<40 {
      let (e, se) = (
        Double.random(in: -3...3, using: &random), Double.random(in: 0.01...2, using: &random)
      )
      let tau = Double.random(in: 0.2...2, using: &random)
      let alpha = Double.random(in: 0.001...0.2, using: &random)
      let target = -LibM.log(alpha)
      let r = try NormalMixture.radius(standardError: se, tau: tau, alpha: alpha)
      for edge in [e - r, e + r] {
        let log = try NormalMixture.logEValue(estimate: e, standardError: se, null: edge, tau: tau)
        #expect(abs(log - target) < 1e-10)
      }
      let low = try NormalMixture.lowerBound(estimate: e, standardError: se, tau: tau, alpha: alpha)
      let high = try NormalMixture.upperBound(
        estimate: e, standardError: se, tau: tau, alpha: alpha)
      func above(_ null: Double) throws -> Double {
        try NormalMixture.logEValueAbove(estimate: e, standardError: se, null: null, tau: tau)
      }
      func below(_ null: Double) throws -> Double {
        try NormalMixture.logEValueBelow(estimate: e, standardError: se, null: null, tau: tau)
      }
      #expect(abs(try above(low) - target) < 1e-10)
      #expect(abs(try below(high) - target) < 1e-10)
      let (outsideLow, insideLow) = (try above(low - 0.01 * r), try above(low + 0.01 * r))
      let (outsideHigh, insideHigh) = (try below(high + 0.01 * r), try below(high - 0.01 * r))
      #expect(outsideLow > target && insideLow < target)
      #expect(outsideHigh > target && insideHigh < target)
      // E(two-sided) ≤ eValueAbove ≤ 2·E(two-sided) for θ̂ above the null, so the one-sided
      // bound lies between the two-sided ends at α and at 2α.
      let half = try NormalMixture.radius(standardError: se, tau: tau, alpha: 2 * alpha)
      #expect(low > e - r && low <= e - half + 1e-12 * r)
      #expect(high < e + r && high >= e + half - 1e-12 * r)
    }
  }

  /// eValueAbove falls and eValueBelow rises as the null increases; above(z) = below(−z).
  @Test func oneSidedEValuesAreMonotoneAndMirrored() throws {
    var previous = (above: Double.infinity, below: -Double.infinity)
    for step in 0...200 {
      let null = -4 + 0.04 * Double(step)
      let above = try NormalMixture.logEValueAbove(
        estimate: 0.3, standardError: 0.2, null: null, tau: 0.5)
      let below = try NormalMixture.logEValueBelow(
        estimate: 0.3, standardError: 0.2, null: null, tau: 0.5)
      #expect(above < previous.above && below > previous.below)
      previous = (above, below)
      let mirrored = try NormalMixture.logEValueBelow(
        estimate: -0.3, standardError: 0.2, null: -null, tau: 0.5)
      #expect(isClose(above, mirrored, relative: 1e-14, absolute: 1e-14))
    }
  }

  /// Invalid inputs throw instead of returning NaN.
  @Test func invalidInputsThrow() {
    #expect(throws: StatisticsError.self) {
      try NormalMixture.eValue(estimate: .nan, standardError: 1, null: 0, tau: 1)
    }
    #expect(throws: StatisticsError.self) {
      try NormalMixture.eValue(estimate: 0, standardError: 0, null: 0, tau: 1)
    }
    #expect(throws: StatisticsError.self) {
      try NormalMixture.eValueAbove(estimate: 0, standardError: 1, null: .infinity, tau: 1)
    }
    #expect(throws: StatisticsError.self) {
      try NormalMixture.eValueBelow(estimate: 0, standardError: 1, null: 0, tau: -1)
    }
    #expect(throws: StatisticsError.self) {
      try NormalMixture.radius(standardError: 1, tau: 1, alpha: 1)
    }
    #expect(throws: StatisticsError.self) {
      try NormalMixture.lowerBound(estimate: 0, standardError: 1, tau: 1, alpha: 0)
    }
  }
}
