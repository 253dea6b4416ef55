import MetricModel
import Testing

@testable import Analysis

/// Per-workload parts pulled from a server become the observations ``UnitDeriver`` would make,
/// and the matched designs run on them unchanged.
@Suite struct PulledUnitStepsTests {
  static let step: Int64 = 60_000
  static let grid = StepGrid(from: 0, to: 300_000, step: step)  // ends 60 s ... 300 s

  static func metric(_ query: MetricQuery) -> MetricSpecification {
    MetricSpecification(name: "m", query: query)
  }

  /// Parts of one revision, covering the whole grid.
  static func parts(_ entries: [(String, String, [(Int64, Double)])]) -> PulledUnitSteps {
    var pulled = PulledUnitSteps()
    pulled.addWindow(
      metric: "m", revision: "canary", stepMilliseconds: step, from: 60_000, to: 300_000)
    for (component, unit, values) in entries {
      pulled.merge(
        values, metric: "m", revision: "canary", stepMilliseconds: step, component: component,
        unit: unit)
    }
    return pulled
  }

  @Test func ratioDropsStepsWithoutRequestsAndCountsAMissingNumeratorAsZero() throws {
    let pulled = Self.parts([
      ("denominator", "ns/a", [(60_000, 100), (120_000, 0), (180_000, 50)]),
      ("numerator", "ns/a", [(60_000, 3)]),
    ])
    let steps = try #require(
      pulled.steps(
        for: Self.metric(
          .ratio(numerator: try Selector(parsing: "e"), denominator: try Selector(parsing: "r"))),
        revision: "canary", grid: Self.grid))
    #expect(steps.names == ["ns/a"])
    #expect(steps.units["ns/a"]?[60_000] == .init(numerator: 3, denominator: 100))
    #expect(steps.units["ns/a"]?[120_000] == nil)
    #expect(steps.units["ns/a"]?[180_000] == .init(numerator: 0, denominator: 50))
  }

  @Test func rateIsPerSecondAndPerProxyWithoutStepsOfNoProxy() throws {
    let pulled = Self.parts([
      ("increase", "ns/a", [(60_000, 120), (120_000, 60), (180_000, 30)]),
      ("per", "ns/a", [(60_000, 2), (120_000, 0)]),
    ])
    let steps = try #require(
      pulled.steps(
        for: Self.metric(
          .rate(query: try Selector(parsing: "c"), per: try Selector(parsing: "live"))),
        revision: "canary", grid: Self.grid))
    #expect(steps.units["ns/a"] == [60_000: .init(numerator: 2, denominator: 2)])
    // Without `per` the divisor is 1.
    let plain = try #require(
      pulled.steps(
        for: Self.metric(.rate(query: try Selector(parsing: "c"), per: nil)),
        revision: "canary", grid: Self.grid))
    #expect(plain.units["ns/a"]?.count == 3)
    #expect(plain.units["ns/a"]?[180_000] == .init(numerator: 0.5, denominator: 1))
  }

  @Test func bucketsMergeByBoundAndStepsWithoutRequestsAreAbsent() throws {
    let pulled = Self.parts([
      ("bucket:1", "ns/a", [(60_000, 4), (120_000, 0)]),
      ("bucket:1.0", "ns/a", [(60_000, 1)]),
      ("bucket:+Inf", "ns/a", [(60_000, 10), (120_000, 0)]),
      ("bucket:5", "ns/b", [(60_000, 2)]),
      ("bucket:+Inf", "ns/b", [(60_000, 2)]),
      ("sum", "ns/a", [(60_000, 25)]),
      ("count", "ns/a", [(60_000, 10)]),
    ])
    let steps = try #require(
      pulled.steps(
        for: Self.metric(.quantile(histogram: try Selector(parsing: "h"), quantile: 0.5)),
        revision: "canary", grid: Self.grid))
    #expect(steps.bounds == [1, 5, .infinity])
    #expect(
      steps.units["ns/a"] == [60_000: .init(numerator: 25, denominator: 10, buckets: [5, 0, 10])])
    // ns/b has buckets but no _sum/_count pulled: 0, as UnitDeriver counts a missing one.
    #expect(
      steps.units["ns/b"] == [60_000: .init(numerator: 0, denominator: 0, buckets: [0, 2, 2])])
  }

  @Test(arguments: [(Aggregate.avg, 3.0), (.sum, 12), (.min, 1), (.max, 7)])
  func gaugeAggregates(_ aggregate: Aggregate, _ expected: Double) throws {
    let pulled = Self.parts([
      ("sum", "ns/a", [(60_000, 12)]), ("count", "ns/a", [(60_000, 4)]),
      ("min", "ns/a", [(60_000, 1)]), ("max", "ns/a", [(60_000, 7)]),
    ])
    let steps = try #require(
      pulled.steps(
        for: Self.metric(.gauge(query: try Selector(parsing: "g"), aggregate: aggregate)),
        revision: "canary", grid: Self.grid))
    #expect(steps.units["ns/a"] == [60_000: .init(numerator: expected, denominator: 1)])
  }

  @Test func onlyAPulledWindowOverlappingTheGridStandsInForRawSamples() throws {
    let pulled = Self.parts([("sum", "ns/a", [(60_000, 1), (600_000, 2)])])
    let metric = Self.metric(.gauge(query: try Selector(parsing: "g"), aggregate: .sum))
    // Another revision, a later grid: derive from raw samples.
    #expect(pulled.steps(for: metric, revision: "stable", grid: Self.grid) == nil)
    let later = StepGrid(from: 540_000, to: 900_000, step: Self.step)
    #expect(pulled.steps(for: metric, revision: "canary", grid: later) == nil)
    // The grid keeps its own steps only.
    let steps = try #require(pulled.steps(for: metric, revision: "canary", grid: Self.grid))
    #expect(steps.units["ns/a"] == [60_000: .init(numerator: 1, denominator: 1)])
    // A window that found nothing still stands in: no workloads (nodata), not raw samples.
    var empty = PulledUnitSteps()
    empty.addWindow(
      metric: "m", revision: "canary", stepMilliseconds: Self.step, from: 240_000, to: 600_000)
    #expect(empty.steps(for: metric, revision: "canary", grid: Self.grid)?.units.isEmpty == true)
  }

  /// The pull's baseline span is the matched analysis' baseline grid, for each window shape.
  @Test(arguments: [(false, false), (true, false), (false, true)])
  func baselineCoverageIsTheMatchedBaselineGrid(explicitBaseline: Bool, sameRevision: Bool)
    throws
  {
    var configuration = AnalysisConfiguration()
    configuration.warmupSteps = 3
    let canaryWindow = try TimeWindow(from: 7_200_000, to: 9_000_000)
    let request = AnalysisRequest(
      baseline: "stable", canary: sameRevision ? "stable" : "canary",
      canaryWindow: canaryWindow,
      baselineWindow: explicitBaseline ? try TimeWindow(from: 6_000_000, to: 8_000_000) : nil,
      configuration: configuration)
    let matched = MatchedAnalysis(
      data: MemoryMetricData(), cache: DerivationCache(), request: request,
      canaryWindow: canaryWindow, baselineWindow: request.baselineWindow)
    let coverage = try request.baselineCoverage
    #expect(
      StepGrid(window: coverage, step: configuration.stepMilliseconds) == matched.baselineGrid)
    if !explicitBaseline && !sameRevision {
      // An equally long period and the warm-up before the canary window, and the window.
      #expect(coverage.from == 7_200_000 - 1_800_000 - 3 * configuration.stepMilliseconds)
      #expect(coverage.to == 9_000_000)
    }
  }
}
