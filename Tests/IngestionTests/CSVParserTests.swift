import Ingestion
import MetricModel
import Testing

@Suite struct CSVParserTests {
  @Test func quotedFieldsAndExtraColumns() throws {
    let text = "pod,metric,value,timestamp\n\"a,b\",up,1,1700000000\n\"\",up,0,1700000015.25\n"
    let (handler, _) = try parse(text)
    #expect(handler.series.count == 2)
    #expect(handler.series[0].labels == LabelSet(["pod": "a,b"]))
    #expect(handler.series[1].labels == .empty)
    #expect(handler.samples.map(\.timestamp) == [1_700_000_000_000, 1_700_000_015_250])
  }

  @Test(arguments: [1, 3, 4096]) func chunkBoundaries(_ size: Int) throws {
    let bytes = try fixture("samples.csv")
    #expect(try parse(bytes: bytes, readSize: size).0.samples == parse(bytes: bytes).0.samples)
  }

  static let timestamps: [(String, Int64?)] = [
    ("1700000000", 1_700_000_000_000), ("1700000000.0005", 1_700_000_000_001),
    ("2023-11-14T22:13:20Z", 1_700_000_000_000), ("2023-11-14T23:13:20.5+01:00", 1_700_000_000_500),
    ("2023-11-14 22:13:20z", 1_700_000_000_000), ("1969-12-31T23:59:59Z", -1000),
    ("2024-02-29T00:00:00Z", 1_709_164_800_000),
  ]

  @Test(arguments: timestamps) func timestampForms(_ text: String, _ expected: Int64?) throws {
    let (handler, _) = try parse("metric,timestamp,value\nup,\(text),1\n")
    #expect(handler.samples.first?.timestamp == expected)
  }

  struct Case: Sendable, CustomStringConvertible {
    var text: String
    var line: Int
    var column: Int
    var message: String
    var description: String { text }
  }

  static let errors: [Case] = [
    Case(
      text: "metric,value\nup,1\n", line: 1, column: 1,
      message: "missing required column \"timestamp\""),
    Case(
      text: "metric,timestamp,value\nup,1,\"1\n", line: 2, column: 6,
      message: "unterminated quoted field"),
    Case(
      text: "metric,timestamp,value\nup,1,1,extra\n", line: 2, column: 8,
      message: "expected 3 fields"),
    Case(text: "metric,timestamp,value\nup,1\n", line: 2, column: 5, message: "expected 3 fields"),
    Case(text: "metric,timestamp,value\nup,1,abc\n", line: 2, column: 6, message: "invalid value"),
    Case(
      text: "metric,timestamp,value\nup,yesterday,1\n", line: 2, column: 4,
      message: "invalid timestamp"),
    Case(
      text: "metric,timestamp,value\nup,2023-02-30T00:00:00Z,1\n", line: 2, column: 4,
      message: "invalid timestamp"),
    Case(
      text: "metric,timestamp,value\nbad-name,1,1\n", line: 2, column: 1,
      message: "invalid metric name"),
    Case(
      text: "metric,timestamp,value,type\nup,1,1,bogus\n", line: 2, column: 8,
      message: "unknown metric type"),
    Case(
      text: "metric,timestamp,value,bad-label\n", line: 1, column: 24,
      message: "not a valid label name"),
    Case(
      text: "metric,timestamp,value\nup,1,\"1\"x\n", line: 2, column: 9,
      message: "after a closing quote"),
  ]

  @Test(arguments: errors) func errorPositions(_ expected: Case) throws {
    let error = try #require(parseError(expected.text, format: .csv))
    #expect(error.line == expected.line)
    #expect(error.column == expected.column)
    #expect(error.message.contains(expected.message), "\(error.message)")
  }
}
