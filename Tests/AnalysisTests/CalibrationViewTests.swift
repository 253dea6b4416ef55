import MetricModel
import Testing

@testable import Analysis

/// A null mesh in memory: four namespaces of two workloads each on `stable` for 40 minutes,
/// a fifth namespace that left after 15 minutes, and istiod's own series. Nothing changes in
/// time, so every calibration draw is a true null.
enum CalibrationMesh {
  static let start: Int64 = 1_800_000_000_000
  static let scrape: Int64 = 15_000
  static let end = start + 40 * 60_000
  static let namespaces = ["ns0", "ns1", "ns2", "ns3"]

  static func requests(namespace: String, workload: String, to: Int64, wobble: Double)
    -> [(labels: [String: String], points: [(Int64, Double)])]
  {
    let labels = [
      "namespace": namespace, "reporter": "destination", "destination_workload": workload,
      "destination_workload_namespace": namespace,
    ]
    var ok: [(Int64, Double)] = []
    var failed: [(Int64, Double)] = []
    var count = 0.0
    for time in stride(from: start, to: to, by: Int(scrape)) {
      count += 1
      ok.append((time, (count * 900 * wobble).rounded()))
      failed.append((time, (count * 900 * wobble * 0.003).rounded()))
    }
    return [
      (labels.merging(["response_code": "200"]) { a, _ in a }, ok),
      (labels.merging(["response_code": "503"]) { a, _ in a }, failed),
    ]
  }

  static func data() -> MemoryMetricData {
    var data = MemoryMetricData()
    var index = 0
    for namespace in namespaces + ["gone"] {
      for workload in ["a", "b"] {
        index += 1
        let to = namespace == "gone" ? start + 15 * 60_000 : end
        for series in requests(
          namespace: namespace, workload: "\(namespace)-\(workload)", to: to,
          wobble: 1 + Double(index) * 0.03)
        {
          data.add(
            revision: "stable", metric: "istio_requests_total", labels: series.labels,
            points: series.points)
        }
      }
    }
    let pushes = stride(from: start, to: end, by: Int(scrape)).enumerated().map {
      ($0.element, Double($0.offset) * 3)
    }
    data.add(
      revision: "stable", metric: "pilot_xds_pushes",
      labels: ["app": "istiod", "namespace": "istio-system"], points: pushes)
    data.add(
      revision: "canary", metric: "istio_requests_total",
      labels: ["namespace": "ns0", "reporter": "destination"], points: [(start, 1)])
    return data
  }

  static func configuration() throws -> AnalysisConfiguration {
    var config = AnalysisConfiguration()
    var errors = MetricSpecification(
      name: "error-rate",
      query: .ratio(
        numerator: try Selector(parsing: #"istio_requests_total{response_code=~"5.."}"#),
        denominator: try Selector(parsing: #"istio_requests_total{reporter="destination"}"#)))
    errors.allowedIncrease = 1.5
    errors.critical = true
    let pushes = MetricSpecification(
      name: "xds-pushes", query: .rate(query: Selector(metric: "pilot_xds_pushes"), per: nil))
    config.metrics = [errors, pushes]
    return config
  }
}

/// What each revision sees through a calibration view: the pseudo canary only the moved
/// namespaces from the move on, the baseline everything else.
@Suite struct CalibrationViewTests {
  static func source() throws -> CalibrationSource {
    try CalibrationSource(
      revision: "stable", data: CalibrationMesh.data(),
      configuration: CalibrationMesh.configuration())
  }

  @Test func sourceSetsAsideWhatCannotBeSplit() throws {
    let source = try Self.source()
    #expect(source.namespaces == CalibrationMesh.namespaces)
    #expect(source.leftOutNamespaces == ["gone"])
    #expect(source.excludedMetrics == ["xds-pushes"])
    #expect(source.configuration.metrics.map(\.name) == ["error-rate"])
    #expect(source.range.from == CalibrationMesh.start)
    #expect(source.range.to == CalibrationMesh.end - CalibrationMesh.scrape)
  }

  @Test func thePseudoCanarySeesOnlyMovedNamespacesAfterTheMove() throws {
    let source = try Self.source()
    let move = CalibrationMesh.start + 20 * 60_000 + 7_000
    let view = CalibrationView(
      source: source, split: CalibrationSplit(moved: ["ns1", "ns3"], moveTime: move),
      canary: "calibration-canary")
    let selector = Selector(metric: "istio_requests_total")
    let canary = try view.samples(
      matching: selector, revision: "calibration-canary", after: .min, upTo: .max)
    #expect(canary.count == 8)
    for series in canary {
      #expect(["ns1", "ns3"].contains(CalibrationSplit.namespace(of: series.labels) ?? ""))
      #expect(series.timestamps.allSatisfy { $0 >= move })
      #expect(series.timestamps.first == CalibrationMesh.start + 81 * CalibrationMesh.scrape)
      #expect(series.timestamps.count == series.values.count)
    }
    let baseline = try view.samples(matching: selector, revision: "stable", after: .min, upTo: .max)
    #expect(baseline.count == 16)
    for series in baseline {
      let namespace = try #require(CalibrationSplit.namespace(of: series.labels))
      #expect(namespace != "gone")
      if ["ns1", "ns3"].contains(namespace) {
        #expect(series.timestamps.allSatisfy { $0 < move })
        #expect(series.timestamps.count == 81)
      } else {
        #expect(series.timestamps.count == 160)
      }
    }
    // istiod's series stay the baseline's; other revisions have nothing.
    let pushes = Selector(metric: "pilot_xds_pushes")
    #expect(
      try view.samples(matching: pushes, revision: "stable", after: .min, upTo: .max).count == 1)
    #expect(
      try view.samples(matching: pushes, revision: "calibration-canary", after: .min, upTo: .max)
        .isEmpty)
    #expect(
      try view.samples(matching: selector, revision: "canary", after: .min, upTo: .max).isEmpty)
  }

  @Test func rangesAndMatchersStillApply() throws {
    let source = try Self.source()
    let move = CalibrationMesh.start + 20 * 60_000
    let view = CalibrationView(
      source: source, split: CalibrationSplit(moved: ["ns0"], moveTime: move), canary: "pseudo")
    let errors = try Selector(parsing: #"istio_requests_total{response_code="503"}"#)
    let after = move + 60_000
    let upTo = move + 120_000
    let part = try view.samples(matching: errors, revision: "pseudo", after: after, upTo: upTo)
    #expect(part.count == 2)
    for series in part {
      #expect(series.labels["response_code"] == "503")
      #expect(series.timestamps == [after + 15_000, after + 30_000, after + 45_000, upTo])
    }
    // The baseline's part of a moved namespace ends before the move.
    let before = try view.samples(
      matching: errors, revision: "stable", after: move - 30_000, upTo: move + 30_000)
    let moved = before.filter { $0.labels["namespace"] == "ns0" }
    #expect(moved.count == 2)
    #expect(moved.allSatisfy { $0.timestamps == [move - 15_000] })
    let window = try #require(try view.canaryRange())
    #expect(window.from == move)
    #expect(window.to == CalibrationMesh.end - CalibrationMesh.scrape)
  }

  @Test func noWorkloadDataIsAnError() throws {
    var data = MemoryMetricData()
    data.add(
      revision: "stable", metric: "pilot_xds_pushes", labels: ["app": "istiod"],
      points: [(0, 1), (60_000, 2)])
    #expect(throws: CalibrationError.noWorkloadData(revision: "stable")) {
      try CalibrationSource(
        revision: "stable", data: data, configuration: CalibrationMesh.configuration())
    }
  }
}
