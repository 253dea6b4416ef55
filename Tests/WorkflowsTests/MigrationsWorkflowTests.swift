import Foundation
import Ingestion
import MetricModel
import Store
import Testing
import Workflows

/// `canary migrations` over a real database: a unit whose namespace moves at 100 s is
/// stored as two series, and the listing shows both stays, the move and the shares.
@Suite struct MigrationsWorkflowTests {
  /// shop/cart: 5, 10, ... 60 then a restart (5, 10, ... 40), one sample per 10 s;
  /// other/db: 2, 4, ... 40; a source-reported series that must not count.
  static var input: String {
    (1...20).map { step in
      let cart = step <= 12 ? step * 5 : (step - 12) * 5
      let time = step * 10_000
      return """
        istio_requests_total{reporter="destination",destination_workload="cart",\
        destination_workload_namespace="shop"} \(cart) \(time)
        istio_requests_total{reporter="destination",destination_workload="db",\
        destination_workload_namespace="other"} \(step * 2) \(time)
        istio_requests_total{reporter="source",source_workload="web",\
        source_workload_namespace="other"} \(step * 1000) \(time)

        """
    }.joined()
  }

  static func database() throws -> CanaryDatabase {
    let database = try CanaryDatabase.inMemory()
    var map = NamespaceMap(["shop": "stable", "other": "stable"])
    map.set("shop", to: "canary", from: 100_000)
    var options = IngestOptions(now: 0)
    options.attributor = RevisionAttributor(namespaceMap: map)
    let path = try temporaryFile(input)
    _ = try Ingestor(sink: database, options: options).ingest([.file(path)])
    return database
  }

  @Test func spansCountRequestsAcrossARestart() throws {
    let spans = try Self.database().seriesSpans(metric: MigrationsWorkflow.requestsMetric)
    #expect(spans.count == 4)
    let cart = spans.filter { $0.labels["destination_workload"] == "cart" }
    #expect(cart.map(\.revision).sorted() == ["canary", "stable"])
    let canary = try #require(cart.first { $0.revision == "canary" })
    // 50, 55, 60, restart, 5 ... 40: 10 + 5 + 35.
    #expect(canary.increase == 50)
    #expect(canary.firstTimestamp == 100_000 && canary.lastTimestamp == 200_000)
    #expect(canary.attribution == .namespace)
  }

  @Test func listsEachUnitWithItsStaysMoveAndShare() throws {
    let spans = try Self.database().seriesSpans(metric: MigrationsWorkflow.requestsMetric)
    let units = MigrationsWorkflow.migrations(of: spans)
    #expect(units.map(\.unit) == ["other/db", "shop/cart"])
    let cart = try #require(units.last)
    #expect(cart.revisions.map(\.revision) == ["stable", "canary"])
    #expect(cart.revisions.map(\.requests) == [40, 50])
    #expect(cart.revisions.map(\.first) == [10_000, 100_000])
    #expect(cart.revisions.map(\.last) == [90_000, 200_000])
    #expect(cart.moves == [100_000])
    #expect(abs(cart.share - 90.0 / 128) < 1e-12)
    let db = try #require(units.first)
    #expect(db.moves.isEmpty && db.revisions.map(\.requests) == [38])
    #expect(abs(db.share - 38.0 / 128) < 1e-12)
  }
}
