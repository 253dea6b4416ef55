import MetricModel
import Testing

@testable import Analysis

/// A seeded test generator (Knuth's MMIX linear congruential step, high bits mixed down):
/// the split must depend only on the generator it is handed.
struct TestGenerator: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return state ^ (state >> 29)
  }
}

/// The null split of a calibration: deterministic for a seed, half of the namespaces (never
/// none, never all), a move time that leaves each side its minimum.
@Suite struct CalibrationSplitTests {
  static let start: Int64 = 1_800_000_000_000
  static let config = AnalysisConfiguration()

  static func range(minutes: Int64) throws -> TimeWindow {
    try TimeWindow(from: start, to: start + minutes * 60_000)
  }

  static func draw(_ namespaces: [String], seed: UInt64, minutes: Int64 = 40) throws
    -> CalibrationSplit
  {
    var generator = TestGenerator(seed: seed)
    return try CalibrationSplit.draw(
      namespaces: namespaces, range: try range(minutes: minutes), configuration: config,
      using: &generator)
  }

  @Test func theSameSeedGivesTheSameSplit() throws {
    let namespaces = ["a", "b", "c", "d", "e", "f"]
    for seed: UInt64 in 1...50 {
      #expect(try Self.draw(namespaces, seed: seed) == Self.draw(namespaces, seed: seed))
    }
    let splits = try (UInt64(1)...50).map { try Self.draw(namespaces, seed: $0) }
    #expect(Set(splits.map(\.moved)).count > 10)
    #expect(Set(splits.map(\.moveTime)).count > 40)
  }

  @Test(arguments: 2...7) func movesHalfNeverNoneNorAll(count: Int) throws {
    let namespaces = (0..<count).map { "ns\($0)" }
    var drawn: [String: Int] = [:]
    for seed: UInt64 in 1...200 {
      let split = try Self.draw(namespaces, seed: seed)
      #expect(split.moved.count == max(1, count / 2))
      #expect(split.moved.count >= 1 && split.moved.count < count)
      #expect(split.moved == split.moved.sorted())
      #expect(Set(split.moved).count == split.moved.count)
      #expect(Set(split.moved).isSubset(of: namespaces))
      for namespace in split.moved { drawn[namespace, default: 0] += 1 }
    }
    // Every namespace is drawn about as often as the others: 200 × half of them each.
    let expected = 200.0 * Double(max(1, count / 2)) / Double(count)
    #expect(drawn.count == count)
    for (namespace, times) in drawn {
      #expect(abs(Double(times) - expected) < 0.35 * expected, "\(namespace): \(times)")
    }
  }

  @Test func theMoveLeavesEachSideItsMinimum() throws {
    // minIntervals 10, warm-up 2 and one step of alignment: 13 minutes on each side.
    #expect(CalibrationSplit.margin(for: Self.config) == 13 * 60_000)
    let range = try Self.range(minutes: 40)
    var times: Set<Int64> = []
    for seed: UInt64 in 1...300 {
      let split = try Self.draw(["a", "b", "c"], seed: seed)
      #expect(split.moveTime >= range.from + 13 * 60_000)
      #expect(split.moveTime <= range.to - 13 * 60_000)
      #expect(split.moveTime % 1000 == 0)
      times.insert(split.moveTime)
    }
    // Spread over the 14 allowed minutes, not stuck at one end.
    #expect(times.min()! < range.from + 15 * 60_000)
    #expect(times.max()! > range.to - 15 * 60_000)
  }

  @Test func tooLittleDataAllowsNoDraw() throws {
    #expect(throws: CalibrationError.tooFewNamespaces(found: 1)) {
      try Self.draw(["only"], seed: 1)
    }
    #expect(throws: CalibrationError.tooFewNamespaces(found: 1)) {
      try Self.draw(["same", "same"], seed: 1)
    }
    // 26 minutes are exactly two margins: one allowed second; 25 leave none.
    let split = try Self.draw(["a", "b"], seed: 1, minutes: 26)
    #expect(split.moveTime == Self.start + 13 * 60_000)
    #expect(
      throws: CalibrationError.tooShort(range: try Self.range(minutes: 25), needed: 26 * 60_000)
    ) {
      try Self.draw(["a", "b"], seed: 1, minutes: 25)
    }
  }

  @Test func uniformDrawsStayBelowTheirBound() {
    var generator = TestGenerator(seed: 7)
    var seen = Set<UInt64>()
    for _ in 0..<500 {
      let value = CalibrationSplit.uniform(below: 6, using: &generator)
      #expect(value < 6)
      seen.insert(value)
    }
    #expect(seen.count == 6)
    #expect(CalibrationSplit.uniform(below: 1, using: &generator) == 0)
  }

  @Test func namespaceIsTheReportingProxys() {
    let cases: [([String: String], String?)] = [
      (
        ["namespace": "shop", "reporter": "destination", "destination_workload_namespace": "x"],
        "shop"
      ),
      (["kubernetes_namespace": "cart"], "cart"),
      (["reporter": "destination", "destination_workload_namespace": "pay"], "pay"),
      (
        [
          "reporter": "source", "source_workload_namespace": "web",
          "destination_workload_namespace": "pay",
        ], "web"
      ),
      (["app": "istiod", "namespace": "istio-system"], nil),
      (["pod": "istiod-canary-6d9f8b6c5-x2x4z", "namespace": "istio-system"], nil),
      (["reporter": "destination"], nil),
      ([:], nil),
    ]
    #expect(cases.count == 8)
    for (labels, expected) in cases {
      #expect(CalibrationSplit.namespace(of: LabelSet(labels)) == expected, "\(labels)")
    }
  }
}
