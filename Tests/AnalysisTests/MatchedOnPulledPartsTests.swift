import MetricModel
import Testing

@testable import Analysis

/// The matched designs run unchanged on pulled per-workload parts: an analysis whose only data
/// are the parts (and per-revision values) a server would return gives the very result of the
/// analysis of the raw samples, for a concurrent comparison and for a before-after one.
@Suite struct MatchedOnPulledPartsTests {
  static let start = MatchedAnalysisTests.start
  static let end = start + Int64(MatchedAnalysisTests.minutes) * 60_000

  /// Four workloads on stable for the whole hour; two of them with pods on canary at the same
  /// time (concurrent), or moving to canary half-way (before-after). Canary errors ×3.
  static func mesh(concurrent: Bool) -> MemoryMetricData {
    var data = MemoryMetricData()
    for unit in 0..<4 {
      let share = 0.002 + Double(unit) * 0.0005
      let moves = unit < 2 && !concurrent
      MatchedAnalysisTests.add(
        &data, revision: "stable", unit: unit, from: start,
        to: moves ? MatchedAnalysisTests.move : end, perScrape: 900, errorShare: share)
      if unit < 2 {
        MatchedAnalysisTests.add(
          &data, revision: "canary", unit: unit,
          from: concurrent ? start : MatchedAnalysisTests.move,
          to: end, perScrape: 600, errorShare: share * 3)
      }
    }
    return data
  }

  static func request(concurrent: Bool) throws -> AnalysisRequest {
    var config = AnalysisConfiguration()
    var metric = MetricSpecification(
      name: "error-rate",
      query: .ratio(
        numerator: try Selector(parsing: #"istio_requests_total{response_code=~"5.."}"#),
        denominator: try Selector(parsing: "istio_requests_total")))
    metric.allowedIncrease = 1.5
    config.metrics = [metric]
    let window = try TimeWindow(from: concurrent ? start : MatchedAnalysisTests.move, to: end)
    return AnalysisRequest(
      baseline: "stable", canary: "canary", canaryWindow: window, configuration: config)
  }

  /// What a server would return for `request` over `data`: each revision's per-step values
  /// and per-workload parts over the grid the analysis reads.
  static func pulled(_ request: AnalysisRequest, from data: MemoryMetricData) throws
    -> PulledSteps
  {
    var pulled = PulledSteps()
    let step = request.configuration.stepMilliseconds
    let grids = [
      (request.baseline, StepGrid(window: try request.baselineCoverage, step: step)),
      (request.canary, StepGrid(window: request.canaryWindow, step: step)),
    ]
    for metric in request.configuration.metrics {
      for (revision, grid) in grids {
        let first = try #require(grid.ends.first)
        let last = try #require(grid.ends.last)
        let values = try StepDeriver(data: data, grid: grid, revision: revision).values(
          for: metric)
        pulled.set(values, metric: metric.name, revision: revision, stepMilliseconds: step)
        pulled.addWindow(
          metric: metric.name, revision: revision, stepMilliseconds: step, from: first, to: last)
        pulled.units.addWindow(
          metric: metric.name, revision: revision, stepMilliseconds: step, from: first, to: last)
        let steps = try UnitDeriver(data: data, grid: grid, revision: revision, rule: metric.unit)
          .steps(for: metric)
        for (unit, observations) in steps.units {
          for (component, part) in [
            ("numerator", \UnitSteps.Observation.numerator),
            ("denominator", \UnitSteps.Observation.denominator),
          ] {
            pulled.units.merge(
              observations.map { ($0.key, $0.value[keyPath: part]) }, metric: metric.name,
              revision: revision, stepMilliseconds: step, component: component, unit: unit)
          }
        }
      }
    }
    return pulled
  }

  @Test(arguments: [(true, Design.concurrent), (false, .beforeAfter)])
  func pulledPartsGiveTheRawSamplesResult(concurrent: Bool, design: Design) throws {
    let data = Self.mesh(concurrent: concurrent)
    let request = try Self.request(concurrent: concurrent)
    let raw = try Analyzer.analyze(request, data: data, createdAt: 0)
    var remote = request
    remote.pulled = try Self.pulled(request, from: data)
    let pulled = try Analyzer.analyze(remote, data: MemoryMetricData(), createdAt: 0)

    let metric = try #require(raw.metrics.first)
    #expect(metric.design == design)
    #expect(metric.matched == true)
    #expect(metric.classification == .high, "\(metric.reason)")
    #expect(metric.units?.count == (concurrent ? 2 : 4))
    #expect(!metric.unitValues.isEmpty)
    #expect(pulled.metrics == raw.metrics)
    #expect(pulled.verdict == raw.verdict && pulled.reasons == raw.reasons)
  }

  /// Per-revision values without parts (a pull made before parts were pulled) cannot be
  /// matched: pooled, and the report says why.
  @Test func valuesWithoutPartsArePooled() throws {
    let data = Self.mesh(concurrent: false)
    var request = try Self.request(concurrent: false)
    var pulled = try Self.pulled(request, from: data)
    pulled.units = PulledUnitSteps()
    request.pulled = pulled
    let report = try Analyzer.analyze(request, data: MemoryMetricData(), createdAt: 0)
    let metric = try #require(report.metrics.first)
    #expect(metric.design == .pooled)
    #expect(metric.matched == false)
    #expect(metric.reason.hasPrefix("unmatched (values pulled per revision)"), "\(metric.reason)")
  }
}
