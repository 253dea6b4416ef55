import Foundation
import Ingestion
import MetricModel
import Testing

/// The bytes of fixture `name`.
func fixture(_ name: String) throws -> [UInt8] {
  let directory = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
  return Array(try Data(contentsOf: directory.appendingPathComponent(name)))
}

@Suite struct FixtureTests {
  @Test func sidecarDump() throws {
    let (handler, format) = try parse(bytes: try fixture("sidecar-15090.prom"))
    #expect(format == .prometheus)
    #expect(handler.skipped.isEmpty)
    // 7 envoy series + 5 request counters + 3 × 22 duration series + 22 rq_time series.
    #expect(handler.series.count == 100)
    #expect(handler.samples.count == 100)
    let requests = handler.series.filter { $0.name == "istio_requests_total" }
    #expect(requests.count == 5)
    #expect(requests.allSatisfy { $0.family == "istio_requests_total" && $0.type == .counter })
    #expect(requests[0].labels["grpc_response_status"] == nil)  // "" is absent
    #expect(
      requests[0].labels["source_principal"]
        == "spiffe://cluster.local/ns/bookinfo/sa/bookinfo-productpage")
    let buckets = handler.series.filter { $0.name == "istio_request_duration_milliseconds_bucket" }
    #expect(
      buckets.allSatisfy {
        $0.family == "istio_request_duration_milliseconds" && $0.type == .histogram
      })
    #expect(buckets.contains { $0.labels["le"] == "1.8e+06" })
    let rqTime = handler.series.filter { $0.name == "envoy_cluster_upstream_rq_time_bucket" }
    // Envoy's `1800000` and the other endpoint's `1.8e+06` are the same bound.
    #expect(rqTime.contains { $0.labels["le"] == "1.8e+06" })
    #expect(handler.series.contains { $0.name == "envoy_server_uptime" && $0.labels == .empty })
  }

  @Test func sidecarDumpRepeatsTypeSoStrictRejectsIt() throws {
    let error = try #require(parseError(bytes: try fixture("sidecar-15090.prom"), strict: true))
    #expect(error.line == 12)
    #expect(error.message.contains("second # TYPE line"))
  }

  @Test func istiodDump() throws {
    for strict in [false, true] {
      let (handler, format) = try parse(bytes: try fixture("istiod-15014.prom"), strict: strict)
      #expect(format == .prometheus)
      let pushes = try #require(handler.series.first { $0.name == "pilot_xds_pushes" })
      #expect(pushes.family == "pilot_xds_pushes")
      #expect(pushes.type == .counter)
      #expect(pushes.labels == LabelSet(["type": "cds"]))
      let quantiles = handler.series.filter { $0.family == "go_gc_duration_seconds" }
      #expect(
        quantiles.map { $0.labels["quantile"] ?? "-" } == [
          "0", "0.25", "0.5", "0.75", "1", "-", "-",
        ])
      #expect(
        handler.series.first { $0.name == "pilot_proxy_convergence_time_count" }?.type == .histogram
      )
      #expect(handler.samples.count == 43)
    }
  }

  @Test func pilotAgentMergedDump() throws {
    let bytes = try fixture("pilot-agent-15020.txt")
    let (handler, format) = try parse(bytes: bytes)
    #expect(format == .openmetrics)
    #expect(handler.skipped.isEmpty)
    // `_created` is a creation time, not a sample.
    #expect(!handler.series.contains { $0.name.hasSuffix("_created") })
    let jobs = try #require(handler.series.first { $0.name == "app_jobs_processed_total" })
    #expect(jobs.family == "app_jobs_processed")
    #expect(
      handler.series.first { $0.name == "envoy_cluster_upstream_rq_completed" }?.type == .untyped)
    #expect(handler.samples.count == 9)
    // Explicit OpenMetrics, lenient: the 0.0.4 parts (blank line, untyped) still parse.
    #expect(try parse(bytes: bytes, format: .openmetrics).0.samples.count == 9)
    // Strict OpenMetrics names the first 0.0.4-only feature: a counter without _total.
    let error = try #require(parseError(bytes: bytes, format: .openmetrics, strict: true))
    #expect(error.line == 6 && error.column == 1)
    #expect(error.message.contains("lacks the _total suffix"))
  }

  @Test func openMetricsFile() throws {
    for strict in [false, true] {
      let (handler, format) = try parse(bytes: try fixture("openmetrics-full.txt"), strict: strict)
      #expect(format == .openmetrics)
      #expect(handler.series.count == 15)
      #expect(!handler.series.contains { $0.name.hasSuffix("_created") })
      let first = try #require(handler.samples.first)
      #expect(first.timestamp == 1_764_237_600_000)
      #expect(first.series.labels["le"] == "0.01")
      #expect(handler.samples.contains { $0.series.labels["le"] == "1" })
      let counter = try #require(
        handler.samples.first { $0.series.name == "mysql_connections_total" })
      #expect(counter.series.family == "mysql_connections")
      #expect(counter.timestamp == 1_764_237_600_000)  // 0.0004 s rounds to 0 ms
      #expect(handler.series.first { $0.name == "build_info" }?.type == .info)
      #expect(handler.series.first { $0.name == "build_info" }?.family == "build")
      #expect(handler.series.filter { $0.type == .stateset }.count == 2)
      #expect(
        handler.series.first { $0.name == "queue_wait_seconds_gsum" }?.type == .gaugehistogram)
      #expect(handler.samples.last?.timestamp == 1_764_237_601_000)  // .9995 s rounds up
      #expect(handler.series.last?.type == .untyped)
    }
  }

  @Test func csvFile() throws {
    let (handler, format) = try parse(bytes: try fixture("samples.csv"))
    #expect(format == .csv)
    #expect(handler.samples.count == 7)
    #expect(handler.series.count == 6)
    let first = handler.samples[0]
    #expect(first.series.revision == "canary")
    #expect(first.series.type == .counter)
    #expect(
      first.series.labels
        == LabelSet(["destination_workload": "reviews-v2", "response_code": "200"]))
    #expect(first.timestamp == 1_764_237_600_000)
    #expect(handler.samples[1].timestamp == 1_764_237_630_000)
    #expect(handler.samples[2].timestamp == 1_764_237_600_500)
    #expect(handler.samples[2].series.labels["note"] == "quoted, with comma")
    let bucket = handler.samples[3]
    #expect(bucket.timestamp == 1_764_237_600_250)
    #expect(bucket.series.labels["le"] == "1")
    #expect(bucket.series.family == "istio_request_duration_milliseconds")
    let last = try #require(handler.samples.last)
    #expect(last.series.revision == nil)
    #expect(last.series.type == .untyped)
    #expect(last.series.labels["note"] == "multi\r\nline \"note\"")
  }

  struct Malformed: Sendable, CustomStringConvertible {
    var file: String
    var format: InputFormat = .auto
    var strict = false
    var line: Int
    var column: Int
    var message: String
    var description: String { file }
  }

  static let malformed: [Malformed] = [
    Malformed(
      file: "bad-escape.prom", strict: true, line: 2, column: 11,
      message:
        "invalid escape sequence \"\\q\" in label value (text format 0.0.4: only \\\\, \\\" and \\n are allowed)"
    ),
    Malformed(file: "value-not-number.prom", line: 2, column: 14, message: "invalid value \"abc\""),
    Malformed(
      file: "unterminated-labels.prom", line: 2, column: 2, message: "unterminated label set"),
    Malformed(
      file: "duplicate-label.prom", line: 1, column: 24, message: "duplicate label name \"path\""),
    Malformed(
      file: "histogram-no-inf.prom", format: .openmetrics, strict: true, line: 2, column: 1,
      message: "no bucket with le=\"+Inf\""),
    Malformed(file: "value-comma.prom", line: 3, column: 10, message: "invalid value \"1,5\""),
    Malformed(
      file: "openmetrics-no-eof.txt", format: .openmetrics, line: 4, column: 1,
      message: "missing \"# EOF\""),
    Malformed(file: "binary.bin", line: 3, column: 1, message: "binary"),
  ]

  @Test(arguments: malformed) func malformedFixture(_ expected: Malformed) throws {
    let bytes = try fixture(expected.file)
    let error = try #require(
      parseError(bytes: bytes, format: expected.format, strict: expected.strict))
    #expect(error.line == expected.line)
    #expect(error.column == expected.column)
    #expect(error.message.contains(expected.message), "\(error.message)")
  }

  @Test func lenientModeAcceptsWhatStrictRejects() throws {
    let escape = try parse(bytes: try fixture("bad-escape.prom")).0
    #expect(escape.series.first?.labels["path"] == "/a\\q")  // kept as written
    let histogram = try parse(bytes: try fixture("histogram-no-inf.prom")).0
    #expect(histogram.samples.count == 4)
    let noEOF = try parse(bytes: try fixture("openmetrics-no-eof.txt")).0
    #expect(noEOF.samples.count == 2)
  }

  /// Strict 0.0.4 follows prometheus/common's `TextParser`, which needs no `+Inf` bucket
  /// (OpenMetrics does, above).
  @Test func strictTextFormatAcceptsAHistogramWithoutInfinity() throws {
    let bytes = try fixture("histogram-no-inf.prom")
    let (handler, format) = try parse(bytes: bytes, format: .prometheus, strict: true)
    #expect(format == .prometheus)
    #expect(handler.samples.count == 4)
    #expect(handler.series.filter { $0.family == "h" }.count == 4)
  }

  @Test func emptyFileIsZeroSamples() throws {
    for format in [InputFormat.auto, .prometheus, .csv] {
      let (handler, _) = try parse(bytes: try fixture("empty.prom"), format: format, strict: true)
      #expect(handler.samples.isEmpty && handler.series.isEmpty)
    }
    #expect(try parse(bytes: try fixture("empty.prom"), format: .openmetrics).0.samples.isEmpty)
    // Strict OpenMetrics is the exception: an exposition always ends with # EOF.
    let error = try #require(
      parseError(bytes: try fixture("empty.prom"), format: .openmetrics, strict: true))
    #expect(error.line == 1 && error.message.contains("missing \"# EOF\""))
  }

  @Test func fileSourceReadsFixtures() throws {
    let directory = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    var source = try FileSource(path: directory.appendingPathComponent("istiod-15014.prom").path)
    var handler = RecordingHandler()
    _ = try parseSamples(from: &source, format: .auto, options: ParserOptions(), handler: &handler)
    #expect(handler.samples.count == 43)
    #expect(throws: IngestionError.self) { try FileSource(path: "/nonexistent/metrics.prom") }
  }
}
