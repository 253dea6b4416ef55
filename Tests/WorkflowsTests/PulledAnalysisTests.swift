import Analysis
import MetricModel
import Store
import Testing

@testable import Workflows

/// Pulled per-step values stand in for raw samples in the analysis, stored or in memory.
@Suite struct PulledAnalysisTests {
  static func configuration() throws -> AnalysisConfiguration {
    try AnalysisConfiguration(
      yaml: """
        version: 1
        minIntervals: 2
        metrics:
          - name: mem
            kind: gauge
            query: m
        """)
  }

  static func pulled(_ revision: String, _ values: [Double]) -> PulledSeries {
    PulledSeries(
      revision: revision, metric: "mem", stepMilliseconds: 60_000, from: 120_000, to: 240_000,
      query: "avg(avg_over_time(m[1m]))", server: "http://127.0.0.1:9", pulledAt: 1,
      timestamps: [120_000, 180_000, 240_000].prefix(values.count).map { $0 },
      values: values)
  }

  @Test func storedAndInMemoryPullsGiveTheSameValues() throws {
    let configuration = try Self.configuration()
    let series = [Self.pulled("stable", [1, 2]), Self.pulled("canary", [5, 6, 7])]
    let window = try TimeWindow(from: 60_000, to: 240_000)
    let sides = [("canary", window), ("stable", window)]

    let database = try CanaryDatabase.inMemory()
    try database.replacePulledSteps(series)
    var stored = AnalysisRequest(
      baseline: "stable", canary: "canary", canaryWindow: window, configuration: configuration)
    stored.pulled = try PulledSteps.load(from: database, sides: sides, stepMilliseconds: 60_000)
    var memory = stored
    memory.pulled = PulledSteps(fetched: series)

    for request in [stored, memory] {
      let report = try Analyzer.analyze(request, data: NoMetricData(), createdAt: 0)
      let metric = try #require(report.metrics.first)
      #expect(metric.values.baseline.map(\.value) == [1, 2])
      #expect(metric.values.canary.map(\.value) == [5, 6, 7])
    }
  }
}
