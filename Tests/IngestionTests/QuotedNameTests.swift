import Ingestion
import MetricModel
import Testing

/// Quoted (UTF-8) metric and label names in Prometheus text, as prometheus/common's
/// `TextParser` reads them under UTF-8 validation (`ExpositionParser+Labels.swift`).
@Suite struct QuotedNameTests {
  /// One input and the series it must give, as upstream's expected metric families say.
  struct Case: Sendable, CustomStringConvertible {
    var text: String
    var name: String
    var family: String
    var type: MetricType
    var labels: [String: String]
    var description: String { text }
  }

  static let cases: [Case] = [
    Case(
      text: "# TYPE \"my.metric\" counter\n{\"my.metric\",\"label.name\"=\"value\"} 1\n",
      name: "my.metric", family: "my.metric", type: .counter, labels: ["label.name": "value"]),
    Case(
      text: "{labelname=\"value\", \"my.metric\"} 1\n", name: "my.metric", family: "my.metric",
      type: .untyped, labels: ["labelname": "value"]),
    Case(
      text: #"{"my\"odd\nmetric\\","label\"name\n"="value"} 1"# + "\n",
      name: "my\"odd\nmetric\\", family: "my\"odd\nmetric\\", type: .untyped,
      labels: ["label\"name\n": "value"]),
    Case(
      text: "{\"gauge.name\",\"name*2\"=\"佖佥\"} 3.14e+42\n", name: "gauge.name",
      family: "gauge.name", type: .untyped, labels: ["name*2": "佖佥"]),
    Case(
      text: "metric_name{\"foo\"=\"bar\", \"dotted.label\"=\"bla\"} 3.14\n", name: "metric_name",
      family: "metric_name", type: .untyped, labels: ["foo": "bar", "dotted.label": "bla"]),
    Case(
      text: "# TYPE \"h.x\" histogram\n{\"h.x_bucket\",le=\"1\"} 2\n", name: "h.x_bucket",
      family: "h.x", type: .histogram, labels: ["le": "1"]),
    Case(text: "{plain} 1\n", name: "plain", family: "plain", type: .untyped, labels: [:]),
    Case(
      text: "\"quoted.first\"{a=\"b\"} 1\n", name: "quoted.first", family: "quoted.first",
      type: .untyped, labels: ["a": "b"]),
    Case(
      text: "\"quoted.alone\" 1\n", name: "quoted.alone", family: "quoted.alone", type: .untyped,
      labels: [:]),
  ]

  /// Each input gives its series in both modes, named and labelled as upstream reads them.
  @Test func seriesAreNamedAsUpstreamReadsThem() throws {
    #expect(Self.cases.count == 9)
    for testCase in Self.cases {
      for strict in [false, true] {
        let (handler, _) = try parse(testCase.text, format: .prometheus, strict: strict)
        let series = try #require(handler.series.first, "\(testCase.text)")
        #expect(handler.series.count == 1)
        #expect(series.name == testCase.name)
        #expect(series.family == testCase.family)
        #expect(series.type == testCase.type)
        #expect(series.labels == LabelSet(testCase.labels))
      }
    }
  }

  /// The same quoted series written twice is one series, and the value goes with it.
  @Test func aQuotedSeriesIsInternedOnce() throws {
    let text = "{\"a.b\",c=\"d\"} 1\n{\"a.b\",c=\"d\"} 2\n{\"a.b\", c=\"d\"} 3\n"
    let (handler, _) = try parse(text, format: .prometheus)
    #expect(handler.series.count == 1)
    #expect(handler.samples.map(\.value) == [1, 2, 3])
  }

  /// Malformed quoted names fail in both modes at the byte that is wrong.
  @Test func malformedQuotedNames() throws {
    let cases: [(text: String, column: Int, message: String)] = [
      ("{\"one.name\",\"another.name\"} 3.14\n", 13, "second metric name"),
      ("{\"metric.name\".label=\"bla\"} 3.14\n", 15, "expected \",\", \"}\" or \"=\""),
      ("{} 3.14\n", 1, "invalid metric name"),
      ("{a=\"b\"} 3.14\n", 1, "invalid metric name"),
      ("{\"\"} 1\n", 2, "empty quoted metric or label name"),
      ("m{\"\"=\"x\"} 1\n", 3, "empty quoted label name"),
      ("\"\" 1\n", 1, "empty quoted metric name"),
      ("# TYPE \"a.b\"counter\n", 13, "right after the quoted name"),
      ("# TYPE \"a.b counter\n", 8, "unterminated quoted metric name"),
      ("{\"a.b\n", 2, "unterminated quoted metric or label name"),
      ("{\"metric.name\",\"new\n", 16, "unterminated quoted metric or label name"),
    ]
    #expect(cases.count == 11)
    for (text, column, message) in cases {
      for strict in [false, true] {
        let error = try #require(
          parseError(text, format: .prometheus, strict: strict), "\(text) strict \(strict)")
        #expect(error.line == 1, "\(text)")
        #expect(error.column == column, "\(text): \(error)")
        #expect(error.message.contains(message), "\(text): \(error)")
      }
    }
  }

  /// An unknown escape in a quoted name: refused under `--strict`, kept as written otherwise
  /// (as in label values).
  @Test func unknownEscapeInAName() throws {
    let text = #"{"a\qb"} 1"# + "\n"
    let error = try #require(parseError(text, format: .prometheus, strict: true))
    #expect(error.column == 4)
    #expect(error.message.contains("invalid escape sequence \"\\q\" in metric or label name"))
    let (handler, _) = try parse(text, format: .prometheus)
    #expect(handler.series.first?.name == #"a\qb"#)
  }

  /// OpenMetrics 1.0 has no quoted names: strict OpenMetrics refuses them where they start.
  @Test func strictOpenMetricsRefusesQuotedNames() throws {
    let sample = try #require(
      parseError("{\"a.b\"} 1\n# EOF\n", format: .openmetrics, strict: true))
    #expect(sample.line == 1 && sample.column == 1)
    #expect(sample.message.contains("invalid metric name"))
    let metadata = try #require(
      parseError("# TYPE \"a.b\" gauge\n# EOF\n", format: .openmetrics, strict: true))
    #expect(metadata.line == 1 && metadata.column == 8)
    #expect(metadata.message.contains("invalid metric name"))
  }
}
