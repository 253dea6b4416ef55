import Ingestion
import MetricModel
import Testing

/// What strict OpenMetrics stores from the suite's valid cases that were refused before.
@Suite struct OpenMetricsValuesTests {
  func suiteCase(_ name: String) throws -> [UInt8] {
    let all = try OpenMetricsSuiteCase.all()
    return try #require(all.first { $0.name == name }).bytes
  }

  /// Seconds become milliseconds; a timestamp past Int64 milliseconds is valid but not stored.
  @Test func timestamps() throws {
    let (handler, _) = try parse(
      bytes: try suiteCase("timestamps"), format: .openmetrics, strict: true)
    #expect(handler.samples.map(\.timestamp) == [0, 0, 1_100, 1_500_000, 1_234_567_890_000])
    #expect(handler.samples.map { $0.series.labels["foo"] } == ["1", "2", "3", "5", nil])
  }

  /// `\z` is kept as written; `\\`, `\"` and `\n` are resolved.
  @Test func escapes() throws {
    let (handler, _) = try parse(
      bytes: try suiteCase("escaping"), format: .openmetrics, strict: true)
    let values = handler.series.map { $0.labels["foo"] ?? "" }
    #expect(values == ["b\"a\nr", "b\\a\\z", "b\"a\nr # ", "b\\a\\z # "])
  }

  /// A NUL byte in # HELP text is text, under an explicit `--format openmetrics`.
  @Test func nulInHelp() throws {
    let bytes = try suiteCase("null_byte")
    #expect(bytes.contains(0))
    #expect(parseError(bytes: bytes, format: .openmetrics, strict: true) == nil)
    // Detection still refuses binary input.
    #expect(parseError(bytes: bytes)?.message.contains("binary") == true)
  }

  /// Lenient mode keeps accepting what the strict rules refuse.
  @Test func lenientModeAcceptsFamilyRuleBreaks() throws {
    let text = "# TYPE a counter\na_total -1\na_total NaN 1\n# EOF\n"
    #expect(parseError(text, format: .openmetrics, strict: true) != nil)
    #expect(try parse(text, format: .openmetrics).0.samples.count == 2)
  }
}
