import Ingestion
import MetricModel
import Testing

@Suite struct ExpositionParserTests {
  @Test func basicPrometheusText() throws {
    let text = """
      # HELP http_requests_total The total.
      # TYPE http_requests_total counter
      http_requests_total{method="post",code="200"} 1027 1395066363000
      http_requests_total{method="post",code="400"}    3 1395066363000
      http_requests_total{method="post",code="200"} 1028
      # A comment
      metric_without_labels 12.47
      envoy_cluster_upstream_cx_total{} 5

      """
    let (handler, format) = try parse(text)
    #expect(format == .prometheus)
    #expect(handler.series.count == 4)
    #expect(handler.samples.count == 5)
    let first = try #require(handler.series.first)
    #expect(first.name == "http_requests_total")
    #expect(first.family == "http_requests_total")
    #expect(first.type == .counter)
    #expect(first.labels == LabelSet(["method": "post", "code": "200"]))
    #expect(handler.samples[0].timestamp == 1_395_066_363_000)
    #expect(handler.samples[2].timestamp == nil)
    #expect(handler.samples[2].value == 1028)
    #expect(handler.series[2].type == .untyped)
    #expect(handler.series[3].labels == .empty)
  }

  @Test func histogramFamilyAndCanonicalBounds() throws {
    let text = """
      # TYPE d histogram
      d_bucket{le="1"} 1
      d_bucket{le="1.0"} 2
      d_bucket{le="1e+00"} 3
      d_bucket{le="+Inf"} 4
      d_sum 5
      d_count 4
      """
    let (handler, _) = try parse(text)
    // Three spellings of le="1" are one series.
    #expect(handler.series.count == 4)
    #expect(handler.samples.count == 6)
    #expect(handler.series.map(\.family).allSatisfy { $0 == "d" })
    #expect(handler.series.allSatisfy { $0.type == .histogram })
    #expect(handler.series[0].labels["le"] == "1")
    #expect(handler.samples[2].series == handler.series[0])
    #expect(handler.series[1].labels["le"] == "+Inf")
  }
}
