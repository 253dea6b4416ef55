import Testing

@testable import Analysis

/// Hand-derived cases of Prometheus' extrapolatedRate and bucketQuantile definitions.
@Suite struct PromQLFunctionsTests {
  static let times: [Int64] = [15_000, 30_000, 45_000, 60_000]

  @Test(arguments: [
    // Steady counter: 30 over the 45 s sampled, extrapolated to the 15 s before the first sample.
    ([10.0, 20, 30, 40], 40.0),
    // A reset (20 → 5) adds back the value before it: 10 + 5 + 10 = 25, extrapolated.
    ([10.0, 20, 5, 15], 25.0 * 60 / 45),
    // Extrapolation stops where the counter would have been zero (7.5 s before the first sample).
    ([5.0, 15, 25, 35], 35.0),
    // A flat counter increases by nothing.
    ([7.0, 7, 7, 7], 0.0),
  ])
  func increase(values: [Double], expected: Double) throws {
    let result = try #require(
      PromQLFunctions.increase(timestamps: Self.times, values: values, end: 60_000, range: 60_000))
    #expect(abs(result - expected) < 1e-12)
  }

  @Test func increaseNeedsTwoSamplesInTheLeftOpenRange() {
    // The sample at 0 is outside (0, 60]: only one sample remains.
    #expect(
      PromQLFunctions.increase(
        timestamps: [0, 60_000], values: [1, 2], end: 60_000, range: 60_000)
        == nil)
    #expect(
      PromQLFunctions.increase(
        timestamps: [15_000, 30_000], values: [.nan, 2], end: 60_000, range: 60_000) == nil)
  }

  @Test func increaseExtrapolatesHalfAnIntervalFarFromTheEdge() throws {
    // Samples at 40, 50, 60 s: the start is 40 s away (beyond 1.1 × 10 s), so only 5 s are
    // added there, but the counter would have been zero at 40 s: nothing is added.
    let result = try #require(
      PromQLFunctions.increase(
        timestamps: [40_000, 50_000, 60_000], values: [0, 10, 20], end: 60_000, range: 60_000))
    #expect(result == 20)
    let later = try #require(
      PromQLFunctions.increase(
        timestamps: [40_000, 50_000, 60_000], values: [100, 110, 120], end: 60_000, range: 60_000))
    #expect(later == 20 * 25 / 20)
  }

  @Test func averageOverTime() {
    #expect(
      PromQLFunctions.averageOverTime(
        timestamps: Self.times, values: [1, 2, .nan, 6], end: 60_000, range: 60_000) == 3)
    #expect(
      PromQLFunctions.averageOverTime(timestamps: [0], values: [1], end: 60_000, range: 60_000)
        == nil)
  }

  static let buckets: [(bound: Double, count: Double)] = [(1, 10), (2, 20), (.infinity, 20)]

  @Test(arguments: [(0.5, 1.0), (0.75, 1.5), (1.0, 2.0), (0.0, 0.0)])
  func histogramQuantile(q: Double, expected: Double) {
    #expect(PromQLFunctions.histogramQuantile(q, buckets: Self.buckets) == expected)
  }

  @Test func histogramQuantileEdgeCases() {
    // Rank in the +Inf bucket: the second-highest bound.
    #expect(
      PromQLFunctions.histogramQuantile(0.99, buckets: [(1, 10), (2, 20), (.infinity, 40)]) == 2)
    // No +Inf bucket, or no observations: NaN in Prometheus, nil here.
    #expect(PromQLFunctions.histogramQuantile(0.5, buckets: [(1, 10), (2, 20)]) == nil)
    #expect(PromQLFunctions.histogramQuantile(0.5, buckets: [(1, 0), (.infinity, 0)]) == nil)
    // A count lower than the one before it is raised: (2, 8) counts as (2, 10).
    #expect(
      PromQLFunctions.histogramQuantile(0.75, buckets: [(1, 10), (2, 8), (.infinity, 20)]) == 2)
    // Out-of-range quantiles.
    #expect(PromQLFunctions.histogramQuantile(-1, buckets: Self.buckets) == -.infinity)
    #expect(PromQLFunctions.histogramQuantile(2, buckets: Self.buckets) == .infinity)
    // Unsorted input and duplicated bounds are merged.
    #expect(
      PromQLFunctions.histogramQuantile(
        0.75, buckets: [(.infinity, 20), (2, 10), (1, 10), (2, 10)]) == 1.5)
  }

  @Test func stepGridAlignsOnMultiplesInsideTheWindow() {
    let grid = StepGrid(from: 1_000, to: 250_000, step: 60_000)
    #expect(grid.ends == [120_000, 180_000, 240_000])
    #expect(grid.sampleRange! == (60_000, 240_000))
    #expect(StepGrid(from: 0, to: 59_000, step: 60_000).ends.isEmpty)
    #expect(StepGrid(from: -30_000, to: 60_000, step: 60_000).ends == [60_000])
  }
}
