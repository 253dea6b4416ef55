import Ingestion
import MetricModel
import Testing

@Suite struct ExpositionRulesTests {
  @Test func labelValueEscapes() throws {
    let (handler, _) = try parse(#"m{a="x\\y",b="say \"hi\"",c="two\nlines",d="}{,="} 1"#)
    let labels = try #require(handler.series.first?.labels)
    #expect(labels["a"] == #"x\y"#)
    #expect(labels["b"] == #"say "hi""#)
    #expect(labels["c"] == "two\nlines")
    #expect(labels["d"] == "}{,=")
  }

  @Test func specialValues() throws {
    let (handler, _) = try parse("a NaN\nb +Inf\nc -Inf\nd Inf\ne 1e3\nf -0.5\n")
    #expect(handler.samples[0].value.isNaN)
    #expect(
      handler.samples.dropFirst().map(\.value) == [.infinity, -.infinity, .infinity, 1000, -0.5])
  }

  @Test func timestampsAreMillisecondsIn004AndSecondsInOpenMetrics() throws {
    let prometheus = try parse("m 1 1700000000123\nn 2 -5\n").0
    #expect(prometheus.samples.map(\.timestamp) == [1_700_000_000_123, -5])
    let openMetrics = try parse("m 1 1700000000.123\nn 2 -0.0006\n# EOF\n").0
    #expect(openMetrics.samples.map(\.timestamp) == [1_700_000_000_123, -1])
    let error = try #require(parseError("m 1 1700000000.5\n"))
    #expect(error.line == 1 && error.column == 5)
    #expect(error.message.contains("integer milliseconds"))
  }

  @Test func crlfAndWhitespace() throws {
    let text = "# TYPE m counter\r\n  m { a = \"1\" , b=\"2\", } \t 3 \t 1000 \r\n\r\nn{} 4\r\n"
    let (handler, _) = try parse(text)
    #expect(handler.samples.map(\.value) == [3, 4])
    #expect(handler.samples[0].timestamp == 1000)
    #expect(handler.series[0].labels == LabelSet(["a": "1", "b": "2"]))
    let strict = try #require(parseError(text, strict: true))
    #expect(strict.line == 1 && strict.column == 17)
    #expect(strict.message.contains("carriage return"))
  }

  @Test(arguments: [1, 2, 7, 64, 4096]) func chunkBoundariesDoNotChangeResults(_ size: Int) throws {
    let bytes = try fixture("sidecar-15090.prom") + Array("tail_without_newline{x=\"y\"} 7".utf8)
    let whole = try parse(bytes: bytes).0
    let smallReads = try parse(bytes: bytes, readSize: size).0
    let smallBuffer = try parse(bytes: bytes, format: .prometheus, chunkSize: size).0
    #expect(smallReads.samples == whole.samples)
    #expect(smallBuffer.samples == whole.samples)
    #expect(smallBuffer.series == whole.series)
    #expect(whole.samples.last?.value == 7)
  }

  @Test func internsSeriesByText() throws {
    let text = String(repeating: "m{a=\"1\"} 1\nm{a=\"2\"} 2\nn 3\n", count: 50)
    let (handler, _) = try parse(text)
    #expect(handler.series.count == 3)
    #expect(handler.samples.count == 150)
    // Different spelling, same series: one newSeries.
    let spelled = try parse("m{a=\"1\",b=\"\"} 1\nm{a=\"1\"} 2\nm{ a=\"1\" } 3\n").0
    #expect(spelled.series.count == 1)
    #expect(spelled.samples.count == 3)
  }

  @Test func familiesFollowTypeDeclarations() throws {
    let text = """
      # TYPE s summary
      s{quantile="0.99"} 1
      s_sum 2
      s_count 3
      s_bucket 4
      # TYPE c counter
      c 5
      c_total 6
      other_total 7
      """
    let series = try parse(text).0.series
    #expect(series.map(\.family) == ["s", "s", "s", "s_bucket", "c", "c", "other_total"])
    #expect(
      series.map(\.type) == [.summary, .summary, .summary, .untyped, .counter, .counter, .untyped])
  }

  @Test func repeatedTypeIsLenientButNotStrict() throws {
    let text = "# TYPE m gauge\nm{a=\"1\"} 1\n# TYPE n gauge\nn 1\n# TYPE m gauge\nm{a=\"2\"} 2\n"
    #expect(try parse(text).0.samples.count == 3)
    let error = try #require(parseError(text, strict: true))
    #expect(error.line == 5 && error.column == 8)
  }

  struct Case: Sendable, CustomStringConvertible {
    var text: String
    var strict = false
    var format = InputFormat.auto
    var line = 1
    var column: Int
    var message: String
    var description: String { text }
  }

  static let errors: [Case] = [
    Case(text: "m{a=\"1} 1\n", column: 5, message: "unterminated quoted label value"),
    Case(text: "m{a=\"1\"\n", column: 2, message: "unterminated label set"),
    Case(text: "m{1a=\"1\"} 1\n", column: 3, message: "invalid label name"),
    Case(text: "1m 1\n", column: 1, message: "invalid metric name"),
    Case(text: "m-x 1\n", column: 2, message: "invalid character \"-\" in metric name"),
    Case(text: "m\n", column: 2, message: "missing value"),
    Case(text: "m{a=\"1\"}1\n# EOF\n", strict: true, column: 9, message: "expected a space"),
    Case(text: "m 1 2 3\n", column: 7, message: "unexpected text"),
    Case(text: "m{a=1} 1\n", column: 5, message: "expected a quoted value"),
    Case(text: "# TYPE m bogus\n", column: 10, message: "unknown metric type"),
    Case(text: "m 1 # {a=\"b\"} 1\n", format: .prometheus, column: 5, message: "invalid timestamp"),
    Case(text: "m{a=\"\\q\"} 1\n", strict: true, column: 6, message: "invalid escape sequence"),
    Case(
      text: "# HELP m a \\t b\n", strict: true, column: 12,
      message: "invalid escape sequence \"\\t\" in # HELP"),
    Case(
      text: "# TYPE m info\nm_info 1\n", strict: true, format: .prometheus, column: 10,
      message: "OpenMetrics-only"),
    Case(
      text: "m 1\n# TYPE m gauge\n", strict: true, line: 2, column: 8, message: "after its samples"),
    Case(text: "m 1\n# EOF\nn 2\n", line: 3, column: 1, message: "content after # EOF"),
    Case(text: "m 1 # {a=\"b\"} x\n# EOF\n", column: 15, message: "invalid exemplar value"),
    Case(text: "m  1\n# EOF\n", strict: true, column: 2, message: "exactly one space"),
    Case(text: "# TYPE m untyped\nm 1\n# EOF\n", strict: true, column: 10, message: "\"unknown\""),
    Case(
      text: "# TYPE m_seconds gauge\n# UNIT m_seconds bytes\n# EOF\n", strict: true, line: 2,
      column: 8, message: "must end in"),
    Case(text: "# random comment\nm 1\n# EOF\n", strict: true, column: 1, message: "comment line"),
    Case(text: "m{a=\"1\",} 1\n# EOF\n", strict: true, column: 8, message: "trailing comma"),
    Case(text: "m 1\n", format: .openmetrics, line: 2, column: 1, message: "missing \"# EOF\""),
    Case(text: "{\"status\":\"success\"}", column: 1, message: "without \"data\""),
  ]

  @Test(arguments: errors) func errorPositions(_ expected: Case) throws {
    let error = try #require(
      parseError(expected.text, format: expected.format, strict: expected.strict))
    #expect(error.line == expected.line)
    #expect(error.column == expected.column)
    #expect(error.message.contains(expected.message), "\(error.message)")
  }

  @Test func skipInvalidReportsAndContinues() throws {
    let text = "a 1\nb abc\nc{x=\"1\"} 2\nd{x=1} 3\ne 4\n"
    let (handler, _) = try parse(text, skipInvalid: true)
    #expect(handler.samples.map(\.value) == [1, 2, 4])
    #expect(handler.skipped.map(\.line) == [2, 4])
  }

  @Test func binaryInput() throws {
    let nul = try #require(parseError(bytes: Array("m 1\nn\u{0}".utf8)))
    #expect(nul.line == 2 && nul.column == 2 && nul.message.contains("binary"))
    let latin1 = try #require(
      parseError(bytes: Array("m{a=\"".utf8) + [0xE9] + Array("\"} 1\n".utf8)))
    #expect(latin1.line == 1 && latin1.column == 6)
  }

  static let detected: [(String, InputFormat)] = [
    ("m 1\n", .prometheus), ("", .prometheus),
    (
      "  {\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}",
      .prometheusJSON
    ),
    ("metric,timestamp,value\n", .csv), ("\"value\",\"metric\",\"timestamp\",pod\n", .csv),
    ("m 1\n# EOF\n", .openmetrics), ("# TYPE x info\n", .openmetrics),
    ("# UNIT x seconds\n", .openmetrics), ("# TYPE x gaugehistogram\n", .openmetrics),
    ("# TYPE x counter\nx 1\n", .prometheus),
    ("# TYPE x counter\nx_total 1 1700000000\n", .openmetrics),
    ("# TYPE x_total counter\nx_total 1\n", .prometheus),
    ("# TYPE x counter\nx_total{a=\"b\"} 1 # {trace_id=\"7\"} 1\n", .openmetrics),
    ("m{a=\"b\"} 1\nm{a=\"c\"} 2 # {trace_id=\"7\"} 1\n", .openmetrics),
    ("m{a=\"b\"} 1\nm{a=\"c\"} 2 # {trace_id=\"7\"} 1 1700000000\n", .openmetrics),
    ("m{a=\" # {\\\" # {\"} 1\n", .prometheus),
    ("\n{\"name.1\"} 1\n{\"name.2\"} 1\n", .prometheus), ("{\"a.b\",c=\"d\"} 1 1000", .prometheus),
    (
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":"
        + "{\"__name__\":\"m\"} ,\n\"value\":[1,\"2\"]}]}}", .prometheusJSON
    ),
  ]

  @Test(arguments: detected) func detectsFormat(_ text: String, _ expected: InputFormat) throws {
    #expect(try parse(text).1 == expected)
  }

  @Test func everyDetectionCaseRuns() {
    #expect(Self.detected.count == 19)
  }
}
