import Testing

@testable import Statistics

extension SplitMix64 {
  /// A Binomial(n, p) draw by inversion of the CDF (the pmf by its ratio recurrence), fine
  /// for the small means drawn here.
  mutating func binomial(_ n: Int, _ p: Double) -> Int {
    let u = Double.random(in: 0..<1, using: &self)
    var probability = LibM.exp(Double(n) * LibM.log1p(-p))
    var cumulative = probability
    var k = 0
    while u >= cumulative && k < n {
      probability *= Double(n - k) / Double(k + 1) * p / (1 - p)
      k += 1
      cumulative += probability
    }
    return k
  }
}

/// θ(δ) = r e^δ/(r e^δ + 1 − r).
func canaryShareOfEvents(_ share: Double, logRatio: Double) -> Double {
  share * LibM.exp(logRatio) / (share * LibM.exp(logRatio) + 1 - share)
}

/// Properties of the count e-process on seeded data: its mean under the null, monotonicity,
/// symmetry, the sequence's shrinking, and bounds as crossings of 1/α.
@Suite struct BinomialMixturePropertyTests {
  static let tau = BinomialMixture.defaultTau
  static let design: [(events: Int, share: Double)] = [(20, 0.2), (50, 0.5), (30, 0.8)]

  /// Draws the canary's events of each stratum of `design` at a true log ratio.
  static func draw(_ random: inout SplitMix64, logRatio: Double) -> [CountStratum] {
    design.map { stratum in
      let x = random.binomial(
        stratum.events, canaryShareOfEvents(stratum.share, logRatio: logRatio))
      return CountStratum(
        canaryEvents: x, baselineEvents: stratum.events - x, canaryShare: stratum.share)
    }
  }

  /// Mean and standard error of the mean of `count` seeded draws of `statistic`.
  static func monteCarlo(
    seed: UInt64, count: Int, logRatio: Double, _ statistic: ([CountStratum]) throws -> Double
  ) throws -> (mean: Double, standardError: Double) {
    var random = SplitMix64(seed: seed)
    var values: [Double] = []
    for _ in 0..<count { values.append(try statistic(draw(&random, logRatio: logRatio))) }
    let mean = values.reduce(0, +) / Double(count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)
    return (mean, (variance / Double(count)).squareRoot())
  }

  /// At the true δ the two-sided and the boundary one-sided e-values have mean exactly 1 (a
  /// mixture of likelihood ratios); deep inside the one-sided null the mean is below 1. Over
  /// 2,000 draws the sample mean is within 4 standard errors of 1 (and not above 1 + 3 s.e.).
  @Test func meanUnderTheNullIsAtMostOne() throws {
    let truth = 0.405_465_108_108_164_4  // log 1.5
    let two = try Self.monteCarlo(seed: 21, count: 2000, logRatio: truth) {
      try BinomialMixture.eValue($0, nullLogRatio: truth, tau: Self.tau)
    }
    #expect(abs(two.mean - 1) <= 4 * two.standardError, "mean \(two.mean) ± \(two.standardError)")
    #expect(two.mean <= 1 + 3 * two.standardError)
    let boundary = try Self.monteCarlo(seed: 22, count: 2000, logRatio: truth) {
      try BinomialMixture.eValueAbove($0, nullLogRatio: truth, tau: Self.tau)
    }
    #expect(abs(boundary.mean - 1) <= 4 * boundary.standardError, "mean \(boundary.mean)")
    let inside = try Self.monteCarlo(seed: 23, count: 2000, logRatio: truth - 0.5) {
      try BinomialMixture.eValueAbove($0, nullLogRatio: truth, tau: Self.tau)
    }
    #expect(inside.mean <= 1 + 3 * inside.standardError, "mean \(inside.mean)")
    #expect(inside.mean < boundary.mean)
  }

  /// The same without sampling noise: summing E over every outcome of a small design
  /// (5, 8 and 6 events at shares 0.2, 0.5, 0.8; 378 outcomes) weighted by its binomial
  /// probability gives exactly 1 at the true δ (two-sided and at the one-sided boundary) and
  /// less than 1 for a true δ inside the one-sided null (relative 1e-9).
  @Test func expectationOverEveryOutcomeIsOne() throws {
    let design: [(events: Int, share: Double)] = [(5, 0.2), (8, 0.5), (6, 0.8)]
    func expectation(truth: Double, null: Double, _ side: MixtureSide) throws -> Double {
      var total = CompensatedSum()
      for a in 0...design[0].events {
        for b in 0...design[1].events {
          for c in 0...design[2].events {
            var probability = 1.0
            var strata: [CountStratum] = []
            for (x, stratum) in zip([a, b, c], design) {
              let theta = canaryShareOfEvents(stratum.share, logRatio: truth)
              probability *= try Binomial.pmf(x, trials: stratum.events, probability: theta)
              strata.append(
                CountStratum(
                  canaryEvents: x, baselineEvents: stratum.events - x,
                  canaryShare: stratum.share))
            }
            let log = try BinomialMixture.logE(strata, null, Self.tau, side)
            total.add(probability * LibM.exp(log))
          }
        }
      }
      return total.value
    }
    for truth in [0.0, 0.405_465_108_108_164_4, -1.2] {
      #expect(isClose(try expectation(truth: truth, null: truth, .both), 1, relative: 1e-9))
      #expect(isClose(try expectation(truth: truth, null: truth, .above), 1, relative: 1e-9))
      #expect(isClose(try expectation(truth: truth, null: truth, .below), 1, relative: 1e-9))
      #expect(try expectation(truth: truth - 0.3, null: truth, .above) < 1)
      #expect(try expectation(truth: truth + 0.3, null: truth, .below) < 1)
    }
  }

  /// eValueAbove decreases and eValueBelow increases in δ₀, for seeded designs.
  @Test func oneSidedEValuesAreMonotoneInTheNull() throws {
    var random = SplitMix64(seed: 31)
    for _ in 0..<10 {
      let strata = Self.draw(&random, logRatio: Double.random(in: -1...1, using: &random))
      var previous = (above: Double.infinity, below: -Double.infinity)
      for step in 0...40 {
        let null = -2 + 0.1 * Double(step)
        let above = try BinomialMixture.logEValueAbove(strata, nullLogRatio: null, tau: Self.tau)
        let below = try BinomialMixture.logEValueBelow(strata, nullLogRatio: null, tau: Self.tau)
        #expect(above < previous.above && below > previous.below, "δ0 = \(null)")
        previous = (above, below)
      }
    }
  }

  /// Swapping canary and baseline (x ↔ y, r ↔ 1 − r) maps δ to −δ: E(δ₀) is unchanged at
  /// −δ₀, above and below trade places, and the sequence is mirrored (relative 1e-9).
  @Test func swappingTheSidesMirrorsEverything() throws {
    var random = SplitMix64(seed: 41)
    for _ in 0..<10 {
      let strata = Self.draw(&random, logRatio: Double.random(in: -1...1, using: &random))
      let swapped = strata.map {
        CountStratum(
          canaryEvents: $0.baselineEvents, baselineEvents: $0.canaryEvents,
          canaryShare: 1 - $0.canaryShare)
      }
      let null = Double.random(in: -1...1, using: &random)
      let two = try BinomialMixture.logEValue(strata, nullLogRatio: null, tau: Self.tau)
      let twoSwapped = try BinomialMixture.logEValue(swapped, nullLogRatio: -null, tau: Self.tau)
      #expect(isClose(two, twoSwapped, relative: 1e-9, absolute: 1e-10))
      let above = try BinomialMixture.logEValueAbove(strata, nullLogRatio: null, tau: Self.tau)
      let belowSwapped = try BinomialMixture.logEValueBelow(
        swapped, nullLogRatio: -null, tau: Self.tau)
      #expect(isClose(above, belowSwapped, relative: 1e-9, absolute: 1e-10))
      let sequence = try BinomialMixture.confidenceSequence(strata, tau: Self.tau, alpha: 0.05)
      let mirrored = try BinomialMixture.confidenceSequence(swapped, tau: Self.tau, alpha: 0.05)
      #expect(isClose(sequence.low, -mirrored.high, relative: 1e-9, absolute: 1e-11))
      #expect(isClose(sequence.high, -mirrored.low, relative: 1e-9, absolute: 1e-11))
    }
  }

  /// At a fixed ratio (canary rate 1.5× the baseline's, shares 0.3), multiplying the counts
  /// by 4 narrows the sequence each time, and it keeps covering log 1.5.
  @Test func sequenceShrinksAsCountsGrow() throws {
    var width = Double.infinity
    for factor in [1, 4, 16, 64, 256, 1024] {
      let strata = [
        CountStratum(canaryEvents: 9 * factor, baselineEvents: 14 * factor, canaryShare: 0.3),
        CountStratum(canaryEvents: 6 * factor, baselineEvents: 20 * factor, canaryShare: 0.167),
      ]
      let sequence = try BinomialMixture.confidenceSequence(strata, tau: Self.tau, alpha: 0.05)
      let newWidth = sequence.high - sequence.low
      #expect(newWidth < width, "×\(factor): \(sequence)")
      #expect(sequence.low < 0.4055 && sequence.high > 0.4055)
      width = newWidth
    }
    #expect(width < 0.1)
  }

  /// The ends are the crossings of 1/α: log E there equals log(1/α) (to 1e-9), nulls just
  /// outside are rejected, and on a grid inside E stays below 1/α (the sequence is one
  /// interval). Likewise for the one-sided bounds.
  @Test func boundsAreTheCrossingsOfOneOverAlpha() throws {
    var random = SplitMix64(seed: 51)
    for _ in 0..<8 {
      let strata = Self.draw(&random, logRatio: Double.random(in: -0.5...1, using: &random))
      let alpha = [0.01, 0.05][Int.random(in: 0...1, using: &random)]
      let target = -LibM.log(alpha)
      let (low, high) = try BinomialMixture.confidenceSequence(strata, tau: Self.tau, alpha: alpha)
      try #require(low.isFinite && high.isFinite)
      func two(_ null: Double) throws -> Double {
        try BinomialMixture.logEValue(strata, nullLogRatio: null, tau: Self.tau)
      }
      let (atLow, atHigh) = (try two(low), try two(high))
      #expect(abs(atLow - target) < 1e-9 && abs(atHigh - target) < 1e-9)
      let margin = 1e-3 * (high - low)
      let (belowLow, aboveHigh) = (try two(low - margin), try two(high + margin))
      #expect(belowLow > target && aboveHigh > target)
      for step in 1..<20 {
        #expect(try two(low + (high - low) * Double(step) / 20) < target)
      }
      let lower = try BinomialMixture.lowerBound(strata, tau: Self.tau, alpha: alpha)
      let upper = try BinomialMixture.upperBound(strata, tau: Self.tau, alpha: alpha)
      let above = try BinomialMixture.logEValueAbove(strata, nullLogRatio: lower, tau: Self.tau)
      let below = try BinomialMixture.logEValueBelow(strata, nullLogRatio: upper, tau: Self.tau)
      #expect(abs(above - target) < 1e-9 && abs(below - target) < 1e-9)
      #expect(lower > low && upper < high)
    }
  }
}
