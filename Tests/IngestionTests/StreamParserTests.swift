import MetricModel
import Testing

@testable import Ingestion

/// What the parsers of one ingest share across inputs: a stream's kept parser, which must
/// read each input as a new parser would, the lenient reading of `# HELP`/`# TYPE` lines on
/// their bytes, which must agree with the general one, and the series texts described once
/// for every thread (``DescribedSeries``).
@Suite struct StreamParserTests {
  /// Parses `texts` one after another as the inputs of one stream, as a pool worker does.
  static func parseStream(
    _ texts: [String], described: DescribedSeries? = nil, format: InputFormat = .auto
  ) -> [Result<RecordingHandler, ParseError>] {
    let stream = ParseStream(described: described)
    return texts.map { text in
      var source = MemorySource(bytes: Array(text.utf8), maximumReadSize: Int.max)
      var handler = RecordingHandler()
      do {
        _ = try parseSamples(
          from: &source, format: format, options: ParserOptions(), chunkSize: 1 << 16,
          stream: stream, handler: &handler)
        return .success(handler)
      } catch let error as ParseError {
        return .failure(error)
      } catch {
        return .failure(ParseError(line: 0, column: 0, message: "unexpected \(error)"))
      }
    }
  }

  @Test func aKeptParserReadsEachInputAsANewParserWould() throws {
    let results = Self.parseStream([
      "# TYPE m histogram\nm_bucket{le=\"1\"} 1\nm_count 1\n",
      // No # TYPE here: this file's m_sum is untyped, not the first file's histogram.
      "m_sum 2\n",
      "\n\n# TYPE m gauge\nm 3\nbad line\n",
    ])
    #expect(results.count == 3)
    let first = try results[0].get()
    #expect(first.series.map(\.type) == [.histogram, .histogram])
    #expect(first.series.map(\.family) == ["m", "m"])
    let second = try results[1].get()
    #expect(second.series.map(\.family) == ["m_sum"])
    #expect(second.series.map(\.type) == [.untyped])
    // Line numbers start again at 1 in every input.
    guard case .failure(let error) = results[2] else {
      Issue.record("the third input should fail")
      return
    }
    #expect(error.line == 5)
  }

  /// `# TYPE` lines are kept from input to input by name (the lenient reading reuses the
  /// name it built for the same bytes): each input still has only its own declarations,
  /// with more families than the names remembered, and a type changed between inputs.
  @Test func declarationsCountInTheirOwnInputOnly() throws {
    let families = (0..<20).map { "f\($0)" }
    let declared = families.map { "# TYPE \($0) counter\n" }.joined()
    let samples = families.map { "\($0)_total 1\n" }.joined()
    let results = Self.parseStream([
      declared + samples,
      "# TYPE f3 gauge\nf3{x=\"1\"} 2\nf4_total{x=\"1\"} 3\n",
      declared + families.map { "\($0)_total{x=\"2\"} 1\n" }.joined(),
    ])
    #expect(results.count == 3)
    let first = try results[0].get()
    #expect(first.series.map(\.family) == families)
    #expect(first.series.allSatisfy { $0.type == .counter })
    let second = try results[1].get()
    #expect(second.series.map(\.family) == ["f3", "f4_total"])
    #expect(second.series.map(\.type) == [.gauge, .untyped])
    let third = try results[2].get()
    #expect(third.series.map(\.family) == families)
    #expect(third.series.allSatisfy { $0.type == .counter })
  }

  /// A metadata line and what it makes of the sample `m 1` after it (lenient text format
  /// 0.0.4): its family's type, or the start of the error message.
  struct MetadataCase: Sendable, CustomTestStringConvertible {
    var line: String
    var type: MetricType?
    var error: String?
    var testDescription: String { line }
  }

  static let metadataCases: [MetadataCase] = [
    // The shapes the bytes are read for.
    MetadataCase(line: "# TYPE m counter", type: .counter),
    MetadataCase(line: "# TYPE m gauge", type: .gauge),
    MetadataCase(line: "# TYPE m summary", type: .summary),
    MetadataCase(line: "# TYPE m untyped", type: .untyped),
    MetadataCase(line: "# TYPE m unknown", type: .untyped),
    MetadataCase(line: "# TYPE m info", type: .info),
    MetadataCase(line: "# TYPE m stateset", type: .stateset),
    MetadataCase(line: "# TYPE m gaugehistogram", type: .gaugehistogram),
    MetadataCase(line: "# TYPE m   counter \t", type: .counter),
    MetadataCase(line: "# TYPE m ", type: .untyped),
    MetadataCase(line: "# TYPE m \t ", type: .untyped),
    MetadataCase(line: "# HELP m Requests, by \\\"code\\\".", type: .untyped),
    MetadataCase(line: "# HELP m ", type: .untyped),
    MetadataCase(line: "# HELP m_x:y Text", type: .untyped),
    // Shapes left to the general reading.
    MetadataCase(line: "# TYPE m COUNTER", type: .counter),
    MetadataCase(line: "# TYPE m Gauge", type: .gauge),
    MetadataCase(line: "# TYPE m gauge_histogram", type: .gaugehistogram),
    MetadataCase(line: "# TYPE m\tcounter", type: .counter),
    MetadataCase(line: "#  TYPE m counter", type: .counter),
    MetadataCase(line: "#\tTYPE m counter", type: .counter),
    MetadataCase(line: "# TYPE  m counter", type: .counter),
    MetadataCase(line: "# TYPE \"m\" counter", type: .counter),
    MetadataCase(line: "# TYPE m", type: .untyped),
    MetadataCase(line: "# HELP m", type: .untyped),
    MetadataCase(line: "# TYPEX m counter", type: .untyped),
    MetadataCase(line: "# type m counter", type: .untyped),
    MetadataCase(line: "# TYPE", type: .untyped),
    MetadataCase(line: "# TYPE m counter total", error: "unknown metric type \"counter total\""),
    MetadataCase(line: "# TYPE m countr", error: "unknown metric type \"countr\""),
    MetadataCase(line: "# TYPE 1m counter", error: "invalid metric name \"1m\" in # TYPE"),
    MetadataCase(line: "# TYPE m{a=\"b\"} counter", error: "invalid metric name \"m{a=\"b\"}\""),
    MetadataCase(line: "# HELP m-x text", error: "invalid metric name \"m-x\" in # HELP"),
  ]

  @Test func everyMetadataCaseRuns() {
    #expect(Self.metadataCases.count == 32)
  }

  @Test(arguments: metadataCases)
  func metadataLinesReadTheSameOnEveryPath(_ test: MetadataCase) throws {
    let text = test.line + "\nm 1\n"
    // Alone, and as the second input of a stream whose parser read another file first.
    let alone = Self.parseStream([text])
    let second = Self.parseStream(["# TYPE m summary\nm{quantile=\"0.5\"} 1\n", text])
    for result in [alone[0], second[1]] {
      switch result {
      case .success(let handler):
        #expect(test.error == nil)
        #expect(handler.series.map(\.type) == [test.type].compactMap { $0 })
        #expect(handler.series.map(\.family) == ["m"])
      case .failure(let error):
        let expected = try #require(test.error, "unexpected error \(error.message)")
        #expect(error.message.hasPrefix(expected), "\(error.message)")
        #expect(error.line == 1)
      }
    }
  }

  @Test func openMetricsMetadataReadsTheSameOnEveryPath() throws {
    let counter = "# HELP m_total Requests.\n# TYPE m counter\n# UNIT m seconds\nm_total 1\n# EOF\n"
    // OpenMetrics spells types in lower case; the lenient reading takes any case.
    let gauge = "# TYPE g GAUGE\ng 1\n# EOF\n"
    let results = Self.parseStream([counter, gauge])
    let first = try results[0].get()
    #expect(first.series.map(\.family) == ["m"])
    #expect(first.series.map(\.type) == [.counter])
    let second = try results[1].get()
    #expect(second.series.map(\.family) == ["g"])
    #expect(second.series.map(\.type) == [.gauge])
  }

  @Test func describedSeriesAreParsedOnceAndResolvedPerFile() throws {
    let described = DescribedSeries()
    let histogram =
      "# TYPE m histogram\nm_bucket{le=\"1.0\",a=\"x\"} 1\nm_bucket{le=\"+Inf\",a=\"x\"} 2\n"
    let untyped = "m_bucket{le=\"1.0\",a=\"x\"} 1\nm_bucket{a=\"x\",le=\"+Inf\"} 2\n"
    // Two streams (two workers' interners), one table of described texts.
    let first = Self.parseStream([histogram], described: described)
    #expect(described.count == 2)
    let second = Self.parseStream([untyped], described: described)
    // The second text of `untyped` is spelt another way: described, and recorded, anew.
    #expect(described.count == 3)
    let unshared = Self.parseStream([untyped])
    let fromShared = try second[0].get().series
    #expect(fromShared == (try unshared[0].get().series))
    #expect(fromShared.map(\.type) == [.untyped, .untyped])
    #expect(fromShared.map(\.family) == ["m_bucket", "m_bucket"])
    let fromFirst = try first[0].get().series
    #expect(fromFirst.map(\.type) == [.histogram, .histogram])
    #expect(fromFirst.map(\.labels) == fromShared.map(\.labels))
    #expect(fromFirst.first?.labels["le"] == "1")
  }

  @Test func aSeriesThatFailsIsNotRecorded() {
    let described = DescribedSeries()
    let results = Self.parseStream(
      ["m{a=\"x\",a=\"y\"} 1\n", "m{a=\"x\"} 1\n"], described: described)
    guard case .failure(let error) = results[0] else {
      Issue.record("duplicate labels should fail")
      return
    }
    #expect(error.message.contains("duplicate label"))
    #expect(described.count == 1)
  }

  @Test func strictParsesShareNothing() throws {
    let described = DescribedSeries()
    let stream = ParseStream(described: described)
    var source = MemorySource(
      bytes: Array("# TYPE m counter\nm 1\n".utf8), maximumReadSize: Int.max)
    var handler = RecordingHandler()
    _ = try parseSamples(
      from: &source, format: .prometheus, options: ParserOptions(strict: true), chunkSize: 4096,
      stream: stream, handler: &handler)
    #expect(handler.series.count == 1)
    #expect(described.count == 0)
  }
}
