import Ingestion
import MetricModel
import Testing

/// The rules strict 0.0.4 takes from prometheus/common's `TextParser` (d2417e2), and that
/// lenient mode still accepts what it accepted before.
@Suite struct TextParserRuleTests {
  static let histogram = """
    # TYPE h histogram
    h_bucket{le="1"} 1
    h_bucket{le="+Inf"} 2
    h_sum 3
    h_count 2

    """

  /// A negative bucket or count of a histogram is refused under `--strict` at its value;
  /// lenient mode stores it, as Prometheus' scraper does.
  @Test func negativeHistogramPopulations() throws {
    let cases: [(text: String, line: Int, column: Int)] = [
      (Self.histogram.replacingOccurrences(of: "} 1\n", with: "} -1\n"), 2, 18),
      (Self.histogram.replacingOccurrences(of: "h_count 2", with: "h_count -2.5"), 5, 9),
      (
        Self.histogram.replacingOccurrences(of: "histogram", with: "gauge_histogram")
          .replacingOccurrences(of: "h_count 2", with: "h_count -2"), 5, 9
      ),
      // The bucket is known from the first line; the second, negative, is still refused.
      (Self.histogram + "h_bucket{le=\"1\"} -4 1000\n", 6, 18),
    ]
    #expect(cases.count == 4)
    for (text, line, column) in cases {
      let error = try #require(parseError(text, format: .prometheus, strict: true), "\(text)")
      #expect(error.line == line && error.column == column, "\(error)")
      #expect(error.message.contains("negative value"), "\(error)")
      #expect(parseError(text, format: .prometheus) == nil)
    }
    let sum = Self.histogram.replacingOccurrences(of: "h_sum 3", with: "h_sum -3")
    #expect(parseError(sum, format: .prometheus, strict: true) == nil)
    let gauge = "# TYPE g gauge\ng -1\n"
    #expect(parseError(gauge, format: .prometheus, strict: true) == nil)
  }

  /// Type words in any case, and `gauge_histogram`, in both modes; OpenMetrics-only types
  /// other than `gaugehistogram` stay refused under strict 0.0.4.
  @Test func typeWords() throws {
    let accepted: [(word: String, type: MetricType)] = [
      ("COUNTER", .counter), ("Gauge", .gauge), ("gauge_histogram", .gaugehistogram),
      ("GAUGEHISTOGRAM", .gaugehistogram), ("gaugehistogram", .gaugehistogram),
    ]
    #expect(accepted.count == 5)
    for (word, type) in accepted {
      for strict in [false, true] {
        let text = "# TYPE m \(word)\nm_bucket{le=\"+Inf\"} 1\nm 2\n"
        let (handler, _) = try parse(text, format: .prometheus, strict: strict)
        #expect(handler.series.last?.type == type, "\(word)")
      }
    }
    let info = try #require(parseError("# TYPE m info\n", format: .prometheus, strict: true))
    #expect(info.message.contains("OpenMetrics-only"))
    let upper = try #require(
      parseError("# TYPE m_total COUNTER\nm_total 1\n# EOF\n", format: .openmetrics, strict: true))
    #expect(upper.message.contains("unknown metric type \"COUNTER\""))
  }

  /// A blank after the type word: TextParser reads it as part of an unknown type.
  @Test func blankAfterTheType() throws {
    let error = try #require(
      parseError("# TYPE m counter \nm 1\n", format: .prometheus, strict: true))
    #expect(error.line == 1 && error.column == 17)
    #expect(error.message.contains("blank after the metric type (text format 0.0.4)"))
    #expect(parseError("# TYPE m counter \nm 1\n", format: .prometheus) == nil)
  }

  /// `\"` in `# HELP` text is read as `"`; another escape is still refused under `--strict`.
  @Test func helpEscapes() throws {
    let text = "# HELP m say \\\"hi\\\" \\\\ \\n\nm 1\n"
    #expect(parseError(text, format: .prometheus, strict: true) == nil)
    let bad = try #require(
      parseError("# HELP m a \\t\n", format: .prometheus, strict: true))
    #expect(bad.column == 12)
  }

  /// The last line may lack its line feed when it holds only blanks; with content it may not.
  @Test func unterminatedLastLine() throws {
    #expect(parseError("m 1\n\t\t", format: .prometheus, strict: true) == nil)
    let error = try #require(parseError("m 1\nn 2", format: .prometheus, strict: true))
    #expect(error.line == 2 && error.column == 1)
    #expect(error.message.contains("no line feed"))
  }
}
