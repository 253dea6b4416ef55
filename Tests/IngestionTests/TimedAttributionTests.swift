import MetricModel
import Testing

@testable import Ingestion

/// Time-stamped namespace maps: the map over time, each series' schedule, and the pipeline
/// splitting a moved namespace's samples into one stored series per revision.
@Suite struct TimedAttributionTests {
  /// `shop`: stable from the beginning, canary from t = 100 s; `legacy` canary from 50 s only.
  static var map: NamespaceMap {
    var map = NamespaceMap(["shop": "stable", "cart": "stable"])
    map.merge(NamespaceMap(["shop": "canary", "cart": "stable"]), from: 100_000)
    map.set("legacy", to: "canary", from: 50_000)
    return map
  }

  static func series(_ labels: [String: String]) -> SeriesDescriptor {
    SeriesDescriptor(name: "m", family: "m", type: .counter, labels: LabelSet(labels))
  }

  @Test func theMapAnswersPerTime() {
    let map = Self.map
    #expect(map.isTimed)
    #expect(!NamespaceMap(["shop": "stable"]).isTimed)
    #expect(map.revision(of: "shop", at: 99_999) == "stable")
    #expect(map.revision(of: "shop", at: 100_000) == "canary")
    #expect(map.revision(of: "legacy", at: 49_999) == nil)
    #expect(map.revision(of: "legacy", at: 50_000) == "canary")
    #expect(map.revision(of: "shop") == "canary")
    #expect(map.changes(of: "cart").map(\.revision) == ["stable", "stable"])
    #expect(map.entries == ["shop": "canary", "cart": "stable", "legacy": "canary"])
  }

  @Test func aLaterSetAtTheSameTimeReplaces() {
    var map = NamespaceMap()
    map.set("shop", to: "a", from: 10)
    map.set("shop", to: "b", from: nil)
    map.set("shop", to: "c", from: 10)
    #expect(
      map.changes(of: "shop") == [
        .init(start: nil, revision: "b"), .init(start: 10, revision: "c"),
      ])
  }

  @Test func splitsTheTimeOffAnArgument() {
    #expect(NamespaceMap.timed("after.txt@1700000000") == ("after.txt", "1700000000"))
    #expect(NamespaceMap.timed("shop=canary") == ("shop=canary", nil))
    #expect(NamespaceMap.timed("a@b@2026-01-01T00:00:00Z") == ("a@b", "2026-01-01T00:00:00Z"))
  }

  @Test func schedulesFollowTheRules() {
    let attributor = RevisionAttributor(namespaceMap: Self.map)
    let shop = attributor.schedule(of: Self.series(["namespace": "shop"]))
    #expect(shop.periods.map(\.revision) == ["stable", "canary"])
    #expect(shop.periods.map(\.start) == [Int64.min, 100_000])
    #expect(shop.index(at: 99_999) == 0 && shop.index(at: 100_000) == 1)
    // A map that repeats a revision is no change.
    #expect(!attributor.schedule(of: Self.series(["namespace": "cart"])).isTimed)
    // Before the first map that names it, a namespace falls to the unrevisioned `default`.
    let legacy = attributor.schedule(of: Self.series(["namespace": "legacy"]))
    #expect(legacy.periods.map(\.rule) == [.default, .namespace])
    #expect(
      attributor.attribute(Self.series(["namespace": "legacy"]), at: 60_000) == (
        "canary", .namespace
      ))
    // A pod's own label wins over the map, at every time.
    let labelled = attributor.schedule(
      of: Self.series(["namespace": "shop", "istio_io_rev": "stable"]))
    #expect(!labelled.isTimed && labelled.periods[0].rule == .label)
    let forced = RevisionAttributor(forcedRevision: "x", namespaceMap: Self.map)
    #expect(!forced.schedule(of: Self.series(["namespace": "shop"])).isTimed)
  }

  @Test func samplesAfterTheMoveAreStoredUnderTheNewRevision() throws {
    let sink = MemorySink()
    var options = IngestOptions(now: 0)
    options.attributor = RevisionAttributor(namespaceMap: Self.map)
    let text = (1...20).map { step in
      "requests{namespace=\"shop\"} \(step) \(step * 10_000)\n"
        + "requests{namespace=\"cart\"} \(step) \(step * 10_000)\n"
    }.joined()
    var ingestor = Ingestor(sink: sink, options: options)
    ingestor.limits = BatchLimits(batchRows: 4, commitRows: 10, partRows: 6)
    let summary = try ingestor.ingest([.memory(name: "a.prom", bytes: Array(text.utf8))])
      .summary
    // shop: 9 samples before 100 s, 11 at or after; cart: 20 on stable.
    #expect(summary.revisions == ["stable": 29, "canary": 11])
    #expect(summary.series == 3)
    // The moves of the map, the repeated revision of `cart` left out.
    #expect(
      summary.moves == [
        "shop": [.init(start: nil, revision: "stable"), .init(start: 100_000, revision: "canary")],
        "legacy": [.init(start: 50_000, revision: "canary")],
      ])
    let shop = sink.state.records.values.filter { $0.labels["namespace"] == "shop" }
    #expect(Set(shop.map(\.revision)) == ["stable", "canary"])
    for record in shop {
      let id = try #require(sink.state.series[record.key])
      let times = try #require(sink.state.samples[id]).keys
      if record.revision == "canary" {
        #expect(times.min() == 100_000 && times.count == 11)
      } else {
        #expect(times.max() == 90_000 && times.count == 9)
      }
    }
  }

  /// cart's pod `cart-aaaaaaaaa-aaaaa` stops at 40 s, `cart-bbbbbbbbb-bbbbb` starts at 50 s.
  static let restartingCart = (1...10).map { step in
    let pod = step <= 4 ? "cart-aaaaaaaaa-aaaaa" : "cart-bbbbbbbbb-bbbbb"
    return "up{namespace=\"cart\",pod=\"\(pod)\"} 1 \(step * 10_000)\n"
      + "up{namespace=\"shop\",pod=\"web-ccccccccc-ccccc\"} 1 \(step * 10_000)\n"
  }.joined()

  func restartWarnings(_ map: NamespaceMap) throws -> [String] {
    var options = IngestOptions(now: 0)
    options.attributor = RevisionAttributor(namespaceMap: map)
    let input = IngestInput.memory(name: "a.prom", bytes: Array(Self.restartingCart.utf8))
    return try Ingestor(sink: MemorySink(), options: options).ingest([input]).inputWarnings
  }

  @Test func warnsOfPodsReplacedUnderOneRevision() throws {
    let warnings = try restartWarnings(NamespaceMap(["cart": "stable", "shop": "stable"]))
    #expect(warnings.count == 1)
    let warning = try #require(warnings.first)
    #expect(
      warning.hasPrefix("cart/cart: new pods from 1970-01-01T00:00:50Z (cart-bbbbbbbbb-bbbbb)"))
    #expect(warning.contains("namespace cart one revision (stable)"))
  }

  @Test func aTimedMapOrNoMapDoesNotWarn() throws {
    var timed = NamespaceMap(["cart": "stable"])
    timed.set("cart", to: "canary", from: 50_000)
    #expect(try restartWarnings(timed).isEmpty)
    #expect(try restartWarnings(NamespaceMap()).isEmpty)
  }
}
