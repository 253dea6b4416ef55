import MetricModel
import Testing

@testable import Analysis

/// A namespace migration built in memory: six workloads with different error rates, two of
/// which move from stable to canary half-way (their pods restart, counters from 0). The
/// before-after design must find the moved workloads, use the others as controls, and see an
/// error regression of the moved ones only when there is one.
@Suite struct MatchedAnalysisTests {
  static let start: Int64 = 1_800_000_000_000
  static let scrape: Int64 = 15_000
  static let minutes = 60
  static let move = start + 30 * 60_000 + 7_000

  /// Counters of one pod: requests and 5xx, deterministic (no noise needed: the judge must
  /// see a 10× rise and nothing where there is none).
  static func add(
    _ data: inout MemoryMetricData, revision: String, unit: Int, from: Int64, to: Int64,
    perScrape: Double, errorShare: Double
  ) {
    let labels = [
      "reporter": "destination", "destination_workload": "w\(unit)",
      "destination_workload_namespace": "ns\(unit % 3)",
    ]
    var ok: [(Int64, Double)] = []
    var failed: [(Int64, Double)] = []
    var time = from
    var count = 0.0
    // A small deterministic wobble keeps the workloads from being identical.
    let wobble = 1 + Double(unit) * 0.03
    while time < to {
      count += 1
      ok.append((time, (count * perScrape * wobble).rounded()))
      failed.append((time, (count * perScrape * wobble * errorShare).rounded()))
      time += scrape
    }
    data.add(
      revision: revision, metric: "istio_requests_total",
      labels: labels.merging(["response_code": "200"]) { a, _ in a }, points: ok)
    data.add(
      revision: revision, metric: "istio_requests_total",
      labels: labels.merging(["response_code": "503"]) { a, _ in a }, points: failed)
  }

  static func mesh(errorFactor: Double) -> MemoryMetricData {
    var data = MemoryMetricData()
    let end = start + Int64(minutes) * 60_000
    for unit in 0..<6 {
      let share = 0.002 + Double(unit) * 0.0005
      if unit < 2 {
        add(
          &data, revision: "stable", unit: unit, from: start, to: move, perScrape: 900,
          errorShare: share)
        add(
          &data, revision: "canary", unit: unit, from: move, to: end, perScrape: 900,
          errorShare: share * errorFactor)
      } else {
        add(
          &data, revision: "stable", unit: unit, from: start, to: end, perScrape: 900,
          errorShare: share)
      }
    }
    return data
  }

  static func analyze(errorFactor: Double) throws -> MetricResult {
    var config = AnalysisConfiguration()
    var metric = MetricSpecification(
      name: "error-rate",
      query: .ratio(
        numerator: try Selector(parsing: #"istio_requests_total{response_code=~"5.."}"#),
        denominator: try Selector(parsing: "istio_requests_total")))
    metric.allowedIncrease = 1.5
    config.metrics = [metric]
    let window = try TimeWindow(from: move, to: start + Int64(minutes) * 60_000)
    let request = AnalysisRequest(
      baseline: "stable", canary: "canary", canaryWindow: window, configuration: config)
    let report = try Analyzer.analyze(request, data: mesh(errorFactor: errorFactor), createdAt: 0)
    return try #require(report.metrics.first)
  }

  @Test func healthyMoveIsMatchedAndPasses() throws {
    let result = try Self.analyze(errorFactor: 1)
    #expect(result.design == .beforeAfter)
    #expect(result.matched == true)
    #expect(result.test == .randomEffects)
    #expect(result.classification == .pass, "\(result.reason)")
    let evidence = try #require(result.evidence)
    #expect(evidence.comparedUnits == 2)
    #expect(evidence.controlUnits == 4)
    #expect(evidence.warmupSteps == 2)
    let ratio = try #require(result.effect.ratio)
    #expect(abs(ratio - 1) < 0.05)
    #expect(result.units?.count == 6)
  }

  @Test func tenfoldErrorsOnTheMovedWorkloadsRollBack() throws {
    let result = try Self.analyze(errorFactor: 10)
    #expect(result.classification == .high, "\(result.reason)")
    let ratio = try #require(result.effect.ratio)
    #expect(ratio > 8 && ratio < 12)
    #expect(try #require(result.effect.ciLow) > 1.5)
  }
}
