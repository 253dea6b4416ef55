import Foundation
import Ingestion
import MetricModel
import Testing

/// A ``RecordingHandler`` that also keeps the warnings a parser reports.
private struct WarningRecordingHandler: SampleHandler {
  var recorded = RecordingHandler()
  var warnings: [String] = []

  mutating func newSeries(_ descriptor: SeriesDescriptor) throws -> Int32 {
    try recorded.newSeries(descriptor)
  }

  mutating func sample(series: Int32, timestampMilliseconds: Int64?, value: Double) throws {
    try recorded.sample(series: series, timestampMilliseconds: timestampMilliseconds, value: value)
  }

  mutating func skippedLine(_ error: ParseError) {
    recorded.skipped.append(error)
  }

  mutating func warning(_ message: String) {
    warnings.append(message)
  }
}

/// Parses `bytes` with the given options; `format` defaults to detection.
private func parseJSON(
  _ bytes: [UInt8], format: InputFormat = .auto, metricName: String? = nil,
  strict: Bool = false, skipInvalid: Bool = false, chunkSize: Int = 1 << 20,
  readSize: Int = Int.max
) throws -> (WarningRecordingHandler, InputFormat) {
  var source = MemorySource(bytes: bytes, maximumReadSize: readSize)
  var handler = WarningRecordingHandler()
  let options = ParserOptions(strict: strict, skipInvalid: skipInvalid, metricName: metricName)
  let used = try parseSamples(
    from: &source, format: format, options: options, chunkSize: chunkSize, handler: &handler)
  return (handler, used)
}

/// The error parsing `bytes` throws, or nil.
private func parseJSONError(
  _ bytes: [UInt8], metricName: String? = nil, strict: Bool = false, chunkSize: Int = 1 << 20,
  readSize: Int = Int.max
) -> ParseError? {
  do {
    _ = try parseJSON(
      bytes, format: .prometheusJSON, metricName: metricName, strict: strict,
      chunkSize: chunkSize, readSize: readSize)
    return nil
  } catch let error as ParseError {
    return error
  } catch {
    return ParseError(line: 0, column: 0, message: "unexpected \(error)")
  }
}

/// One document to parse and its first sample's expected timestamp.
private func firstTimestamp(_ timestamp: String) throws -> Int64? {
  let text =
    #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"m"},"#
    + #""value":[\#(timestamp),"1"]}]}}"#
  return try parseJSON(Array(text.utf8)).0.recorded.samples.first?.timestamp
}

@Suite struct PrometheusJSONParserTests {
  @Test func queryRangeMatrixOfIstioMetrics() throws {
    let (handler, format) = try parseJSON(try fixture("prometheus-json-query-range.json"))
    #expect(format == .prometheusJSON)
    let recorded = handler.recorded
    #expect(recorded.series.count == 3)
    #expect(recorded.samples.count == 60)
    #expect(recorded.skipped.isEmpty && handler.warnings.isEmpty)
    let first = try #require(recorded.series.first)
    #expect(first.name == "istio_requests_total")
    #expect(first.family == "istio_requests_total")
    #expect(first.type == .untyped)
    #expect(first.revision == nil)
    #expect(first.labels["__name__"] == nil)
    #expect(first.labels["istio_io_rev"] == "stable")
    #expect(first.labels["destination_workload"] == "reviews-v1")
    #expect(first.labels.count == 10)
    #expect(recorded.series[2].labels["response_code"] == "503")
    #expect(recorded.samples[0].timestamp == 1_700_000_000_000)
    #expect(recorded.samples[0].value == 100)
    #expect(recorded.samples[19].timestamp == 1_700_000_285_000)
    #expect(recorded.samples[19].value == 157)
    #expect(recorded.samples[20].series.labels["istio_io_rev"] == "canary")
  }

  @Test func instantVector() throws {
    let (handler, format) = try parseJSON(
      try fixture("prometheus-json-vector.json"), format: .prometheusJSON)
    #expect(format == .prometheusJSON)
    let recorded = handler.recorded
    #expect(recorded.series.count == 2)
    #expect(recorded.samples.map(\.timestamp) == [1_700_000_000_123, 1_700_000_000_123])
    #expect(recorded.samples.map(\.value) == [1027, 350])
    // An empty label value is an absent label.
    #expect(
      recorded.series[1].labels
        == LabelSet([
          "destination_workload": "reviews-v2", "istio_io_rev": "canary", "response_code": "200",
        ]))
  }

  @Test func scalarIsStoredUnderTheMetricName() throws {
    let bytes = try fixture("prometheus-json-scalar.json")
    let recorded = try parseJSON(bytes, metricName: "error_budget_ratio").0.recorded
    #expect(
      recorded.series == [
        SeriesDescriptor(
          name: "error_budget_ratio", family: "error_budget_ratio", type: .untyped,
          labels: .empty)
      ])
    #expect(recorded.samples.map(\.timestamp) == [1_700_000_000_500])
    #expect(recorded.samples.map(\.value) == [0.25])
    let invalidName = try #require(parseJSONError(bytes, metricName: "not a name"))
    #expect(invalidName.message.contains("--metric-name \"not a name\" is not a valid metric name"))
  }

  @Test func expressionResultTakesTheMetricName() throws {
    let recorded = try parseJSON(
      try fixture("prometheus-json-expression.json"), metricName: "workload_rps"
    ).0.recorded
    #expect(recorded.series.map(\.name) == ["workload_rps", "workload_rps"])
    #expect(
      recorded.series[1].labels
        == LabelSet(["destination_workload": "reviews-v2", "istio_io_rev": "canary"]))
    #expect(recorded.samples.map(\.value) == [12.5, 11.75])
    #expect(recorded.samples.map(\.timestamp) == [1_700_000_060_000, 1_700_000_060_000])
  }

  @Test func warningsAndInfosReachTheHandler() throws {
    let (handler, _) = try parseJSON(try fixture("prometheus-json-warnings.json"))
    #expect(
      handler.warnings == [
        "warning from Prometheus: PromQL warning: encountered a mix of histograms and floats "
          + "for metric name \"x\"",
        "info from Prometheus: PromQL info: metric might not be a counter, name does not end "
          + "in _total/_sum/_count/_bucket: \"up\"",
      ])
    #expect(handler.recorded.samples.count == 1)
    #expect(handler.recorded.skipped.isEmpty)
  }

  @Test func specialValuesFractionalTimestampsAndEscapes() throws {
    let recorded = try parseJSON(try fixture("prometheus-json-special-values.json")).0.recorded
    let series = try #require(recorded.series.first)
    #expect(recorded.series.count == 1)
    #expect(series.labels["path"] == "/café/🚀?q=\"a\\b\"/x\ty")
    #expect(
      recorded.samples.map(\.timestamp) == [
        1_700_000_000_123, 1_700_000_000_500, 1_700_000_001_000, 1_700_000_001_000,
        1_700_000_001_500,
      ])
    let values = recorded.samples.map(\.value)
    #expect(values[0].isNaN)
    #expect(values[1] == .infinity)
    #expect(values[2] == -.infinity)
    #expect(values[3] == -0.5)
    #expect(values[4] == 0.001)
  }

  static let timestamps: [(text: String, milliseconds: Int64)] = [
    ("1700000000", 1_700_000_000_000),
    ("1700000000.1234", 1_700_000_000_123),
    ("1700000000.9995", 1_700_000_001_000),
    ("0.0005", 1),  // a tie, away from zero, decided exactly
    ("-0.0005", -1),
    ("0.00049999999999999999", 0),
    ("1e3", 1_000_000),
    ("1.7e9", 1_700_000_000_000),
    ("0", 0),
  ]

  @Test(arguments: timestamps)
  func timestampsRoundToTheNearestMillisecond(text: String, milliseconds: Int64) throws {
    #expect(try firstTimestamp(text) == milliseconds)
  }

  struct Malformed: Sendable, CustomTestStringConvertible {
    var file: String
    var metricName: String? = nil
    var line: Int
    var column: Int
    var message: String

    var testDescription: String { file }
  }

  static let malformed: [Malformed] = [
    Malformed(
      file: "prometheus-json-error.json", line: 1, column: 11,
      message:
        "Prometheus answered an error: bad_data: invalid parameter \"query\": 1:6: parse error: "
        + "unexpected end of input"),
    Malformed(
      file: "prometheus-json-native-histogram.json", line: 8, column: 9,
      message:
        "native histograms are not supported; query the classic buckets instead (the _bucket "
        + "series, as histogram_quantile uses them) or convert them"),
    Malformed(
      file: "prometheus-json-truncated.json", line: 2, column: 1,
      message: "unexpected end of the input; expected \",\" or \"]\""),
    Malformed(
      file: "prometheus-json-trailing-garbage.json", line: 2, column: 1,
      message: "unexpected \"}\"; expected the end of the input after the JSON response"),
    Malformed(
      file: "prometheus-json-bad-escape.json", line: 2, column: 38,
      message:
        "invalid escape sequence \"\\q\" in a string (JSON allows \\\", \\\\, \\/, \\b, \\f, \\n, "
        + "\\r, \\t and \\uXXXX)"),
    Malformed(
      file: "prometheus-json-string.json", line: 1, column: 42,
      message:
        "the result is a string (resultType \"string\"), not a metric; save a query that "
        + "returns a vector, matrix or scalar"),
    Malformed(
      file: "prometheus-json-scalar.json", line: 1, column: 60,
      message: "a scalar result has no metric name; give one with --metric-name NAME"),
    Malformed(
      file: "prometheus-json-expression.json", line: 7, column: 19,
      message:
        "a series without __name__ (the result of an expression) has no metric name; "
        + "give one with --metric-name NAME"),
    Malformed(
      file: "prometheus-json-bad-value.json", line: 2, column: 83,
      message: "invalid value \"abc\""),
  ]

  @Test(arguments: malformed, [1, 7, 4096, 1 << 20])
  func malformedResponsesNameThePosition(_ item: Malformed, chunkSize: Int) throws {
    let error = try #require(
      parseJSONError(try fixture(item.file), metricName: item.metricName, chunkSize: chunkSize))
    #expect(error == ParseError(line: item.line, column: item.column, message: item.message))
  }

  @Test func skipInvalidSkipsOnlyTheBadSample() throws {
    let bytes = try fixture("prometheus-json-bad-value.json")
    let recorded = try parseJSON(bytes, skipInvalid: true).0.recorded
    #expect(recorded.samples.map(\.value) == [1, 3])
    #expect(recorded.samples.map(\.timestamp) == [1_700_000_000_000, 1_700_000_030_000])
    #expect(recorded.skipped == [ParseError(line: 2, column: 83, message: "invalid value \"abc\"")])
    // Structural errors are not skipped.
    let truncated = try fixture("prometheus-json-truncated.json")
    #expect(throws: ParseError.self) { try parseJSON(truncated, skipInvalid: true) }
  }

  static let wellFormed: [(file: String, metricName: String?)] = [
    ("prometheus-json-query-range.json", nil),
    ("prometheus-json-vector.json", nil),
    ("prometheus-json-scalar.json", "ratio"),
    ("prometheus-json-expression.json", "rps"),
    ("prometheus-json-warnings.json", nil),
    ("prometheus-json-special-values.json", nil),
  ]

  @Test(arguments: wellFormed, [1, 7, 4096])
  func chunkSizeDoesNotChangeTheResult(
    _ item: (file: String, metricName: String?), chunkSize: Int
  ) throws {
    let bytes = try fixture(item.file)
    let expected = try parseJSON(bytes, metricName: item.metricName).0
    for readSize in [1, 7, Int.max] {
      let actual = try parseJSON(
        bytes, metricName: item.metricName, chunkSize: chunkSize, readSize: readSize
      ).0
      #expect(actual.recorded.series == expected.recorded.series)
      #expect(actual.recorded.samples == expected.recorded.samples)
      #expect(actual.warnings == expected.warnings)
    }
  }

  static let documents: [(name: String, text: String, samples: Int)] = [
    ("empty input", "", 0),
    ("empty result", #"{"status":"success","data":{"resultType":"matrix","result":[]}}"#, 0),
    (
      "members in another order",
      #"{"data":{"result":[{"values":[[1,"1"],[2,"2"]],"metric":{"__name__":"m"}}],"#
        + #""resultType":"matrix"},"status":"success"}"#, 2
    ),
    (
      "scalar before its type",
      #"{"status":"success","data":{"result":[1,"1"],"resultType":"scalar"}}"#, 1
    ),
    (
      "unknown members and stats",
      #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"m"},"#
        + #""value":[1,"1"],"extra":[{"a":null},true,false,-1.5e3]}],"stats":{"x":1}}}"#, 1
    ),
    (
      "whitespace",
      " \r\n\t{ \"status\" : \"success\" , \"data\" : { \"resultType\" : "
        + "\"vector\" , \"result\" : [ ] } } \n", 0
    ),
    (
      "series without samples",
      #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"m"},"#
        + #""values":[]}]}}"#, 0
    ),
  ]

  @Test(arguments: documents)
  func wellFormedDocuments(_ document: (name: String, text: String, samples: Int)) throws {
    let recorded = try parseJSON(
      Array(document.text.utf8), format: .prometheusJSON, metricName: "m"
    ).0.recorded
    #expect(recorded.samples.count == document.samples)
    #expect(recorded.series.count == (document.samples > 0 ? 1 : 0))
  }

  static let invalidDocuments: [(text: String, column: Int, message: String)] = [
    (
      #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1","a":"2"}}]}}"#,
      80, "duplicate label \"a\" in the metric object"
    ),
    (
      #"{"status":"success","status":"success"}"#, 21,
      "duplicate member \"status\" in a JSON object"
    ),
    ("{}", 1, "not a Prometheus API response: the object has no \"status\" member"),
    ("[1]", 1, "unexpected \"[\"; expected a Prometheus API response, a JSON object"),
    (#"{"status":"ok"}"#, 11, "unknown status \"ok\" (expected \"success\" or \"error\")"),
    (#"{"status":"success"}"#, 1, "a successful Prometheus API response without \"data\""),
    (
      #"{"status":"success","data":{"result":[]}}"#, 28,
      "the data object has no \"resultType\""
    ),
    (
      #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"p":"\ud83d"}}]}}"#,
      77, "invalid \\u escape: a high surrogate without a low one after it"
    ),
    (
      #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"p":"\u12"}}]}}"#,
      77, "invalid \\u escape: \\u must be followed by four hexadecimal digits"
    ),
    (
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"p\":\"a\tb\"}}]}}",
      78, "control character \\x09 inside a string (JSON requires an escape)"
    ),
    (
      #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"m"},"value":[01,"1"]}]}}"#,
      98, "unexpected \"1\"; expected a delimiter after the number"
    ),
    (
      #"{"status":"success","data":{"resultType":"vector","result":[{"value":[1,"1"]}]}}"#,
      61, "a series object without \"metric\""
    ),
    (
      #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"m"},"value":[1,2]}]}}"#,
      99, "a sample value is a string, e.g. \"1.5\" or \"NaN\""
    ),
    (
      #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"m"},"value":[1]}]}}"#,
      96, "a sample has two elements, [timestamp, \"value\"]"
    ),
    (
      #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"m"},"value":[1e400,"1"]}]}}"#,
      97, "timestamp 1e400 is out of range"
    ),
    (
      #"{"status":"success","data":{"resultType":"scalar","result":[{"metric":{}}]}}"#, 60,
      "resultType \"scalar\", but the result is a list of series"
    ),
    (
      #"{"status":"success","data":{"resultType":"vector","result":[1,"1"]}}"#, 60,
      "resultType \"vector\", but the result is a [time, value] pair"
    ),
  ]

  @Test(arguments: invalidDocuments)
  func invalidDocumentsNameThePosition(_ document: (text: String, column: Int, message: String))
    throws
  {
    for chunkSize in [1, 7, 4096] {
      let error = try #require(parseJSONError(Array(document.text.utf8), chunkSize: chunkSize))
      #expect(error == ParseError(line: 1, column: document.column, message: document.message))
    }
  }

  @Test func strictChecksNames() throws {
    let text =
      #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"m","#
      + #""bad-name":"x"},"value":[1,"1"]}]}}"#
    #expect(try parseJSON(Array(text.utf8)).0.recorded.samples.count == 1)
    let error = try #require(parseJSONError(Array(text.utf8), strict: true))
    #expect(error.message == "invalid label name \"bad-name\" ([a-zA-Z_][a-zA-Z0-9_]*)")
    #expect(error.column == 87)
  }

  @Test func byteOrderMarkIsSkippedAndCounted() throws {
    let text = #"{"status":"success","data":{"resultType":"vector","result":[]}} x"#
    let error = try #require(parseJSONError([0xEF, 0xBB, 0xBF] + Array(text.utf8)))
    #expect(error.line == 1 && error.column == 68)
  }
}
