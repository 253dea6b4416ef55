import Testing

@testable import Statistics

struct HodgesLehmannReference: Decodable, CustomTestStringConvertible, Sendable {
  let label: String
  let confidence: Double
  let shift: Double
  let low: Double
  let high: Double
  let method: String
  let rUniroot: [Double]?
  var testDescription: String { "\(label) \(confidence)" }
}

@Suite struct HodgesLehmannTests {
  static func cases() throws -> [HodgesLehmannReference] {
    try ReferenceData.cases("hodges_lehmann.json", as: HodgesLehmannReference.self)
  }

  @Test func referenceFileIsComplete() throws {
    let cases = try Self.cases()
    #expect(cases.count == 180)
    #expect(cases.contains { $0.method == "exact" })
    #expect(cases.contains { $0.method == "asymptotic" })
  }

  /// The shift is numpy's median of the differences; the interval ends are order statistics
  /// of the differences, so both must be exact (identical Doubles). Where the reference also
  /// holds R's own `uniroot` solution, the ends are within R's tolerance 1e-4 of it.
  @Test(arguments: try cases())
  func matchesReference(_ reference: HodgesLehmannReference) throws {
    let pair = try ReferenceData.pair(reference.label)
    let estimate = try HodgesLehmann.estimate(pair.x, pair.y, confidence: reference.confidence)
    #expect(isClose(estimate.shift, reference.shift, relative: 4e-16))
    #expect(estimate.interval.low == reference.low)
    #expect(estimate.interval.high == reference.high)
    #expect(estimate.method.rawValue == reference.method)
    if let r = reference.rUniroot {
      #expect(abs(estimate.interval.low - r[0]) <= 2e-4)
      #expect(abs(estimate.interval.high - r[1]) <= 2e-4)
    }
    #expect(try HodgesLehmann.shift(pair.x, pair.y) == estimate.shift)
  }

  @Test func selectionMatchesSortedDifferences() throws {
    var generator = SplitMix64(seed: 11)
    for _ in 0..<20 {
      let n = Int.random(in: 1...30, using: &generator)
      let m = Int.random(in: 1...30, using: &generator)
      let x = (0..<n).map { _ in Double.random(in: -5...5, using: &generator).rounded() / 3 }
      let y = (0..<m).map { _ in Double.random(in: -5...5, using: &generator) }
      let sorted = x.flatMap { xi in y.map { xi - $0 } }.sorted()
      let differences = PairwiseDifferences(sortedX: x.sorted(), sortedY: y.sorted())
      for k in 1...(n * m) {
        #expect(differences.orderStatistic(k) == sorted[k - 1])
      }
    }
  }

  /// Shifting x by a constant shifts the estimate and both interval ends by exactly it;
  /// shifting both samples changes nothing (integer and dyadic values keep this exact).
  @Test(arguments: 0..<30)
  func shiftProperties(_ seed: Int) throws {
    var generator = SplitMix64(seed: UInt64(1000 + seed))
    let n = Int.random(in: 1...80, using: &generator)
    let m = Int.random(in: 1...80, using: &generator)
    let scale = seed % 3 == 0 ? 1.0 : 1.0 / 16
    let x = (0..<n).map { _ in Double(Int.random(in: -500...500, using: &generator)) * scale }
    let y = (0..<m).map { _ in Double(Int.random(in: -500...500, using: &generator)) * scale }
    let base = try HodgesLehmann.estimate(x, y)
    let c = 37.25
    let moved = try HodgesLehmann.estimate(x.map { $0 + c }, y)
    #expect(moved.shift == base.shift + c)
    #expect(moved.interval.low == base.interval.low + c)
    #expect(moved.interval.high == base.interval.high + c)
    let both = try HodgesLehmann.estimate(x.map { $0 + c }, y.map { $0 + c })
    #expect(both == base)
    #expect(base.interval.low <= base.shift && base.shift <= base.interval.high)
  }

  @Test func degenerateInputs() throws {
    let equal = try HodgesLehmann.estimate([2, 2, 2], [2, 2])
    #expect(equal.shift == 0 && equal.interval.low == 0 && equal.interval.high == 0)
    let single = try HodgesLehmann.estimate([3], [1])
    #expect(single.shift == 2 && single.interval.low == 2 && single.interval.high == 2)
    #expect(throws: StatisticsError.self) { try HodgesLehmann.shift([], [1]) }
    #expect(throws: StatisticsError.self) { try HodgesLehmann.shift([.nan], [1]) }
    #expect(throws: StatisticsError.self) { try HodgesLehmann.interval([1], [1], confidence: 1) }
  }

  @Test func largeSamplesStaySmall() throws {
    var generator = SplitMix64(seed: 5)
    let x = (0..<100_000).map { _ in Double.random(in: 0..<1, using: &generator) + 0.01 }
    let y = (0..<100_000).map { _ in Double.random(in: 0..<1, using: &generator) }
    let estimate = try HodgesLehmann.estimate(x, y)
    #expect(estimate.interval.low < estimate.shift && estimate.shift < estimate.interval.high)
    #expect(abs(estimate.shift - 0.01) < 0.01)
  }
}
