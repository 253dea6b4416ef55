import MetricModel
import Testing

@testable import Ingestion

@Suite struct RevisionAttributorTests {
  static func series(_ labels: [String: String], revision: String? = nil) -> SeriesDescriptor {
    SeriesDescriptor(
      name: "m", family: "m", type: .untyped, labels: LabelSet(labels), revision: revision)
  }

  static let map = NamespaceMap(["shop": "canary", "legacy": "default"])

  @Test(arguments: [
    (series(["istio_io_rev": "canary"]), "canary", Attribution.label),
    (series(["rev": "a", "revision": "b"]), "a", .label),
    (series(["namespace": "shop"]), "canary", .namespace),
    (series(["kubernetes_namespace": "shop"]), "canary", .namespace),
    (
      series([
        "reporter": "destination", "destination_workload_namespace": "shop",
        "source_workload_namespace": "legacy",
      ]), "canary", .namespace
    ),
    (
      series([
        "reporter": "source", "destination_workload_namespace": "shop",
        "source_workload_namespace": "legacy",
      ]), "default", .namespace
    ),
    (series(["destination_workload_namespace": "shop"]), "default", .default),
    (series(["namespace": "elsewhere"]), "default", .default),
    (series([:], revision: "stated"), "stated", .label),
    (series([:]), "default", .default),
  ])
  func appliesTheFirstRuleThatFits(series: SeriesDescriptor, revision: String, rule: Attribution) {
    let attributor = RevisionAttributor(namespaceMap: Self.map)
    let result = attributor.attribute(series)
    #expect(result.revision == revision)
    #expect(result.rule == rule)
  }

  @Test func forcedRevisionWins() {
    let attributor = RevisionAttributor(forcedRevision: "x", namespaceMap: Self.map)
    let result = attributor.attribute(Self.series(["istio_io_rev": "canary"]))
    #expect(result.revision == "x" && result.rule == .forced)
  }

  @Test func customRevisionLabelsReplaceTheDefaults() {
    let attributor = RevisionAttributor(revisionLabels: ["app_rev"])
    #expect(
      attributor.attribute(Self.series(["istio_io_rev": "c", "app_rev": "d"])).revision == "d")
    #expect(attributor.attribute(Self.series(["istio_io_rev": "c"])).rule == .default)
  }
}
