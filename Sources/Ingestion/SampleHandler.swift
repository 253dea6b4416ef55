import MetricModel

/// Receives what a parser reads, one call per series first seen and per sample.
///
/// Parsers intern series by the raw bytes of the sample line up to the value, and on a miss
/// by the parsed descriptor, so ``newSeries(_:)`` is called once per distinct series of an
/// input (`le="1"` and `le="1.0"` are one series), and
/// ``sample(series:timestampMilliseconds:value:)`` once per sample line.
public protocol SampleHandler {
  /// A series seen for the first time in this input; returns the handle later samples carry.
  mutating func newSeries(_ descriptor: SeriesDescriptor) throws -> Int32
  /// ``newSeries(_:)`` from a parser that already worked out `descriptor.hashValue` (a handler
  /// that keeps descriptors in a table need not hash them again); the default implementation
  /// calls ``newSeries(_:)``.
  mutating func newSeries(_ descriptor: SeriesDescriptor, hashValue: Int) throws -> Int32
  /// One sample of the series `series` (a handle returned by ``newSeries(_:)``).
  ///
  /// - Parameters:
  ///   - timestampMilliseconds: Unix milliseconds, or nil when the line has no timestamp.
  ///   - value: The value; NaN and ±infinity are passed through.
  mutating func sample(series: Int32, timestampMilliseconds: Int64?, value: Double) throws
  /// A malformed line skipped under `--skip-invalid`.
  mutating func skippedLine(_ error: ParseError)
  /// A note the input itself carries that is not an error, e.g. the `warnings` and `infos`
  /// of a saved Prometheus API response; the default implementation ignores it.
  mutating func warning(_ message: String)
}

extension SampleHandler {
  public mutating func newSeries(_ descriptor: SeriesDescriptor, hashValue: Int) throws -> Int32 {
    try newSeries(descriptor)
  }

  /// Ignores the warning; handlers that show warnings implement ``SampleHandler/warning(_:)``.
  public mutating func warning(_ message: String) {}
}

/// A malformed input position: 1-based line and column (in bytes) and what rule broke.
public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
  /// 1-based line number.
  public var line: Int
  /// 1-based column, counted in bytes from the start of the line.
  public var column: Int
  /// What is wrong, in words, e.g. `invalid escape "\q" in label value`.
  public var message: String

  /// Creates a parse error.
  public init(line: Int, column: Int, message: String) {
    self.line = line
    self.column = column
    self.message = message
  }

  /// `line:column: message`; the caller prefixes the file name.
  public var description: String { "\(line):\(column): \(message)" }
}

/// The input formats `canary ingest --format` accepts.
public enum InputFormat: String, Sendable, CaseIterable {
  /// Detect from the content.
  case auto
  /// Prometheus text exposition format 0.0.4.
  case prometheus
  /// OpenMetrics 1.0 text.
  case openmetrics
  /// Saved Prometheus HTTP API responses (`/api/v1/query`, `/api/v1/query_range`).
  case prometheusJSON = "prometheus-json"
  /// RFC 4180 CSV with `metric`, `timestamp`, `value` columns.
  case csv
}

/// How strictly a parser reads its input.
public struct ParserOptions: Sendable, Hashable {
  /// Enforce the written specification and name the rule broken (`--strict`).
  public var strict: Bool
  /// Skip malformed lines, reporting each to ``SampleHandler/skippedLine(_:)`` (`--skip-invalid`).
  public var skipInvalid: Bool
  /// The metric name for series that carry none: Prometheus JSON scalars and expression
  /// results without `__name__` (`--metric-name`).
  public var metricName: String?

  /// Creates options; the defaults accept what Prometheus' own scraper accepts.
  public init(strict: Bool = false, skipInvalid: Bool = false, metricName: String? = nil) {
    self.strict = strict
    self.skipInvalid = skipInvalid
    self.metricName = metricName
  }
}

/// A source of bytes read in chunks: a file, standard input, or memory in tests.
public protocol ByteSource {
  /// Fills a prefix of `buffer`; returns the number of bytes read, 0 at the end.
  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}
