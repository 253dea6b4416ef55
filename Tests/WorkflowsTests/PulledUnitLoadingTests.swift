import Analysis
import MetricModel
import Remote
import Store
import Testing

@testable import Workflows

/// Per-workload parts stand in for raw samples whether stored (`canary pull`) or kept in
/// memory (`analyze --prometheus --no-save`), and a pull covers the baseline data a
/// before-after analysis reads.
@Suite struct PulledUnitLoadingTests {
  static let minute: Int64 = 60_000

  static func configuration() throws -> AnalysisConfiguration {
    try AnalysisConfiguration(
      yaml: """
        version: 1
        minIntervals: 2
        warmup: 0
        metrics:
          - name: mem
            kind: gauge
            query: m
            unit: [app]
        """)
  }

  /// Parts of one revision: per unit a `sum` and a `count` at every step end of `ends`.
  static func parts(_ revision: String, _ units: [String: Double], ends: [Int64])
    -> PulledUnitSeries
  {
    PulledUnitSeries(
      revision: revision, metric: "mem", stepMilliseconds: minute, from: ends[0],
      to: ends[ends.count - 1], queries: ["sum by (app) (...)", "count by (app) (...)"],
      server: "http://127.0.0.1:9", pulledAt: 1,
      values: units.keys.sorted().flatMap { unit in
        [
          PulledUnitSeries.Values(
            component: "sum", unit: unit,
            points: ends.map { .init(time: $0, value: 2 * (units[unit] ?? 0)) }),
          PulledUnitSeries.Values(
            component: "count", unit: unit, points: ends.map { .init(time: $0, value: 2) }),
        ]
      })
  }

  @Test func storedAndInMemoryPartsGiveTheSameMatchedResult() throws {
    let configuration = try Self.configuration()
    let ends = (1...6).map { Int64($0) * Self.minute }
    // Workloads a and b on both revisions at once: a concurrent comparison, 10 against 12 and
    // 30 against 33; c on the baseline only.
    let units = [
      Self.parts("stable", ["a": 10, "b": 30, "c": 5], ends: ends),
      Self.parts("canary", ["a": 12, "b": 33], ends: ends),
    ]
    let window = try TimeWindow(from: 0, to: 6 * Self.minute)
    let database = try CanaryDatabase.inMemory()
    try database.replacePulled(steps: [], units: units)
    var stored = AnalysisRequest(
      baseline: "stable", canary: "canary", canaryWindow: window, configuration: configuration)
    stored.pulled = try PulledSteps.load(
      from: database, sides: [("canary", window), ("stable", window)],
      stepMilliseconds: Self.minute)
    var memory = stored
    memory.pulled = PulledSteps(fetched: [], units: units)

    var results: [MetricResult] = []
    for request in [stored, memory] {
      let report = try Analyzer.analyze(request, data: NoMetricData(), createdAt: 0)
      let metric = try #require(report.metrics.first)
      #expect(metric.design == .concurrent)
      #expect(metric.matched == true)
      #expect(metric.units?.map(\.unit) == ["a", "b"])
      #expect(metric.units?.first?.baseline == 10 && metric.units?.first?.canary == 12)
      #expect(metric.unitValues.count == 2 * 2 * ends.count)
      results.append(metric)
    }
    #expect(results[0] == results[1])
  }

  /// Without window flags a pull covers the last hour for the canary and, for the baseline,
  /// the hour before it and the warm-up too, up to now.
  @Test func aPullCoversTheBaselinePeriodBeforeTheCanaryWindow() throws {
    var configuration = try Self.configuration()
    configuration.warmupSteps = 2
    let now: Int64 = 1_800_000_000_000
    let workflow = PullWorkflow(
      databasePath: ":memory:",
      comparison: Comparison(baseline: "stable", canary: "canary", configuration: configuration),
      windows: WindowFlags(), selection: .label("istio_io_rev"))
    let plan = try workflow.plan(now: now)
    #expect(plan.targets.map(\.revision) == ["stable", "canary"])
    #expect(plan.targets[1].window == (try TimeWindow(from: now - 60 * Self.minute, to: now)))
    #expect(
      plan.targets[0].window == (try TimeWindow(from: now - 122 * Self.minute, to: now)))
    // Explicit windows are pulled as given.
    let explicit = PullWorkflow(
      databasePath: ":memory:", comparison: workflow.comparison,
      windows: WindowFlags(from: "\(now / 1000 - 1_800)", to: "\(now / 1000)"),
      selection: .label("istio_io_rev"))
    let window = try TimeWindow(from: now - 30 * Self.minute, to: now)
    #expect(try explicit.plan(now: now).targets.map(\.window) == [window, window])
  }
}
