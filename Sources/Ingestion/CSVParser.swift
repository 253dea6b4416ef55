import MetricModel

/// Parses CSV samples (SPEC.md): RFC 4180 with a header row naming the columns.
///
/// `metric`, `timestamp` (Unix seconds, possibly fractional, or RFC 3339) and `value` are
/// required; `revision` and `type` are optional; every other column is a label, an empty
/// cell meaning the label is absent. Series are interned by the bytes of every cell but
/// `timestamp` and `value`, so only a new series builds a descriptor.
struct CSVParser {
  private struct Columns {
    var metric = -1
    var timestamp = -1
    var value = -1
    var revision = -1
    var type = -1
    var labels: [(index: Int, name: String)] = []
    var count = 0
  }

  let strict: Bool
  private var splitter = CSVRecordSplitter()
  private var columns: Columns?
  private let interner = SeriesInterner()
  private var key: [UInt8] = []
  /// Handles by descriptor, so cells spelled differently (`le` `1` / `1.0`) are one series.
  private var handlesByDescriptor: [SeriesDescriptor: Int32] = [:]

  /// Creates a parser; `strict` rejects empty timestamps.
  init(strict: Bool) {
    self.strict = strict
  }

  /// Parses every record of `reader`.
  mutating func run<S: ByteSource, H: SampleHandler>(
    reader: LineReader, source: inout S, skipInvalid: Bool, handler: inout H
  ) throws {
    var lastLine = 0
    while let line = try reader.nextLine(from: &source) {
      lastLine = reader.lineNumber
      do {
        guard try splitter.add(line, lineNumber: lastLine) else { continue }
        if splitter.isBlankRecord { continue }
        if columns == nil {
          columns = try header()
        } else {
          try record(handler: &handler)
        }
      } catch let error as ParseError where skipInvalid {
        handler.skippedLine(error)
      }
    }
    if splitter.isInsideQuotes {
      let position = splitter.openQuotePosition
      let error = ParseError(
        line: position.line, column: position.column,
        message: "unterminated quoted field: no closing quote before the end of the input")
      guard skipInvalid else { throw error }
      handler.skippedLine(error)
    }
    if columns == nil && lastLine > 0 && !skipInvalid {
      throw ParseError(line: 1, column: 1, message: "missing CSV header row")
    }
  }

  private func header() throws -> Columns {
    var found = Columns()
    found.count = splitter.fields.count
    var seen: Set<String> = []
    for index in splitter.fields.indices {
      let name = splitter.text(index)
      let field = splitter.fields[index]
      guard seen.insert(name).inserted else {
        throw ParseError(
          line: field.line, column: field.column, message: "duplicate column \"\(name)\"")
      }
      switch name {
      case "metric": found.metric = index
      case "timestamp": found.timestamp = index
      case "value": found.value = index
      case "revision": found.revision = index
      case "type": found.type = index
      default:
        guard TextBytes.isLabelName(name) else {
          throw ParseError(
            line: field.line, column: field.column,
            message:
              "column \"\(name)\" is not a valid label name (names match [a-zA-Z_][a-zA-Z0-9_]*)")
        }
        found.labels.append((index, name))
      }
    }
    for (index, name) in [
      (found.metric, "metric"), (found.timestamp, "timestamp"), (found.value, "value"),
    ]
    where index < 0 {
      throw ParseError(
        line: splitter.recordLine, column: 1, message: "missing required column \"\(name)\"")
    }
    return found
  }

  private mutating func record<H: SampleHandler>(handler: inout H) throws {
    guard let columns else { return }
    let fields = splitter.fields
    guard fields.count == columns.count else {
      let column =
        fields.count > columns.count ? fields[columns.count].column : splitter.lastLineLength + 1
      let line =
        fields.count > columns.count ? fields[columns.count].line : fields[fields.count - 1].line
      throw ParseError(
        line: line, column: column,
        message: "expected \(columns.count) fields as in the header, found \(fields.count)")
    }
    let valueText = splitter.text(columns.value)
    guard let value = PrometheusFloat.parse(valueText) else {
      throw error(at: columns.value, "invalid value \"\(valueText)\": not a number")
    }
    let timestamp = try parseTimestamp(splitter.text(columns.timestamp), field: columns.timestamp)
    key.removeAll(keepingCapacity: true)
    for index in fields.indices where index != columns.value && index != columns.timestamp {
      key.append(contentsOf: splitter.bytes[fields[index].range])
      // 0xFF never occurs in UTF-8, so it separates cells unambiguously.
      key.append(0xFF)
    }
    try key.withUnsafeBytes { keyBytes in
      guard let base = keyBytes.baseAddress else { return }
      let hash = SeriesInterner.hash(base, count: keyBytes.count)
      var handle: Int32
      if let known = interner.handle(for: base, length: keyBytes.count, hash: hash) {
        handle = known
      } else {
        let descriptor = try describe(columns)
        if let known = handlesByDescriptor[descriptor] {
          handle = known
        } else {
          handle = try handler.newSeries(descriptor)
          handlesByDescriptor[descriptor] = handle
        }
        interner.insert(base, length: keyBytes.count, hash: hash, handle: handle)
      }
      try handler.sample(series: handle, timestampMilliseconds: timestamp, value: value)
    }
  }

  private func describe(_ columns: Columns) throws -> SeriesDescriptor {
    let name = splitter.text(columns.metric)
    guard TextBytes.isMetricName(name) else {
      throw error(
        at: columns.metric, "invalid metric name \"\(name)\" (names match [a-zA-Z_:][a-zA-Z0-9_:]*)"
      )
    }
    var type = MetricType.untyped
    if columns.type >= 0 {
      let word = splitter.text(columns.type)
      if !word.isEmpty {
        guard let parsed = MetricType(typeWord: word) else {
          throw error(at: columns.type, "unknown metric type \"\(word)\"")
        }
        type = parsed
      }
    }
    var labels: [Label] = []
    for (index, labelName) in columns.labels {
      var value = splitter.text(index)
      if (labelName == "le" || labelName == "quantile"),
        let canonical = PrometheusFloat.canonical(value)
      {
        value = canonical
      }
      labels.append(Label(name: labelName, value: value))
    }
    let revision = columns.revision >= 0 ? splitter.text(columns.revision) : ""
    return SeriesDescriptor(
      name: name, family: MetricFamilyTable.family(ofSampleName: name, type: type), type: type,
      labels: LabelSet(labels) ?? .empty, revision: revision.isEmpty ? nil : revision)
  }

  private func parseTimestamp(_ text: String, field: Int) throws -> Int64? {
    if text.isEmpty {
      if strict { throw error(at: field, "empty timestamp (strict: every row needs one)") }
      return nil
    }
    if let seconds = PrometheusFloat.parse(text), seconds.isFinite,
      let milliseconds = ExpositionParser.milliseconds(fromSeconds: seconds)
    {
      return milliseconds
    }
    if let milliseconds = RFC3339.milliseconds(text) { return milliseconds }
    throw error(
      at: field,
      "invalid timestamp \"\(text)\" (expected Unix seconds or RFC 3339, e.g. 2026-11-27T10:00:00Z)"
    )
  }

  private func error(at field: Int, _ message: String) -> ParseError {
    let position = splitter.fields[field]
    return ParseError(line: position.line, column: position.column, message: message)
  }
}
