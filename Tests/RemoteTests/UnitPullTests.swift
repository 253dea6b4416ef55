import Analysis
import Foundation
import MetricModel
import Store
import Testing

@testable import Remote

/// Pulling per-workload parts: groups named by their workload, pods of one workload added up,
/// buckets kept by bound, a query shared by metrics run once, and a pull of the same window
/// replacing the earlier one.
@Suite struct UnitPullTests {
  static func configuration(_ metrics: String) throws -> AnalysisConfiguration {
    try AnalysisConfiguration(yaml: "version: 1\nminIntervals: 2\nmetrics:\n" + metrics)
  }

  static func matrix(_ series: [(labels: String, values: String)]) -> String {
    let result = series.map { #"{"metric":{\#($0.labels)},"values":[\#($0.values)]}"# }
    return #"{"status":"success","data":{"resultType":"matrix","result":["#
      + result.joined(separator: ",") + "]}}"
  }

  static func plan(_ configuration: AnalysisConfiguration) throws -> PullPlan {
    PullPlan(
      configuration: configuration,
      targets: [
        .init(
          revision: "stable",
          matcher: try PromQLQueries.revisionMatcher(label: "r", revision: "stable"),
          window: try TimeWindow(from: 60_000, to: 240_000))
      ])
  }

  static func client(_ transport: ScriptedTransport) -> PrometheusClient {
    PrometheusClient(
      baseURL: URL(fileURLWithPath: "/"), transport: transport, sleeper: RecordingSleeper())
  }

  static func stored(_ database: CanaryDatabase, _ metric: String) throws -> [String] {
    try database.pulledUnitSteps(
      revision: "stable", metric: metric, stepMilliseconds: 60_000, from: 0, to: 1_000_000
    ).map { "\($0.component) \($0.unit) \($0.time / 1000) \($0.value)" }
  }

  @Test func podsOfOneWorkloadAddUp() throws {
    let configuration = try Self.configuration(
      "  - name: mem\n    kind: gauge\n    query: m\n")
    let cart = #""namespace":"shop","pod":"cart-7d9f8b6c5-x2x4z""#
    let cart2 = #""namespace":"shop","pod":"cart-7d9f8b6c5-b8k2q""#
    let db = #""namespace":"shop","pod":"db-0""#
    let transport = ScriptedTransport([
      .response(200, Self.matrix([("", #"[120,"5"]"#)])),
      .response(
        200,
        Self.matrix([
          (cart, #"[120,"3"],[180,"4"]"#), (cart2, #"[120,"5"],[180,"NaN"]"#),
          (db, #"[120,"1"]"#),
        ])),
      .response(200, Self.matrix([(cart, #"[120,"1"],[180,"1"]"#), (cart2, #"[120,"1"]"#)])),
    ])
    let database = try CanaryDatabase.inMemory()
    let summary = try Puller(client: Self.client(transport)).pull(
      try Self.plan(configuration), into: database, pulledAt: 1)
    #expect(summary.queries == 3)
    #expect(summary.values == 1 + 3 + 2)
    #expect(
      try Self.stored(database, "mem") == [
        "count shop/cart 120 2.0", "count shop/cart 180 1.0", "sum shop/cart 120 8.0",
        "sum shop/cart 180 4.0", "sum shop/db-0 120 1.0",
      ])
    let windows = try database.pulledUnitWindows(
      revision: "stable", stepMilliseconds: 60_000, overlapping: 0, 1_000_000)
    #expect(windows.map { "\($0.metric) \($0.from) \($0.to)" } == ["mem 120000 240000"])

    // The same window again replaces every part stored for it.
    let again = ScriptedTransport([
      .response(200, Self.matrix([("", #"[120,"5"]"#)])),
      .response(200, Self.matrix([(db, #"[180,"2"]"#)])),
      .response(200, Self.matrix([])),
    ])
    try Puller(client: Self.client(again)).pull(
      try Self.plan(configuration), into: database, pulledAt: 2)
    #expect(try Self.stored(database, "mem") == ["sum shop/db-0 180 2.0"])
  }

  @Test func bucketsKeepTheirBoundAndASharedQueryRunsOnce() throws {
    let histogram = "istio_request_duration_milliseconds{reporter=\"destination\"}"
    let configuration = try Self.configuration(
      """
        - name: p50
          kind: quantile
          histogram: \(histogram)
          quantile: 0.5
        - name: p99
          kind: quantile
          histogram: \(histogram)
          quantile: 0.99

      """)
    let unit = #""destination_workload_namespace":"shop","destination_workload":"cart""#
    let transport = ScriptedTransport([
      .response(200, Self.matrix([("", #"[120,"7"]"#)])),
      .response(200, Self.matrix([("", #"[120,"9"]"#)])),
      .response(
        200,
        Self.matrix([
          (unit + #","le":"25""#, #"[120,"4"]"#), (unit + #","le":"+Inf""#, #"[120,"6"]"#),
        ])),
      .response(200, Self.matrix([(unit, #"[120,"90"]"#)])),
      .response(200, Self.matrix([(unit, #"[120,"6"]"#)])),
    ])
    let database = try CanaryDatabase.inMemory()
    let summary = try Puller(client: Self.client(transport)).pull(
      try Self.plan(configuration), into: database, pulledAt: 1)
    // Two per-revision queries, then the three parts once for both quantiles.
    #expect(summary.queries == 5)
    #expect(transport.requests.count == 5)
    let expected = [
      "bucket:+Inf shop/cart 120 6.0", "bucket:25 shop/cart 120 4.0", "count shop/cart 120 6.0",
      "sum shop/cart 120 90.0",
    ]
    #expect(try Self.stored(database, "p50") == expected)
    #expect(try Self.stored(database, "p99") == expected)
  }
}
