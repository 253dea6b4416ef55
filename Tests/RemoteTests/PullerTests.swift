import Analysis
import Foundation
import MetricModel
import Store
import Testing

@testable import Remote

@Suite struct PullerTests {
  /// A one-metric configuration with a 1-minute step.
  static func configuration(query: String = "m") throws -> AnalysisConfiguration {
    try AnalysisConfiguration(
      yaml: """
        version: 1
        minIntervals: 2
        metrics:
          - name: mem
            kind: gauge
            query: \(query)
        """)
  }

  @Test func planQueriesEachRevisionOverItsStepGrid() throws {
    let plan = PullPlan(
      configuration: try Self.configuration(),
      targets: [
        .init(
          revision: "stable",
          matcher: try PromQLQueries.revisionMatcher(label: "r", revision: "stable"),
          window: try TimeWindow(from: 7_000, to: 300_000)),
        .init(
          revision: "canary",
          matcher: try PromQLQueries.revisionMatcher(label: "r", revision: "canary"),
          window: try TimeWindow(from: 0, to: 30_000)),
      ])
    let queries = plan.queries()
    // The canary's window holds no whole step: no query for it. The stable one: the
    // per-revision value, then the gauge's per-workload parts (avg: sum and count).
    #expect(queries.count == 3)
    let proxy = "namespace, kubernetes_namespace, pod, kubernetes_pod_name, app"
    #expect(
      queries.map(\.text) == [
        #"avg(avg_over_time(m{r="stable"}[1m]))"#,
        "sum by (\(proxy)) (avg_over_time(m{r=\"stable\"}[1m]))",
        "count by (\(proxy)) (avg_over_time(m{r=\"stable\"}[1m]))",
      ])
    #expect(queries.map(\.unitPart?.query.component) == [nil, .sum, .count])
    #expect(
      queries.allSatisfy { $0.range == QueryRange(start: 120_000, end: 300_000, step: 60_000) })
  }

  @Test func pulledValuesReplaceEarlierOnes() throws {
    let database = try CanaryDatabase.inMemory()
    // istiod's family: the per-revision query only.
    let configuration = try Self.configuration(query: "pilot_m")
    let body: (String) -> String = { values in
      #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":["#
        + values + "]}]}}"
    }
    let transport = ScriptedTransport([
      .response(200, body(#"[120,"1"],[180,"2"],[240,"+Inf"]"#)),
      .response(200, body(#"[120,"5"],[180,"6"],[240,"7"]"#)),
    ])
    let client = PrometheusClient(
      baseURL: URL(fileURLWithPath: "/"), transport: transport, sleeper: RecordingSleeper())
    let plan = PullPlan(
      configuration: configuration,
      targets: try ["stable", "canary"].map {
        .init(
          revision: $0, matcher: try PromQLQueries.revisionMatcher(label: "r", revision: $0),
          window: try TimeWindow(from: 60_000, to: 240_000))
      })
    let summary = try Puller(client: client).pull(plan, into: database, pulledAt: 1)
    #expect(summary.queries == 2 && summary.values == 5)
    #expect(
      try database.pulledSteps(
        revision: "stable", metric: "mem", stepMilliseconds: 60_000, from: 0, to: 1_000_000
      ).map(\.1) == [1, 2])

    // The same window again replaces what was stored.
    let again = ScriptedTransport([.response(200, body(#"[180,"9"]"#))])
    try Puller(
      client: PrometheusClient(
        baseURL: URL(fileURLWithPath: "/"), transport: again, sleeper: RecordingSleeper())
    ).pull(
      PullPlan(configuration: configuration, targets: [plan.targets[0]]), into: database,
      pulledAt: 2)
    #expect(
      try database.pulledSteps(
        revision: "stable", metric: "mem", stepMilliseconds: 60_000, from: 0, to: 1_000_000
      ).map(\.1) == [9])
  }
}
