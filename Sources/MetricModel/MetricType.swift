/// The type a metric family declares in its `# TYPE` line.
///
/// Prometheus text 0.0.4 knows counter, gauge, histogram, summary and untyped;
/// OpenMetrics 1.0 adds info, stateset, gaugehistogram and calls untyped "unknown".
/// Both spellings of the untyped type map to ``untyped``.
public enum MetricType: String, Sendable, Hashable, CaseIterable, Codable {
  case counter
  case gauge
  case histogram
  case summary
  case untyped
  case info
  case stateset
  case gaugehistogram

  /// Parses a `# TYPE` word as either format writes it (`unknown` is OpenMetrics' `untyped`).
  public init?(typeWord: String) {
    if typeWord == "unknown" {
      self = .untyped
    } else {
      self.init(rawValue: typeWord)
    }
  }
}
