import Testing

@testable import Statistics

/// VERDICT.md §5's sanity example: 3,000 requests a minute, 0.2% errors, the canary's share
/// of the requests ramping from 5% to 50% over 30 minutes, one stratum per minute, α = 0.01,
/// rollback when the one-sided e-value for "canary worse" (δ₀ = 0, τ = log 2) reaches 100.
@Suite struct BinomialMixturePathTests {
  static let minutes = 30
  static let requestsPerMinute = 3000
  static let errorRate = 0.002
  static let threshold = 100.0

  /// The minute (1-based) at which the running e-value first reaches 1/α, or nil.
  static func crossingMinute(seed: UInt64, canaryFactor: Double) throws -> Int? {
    var random = SplitMix64(seed: seed)
    var strata: [CountStratum] = []
    for minute in 0..<minutes {
      let share = 0.05 + 0.45 * Double(minute) / Double(minutes - 1)
      let canary = Int((Double(requestsPerMinute) * share).rounded())
      let baseline = requestsPerMinute - canary
      strata.append(
        CountStratum(
          canaryEvents: random.binomial(canary, errorRate * canaryFactor),
          baselineEvents: random.binomial(baseline, errorRate),
          canaryShare: Double(canary) / Double(requestsPerMinute)))
      let e = try BinomialMixture.eValueAbove(
        strata, nullLogRatio: 0, tau: BinomialMixture.defaultTau)
      if e >= threshold { return minute + 1 }
    }
    return nil
  }

  /// Healthy paths: by Ville's inequality at most 1% of them may ever reach 100; of 200
  /// seeded paths at most 5 do (a Binomial(200, 0.01) exceeds 5 with probability 1.6%).
  @Test func healthyPathsRarelyReachOneOverAlpha() throws {
    var crossed = 0
    for seed in 1...200 where try Self.crossingMinute(seed: UInt64(seed), canaryFactor: 1) != nil {
      crossed += 1
    }
    #expect(crossed <= 5, "\(crossed) of 200 healthy paths crossed")
  }

  /// A canary with twice the error rate: at least 90 of 100 seeded paths reach 100 within the
  /// 30 minutes (the minutes themselves are reported, not asserted).
  @Test func doubledErrorRateIsCaughtWithinTheRamp() throws {
    var caught = 0
    for seed in 1001...1100
    where try Self.crossingMinute(seed: UInt64(seed), canaryFactor: 2) != nil {
      caught += 1
    }
    #expect(caught >= 90, "\(caught) of 100 doubled-rate paths crossed")
  }
}
