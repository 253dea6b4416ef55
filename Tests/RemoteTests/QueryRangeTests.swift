import Testing

@testable import Remote

@Suite struct QueryRangeTests {
  @Test func aRangeWithinTheLimitIsOneRequest() {
    let range = QueryRange(start: 60_000, end: 600_000, step: 60_000)
    #expect(range.points == 10)
    #expect(range.split() == [range])
  }

  @Test func aLongRangeSplitsOnTheSameGridWithoutGapsOrOverlaps() {
    // Ten days at 15 s: 57,601 points, over Prometheus' 11,000.
    let step: Int64 = 15_000
    let range = QueryRange(start: 0, end: 10 * 86_400_000, step: step)
    let pieces = range.split()
    #expect(pieces.count == 6)
    #expect(pieces.allSatisfy { $0.points <= 11_000 && $0.step == step })
    #expect(pieces.map(\.points).reduce(0, +) == range.points)
    #expect(pieces.first?.start == 0 && pieces.last?.end == range.end)
    for (before, after) in zip(pieces, pieces.dropFirst()) {
      #expect(after.start == before.end + step)
    }
  }

  @Test func emptyAndSinglePointRanges() {
    #expect(QueryRange(start: 10, end: 0, step: 5).split().isEmpty)
    let one = QueryRange(start: 60_000, end: 60_000, step: 60_000)
    #expect(one.split(maximumPoints: 1) == [one])
  }
}
