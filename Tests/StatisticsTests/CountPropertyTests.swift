import Testing

@testable import Statistics

/// Invariances of the count and bucket statistics on seeded random inputs: properties that
/// hold exactly in theory, checked to a stated relative tolerance.
@Suite struct CountPropertyTests {
  static let rounds = 25

  /// Swapping canary and baseline maps R to 1/R: p(greater; R₀) = p(less; 1/R₀), the
  /// interval to its reciprocal (relative 1e-9). Scaling both exposures changes nothing.
  @Test func poissonRateRatioSymmetries() throws {
    var random = SplitMix64(seed: 11)
    for _ in 0..<Self.rounds {
      let (x1, x0) = (
        Int.random(in: 0...40, using: &random), Int.random(in: 1...40, using: &random)
      )
      let (n1, n0) = (
        Double.random(in: 10...1e4, using: &random), Double.random(in: 10...1e4, using: &random)
      )
      let r0 = Double.random(in: 0.5...2, using: &random)
      let forward = try PoissonRateRatio.test(
        canaryEvents: x1, canaryExposure: n1, baselineEvents: x0, baselineExposure: n0,
        nullRatio: r0, alternative: .greater)
      let swapped = try PoissonRateRatio.test(
        canaryEvents: x0, canaryExposure: n0, baselineEvents: x1, baselineExposure: n1,
        nullRatio: 1 / r0, alternative: .less)
      #expect(isClose(forward.pValue, swapped.pValue, relative: 1e-9))
      #expect(isClose(forward.interval.low, 1 / swapped.interval.high, relative: 1e-9))
      let scaled = try PoissonRateRatio.test(
        canaryEvents: x1, canaryExposure: 8 * n1, baselineEvents: x0, baselineExposure: 8 * n0,
        nullRatio: r0, alternative: .greater)
      #expect(isClose(forward.pValue, scaled.pValue, relative: 1e-12))
      #expect(isClose(forward.interval.low, scaled.interval.low, relative: 1e-12))
    }
  }

  /// Splitting strata in proportion (same T1/T0 in each part) leaves the exact test unchanged:
  /// Bin(M₁, π) ∗ Bin(M₂, π) = Bin(M₁ + M₂, π). Relative 1e-9.
  @Test func stratifiedExactTestIsInvariantToProportionalSplits() throws {
    var random = SplitMix64(seed: 12)
    for _ in 0..<Self.rounds {
      let a = Int.random(in: 0...12, using: &random)
      let b = Int.random(in: 0...12, using: &random)
      let (t1, t0) = (
        Double.random(in: 100...900, using: &random), Double.random(in: 100...900, using: &random)
      )
      let a1 = Int.random(in: 0...a, using: &random)
      let b1 = Int.random(in: 0...b, using: &random)
      let whole = [
        RateStratum(canaryEvents: a, canaryExposure: t1, baselineEvents: b, baselineExposure: t0)
      ]
      let split = [
        RateStratum(
          canaryEvents: a1, canaryExposure: t1 / 4, baselineEvents: b1, baselineExposure: t0 / 4),
        RateStratum(
          canaryEvents: a - a1, canaryExposure: 3 * t1 / 4, baselineEvents: b - b1,
          baselineExposure: 3 * t0 / 4),
      ]
      for alternative in [Alternative.greater, .less] {
        let one = try StratifiedExactRateTest.test(whole, nullRatio: 1.2, alternative: alternative)
        let two = try StratifiedExactRateTest.test(split, nullRatio: 1.2, alternative: alternative)
        #expect(isClose(one.pValue, two.pValue, relative: 1e-9), "\(a) \(b) \(a1) \(b1)")
      }
    }
  }

  /// Swapping the sides inverts the Mantel-Haenszel ratio and keeps its SE (relative 1e-12);
  /// one stratum gives the crude ratio (a/T1)/(b/T0).
  @Test func mantelHaenszelSymmetries() throws {
    var random = SplitMix64(seed: 13)
    for _ in 0..<Self.rounds {
      let strata = (0..<Int.random(in: 1...8, using: &random)).map { _ in
        RateStratum(
          canaryEvents: Int.random(in: 1...50, using: &random),
          canaryExposure: Double.random(in: 100...1e4, using: &random),
          baselineEvents: Int.random(in: 1...50, using: &random),
          baselineExposure: Double.random(in: 100...1e4, using: &random))
      }
      let swapped = strata.map {
        RateStratum(
          canaryEvents: $0.baselineEvents, canaryExposure: $0.baselineExposure,
          baselineEvents: $0.canaryEvents, baselineExposure: $0.canaryExposure)
      }
      let forward = try MantelHaenszelRateRatio.estimate(strata)
      let backward = try MantelHaenszelRateRatio.estimate(swapped)
      #expect(isClose(forward.ratio, 1 / backward.ratio, relative: 1e-12))
      #expect(isClose(forward.standardErrorOfLog, backward.standardErrorOfLog, relative: 1e-12))
      let s = strata[0]
      let crude =
        (Double(s.canaryEvents) / s.canaryExposure)
        / (Double(s.baselineEvents) / s.baselineExposure)
      #expect(isClose(try MantelHaenszelRateRatio.estimate([s]).ratio, crude, relative: 1e-12))
    }
  }

  /// Swapping sides: U → n₁n₀ − U, greater ↔ less; empty buckets change nothing; van Elteren
  /// on one stratum is the uncorrected z of that stratum. Relative 1e-12.
  @Test func bucketMannWhitneySymmetries() throws {
    var random = SplitMix64(seed: 14)
    for _ in 0..<Self.rounds {
      let buckets = Int.random(in: 1...15, using: &random)
      var canary = (0..<buckets).map { _ in Int.random(in: 0...30, using: &random) }
      var baseline = (0..<buckets).map { _ in Int.random(in: 0...30, using: &random) }
      canary[0] += 1
      baseline[buckets - 1] += 1
      let n1 = Double(canary.reduce(0, +))
      let n0 = Double(baseline.reduce(0, +))
      let forward = try BucketMannWhitney.test(
        canary: canary, baseline: baseline, alternative: .greater)
      let backward = try BucketMannWhitney.test(
        canary: baseline, baseline: canary, alternative: .less)
      #expect(backward.u == n1 * n0 - forward.u)
      #expect(isClose(forward.pValue, backward.pValue, relative: 1e-12))
      let padded = try BucketMannWhitney.test(
        canary: [0] + canary + [0], baseline: [0] + baseline + [0], alternative: .greater)
      #expect(padded == forward)
      let summary = try BucketRankSummary(canary: canary, baseline: baseline)
      let z = (summary.u - n1 * n0 / 2) / summary.variance.squareRoot()
      let stratified = try VanElteren.test([VanElteren.Stratum(canary: canary, baseline: baseline)])
      if summary.variance > 0 {
        #expect(isClose(stratified.statistic, z, relative: 1e-12, absolute: 1e-15))
      }
    }
  }

  /// Swapping the rows of every table inverts the pooled odds ratio and keeps the CMH
  /// statistic (relative 1e-12).
  @Test func cochranMantelHaenszelSymmetry() throws {
    var random = SplitMix64(seed: 15)
    for _ in 0..<Self.rounds {
      let tables = (0..<Int.random(in: 1...6, using: &random)).map { _ in
        Table2x2(
          a: Int.random(in: 1...20, using: &random), b: Int.random(in: 1...20, using: &random),
          c: Int.random(in: 1...20, using: &random), d: Int.random(in: 1...20, using: &random))
      }
      let swapped = tables.map { Table2x2(a: $0.c, b: $0.d, c: $0.a, d: $0.b) }
      let forward = try CochranMantelHaenszel.test(tables)
      let backward = try CochranMantelHaenszel.test(swapped)
      #expect(isClose(forward.statistic, backward.statistic, relative: 1e-12, absolute: 1e-15))
      let or1 = try #require(forward.oddsRatio)
      let or2 = try #require(backward.oddsRatio)
      #expect(isClose(or1, 1 / or2, relative: 1e-12))
    }
  }

  /// With b dividing n, the mean of the batch means is the series mean (relative 1e-13).
  @Test func batchMeansAverageToTheMean() throws {
    var random = SplitMix64(seed: 16)
    for _ in 0..<Self.rounds {
      let b = Int.random(in: 1...8, using: &random)
      let series = (0..<(b * Int.random(in: 1...20, using: &random))).map { _ in
        Double.random(in: -50...50, using: &random)
      }
      let means = try BatchMeans.means(series, blockLength: b)
      #expect(means.count == series.count / b)
      #expect(
        isClose(
          try Descriptive.mean(means), try Descriptive.mean(series), relative: 1e-13,
          absolute: 1e-13))
    }
  }
}
