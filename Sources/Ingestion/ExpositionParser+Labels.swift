import MetricModel

/// A parsed label set: its labels, and the metric name written inside it
/// (`{"name.with.dots",a="b"}`), if any.
struct ParsedLabelSet {
  var labels: [Label] = []
  var metricName: String?
}

extension ExpositionParser {
  /// Quoted (UTF-8) metric and label names, `{"name.with.dots","label.name"="v"}` and
  /// `# TYPE "name.with.dots" counter`: read as prometheus/common's `TextParser` reads them
  /// under UTF-8 name validation, the default of that library and of Prometheus 3's scraper.
  /// OpenMetrics 1.0 has none, so strict OpenMetrics refuses them.
  var allowsQuotedNames: Bool { !(strict && dialect == .openMetrics) }

  /// Parses `{name="value",...}` starting at `open` and ending before `end`.
  ///
  /// Escapes `\\`, `\"` and `\n` are resolved; another escape is an error in strict mode and
  /// kept literally otherwise (as Prometheus' scraper does). `le` and `quantile` values that
  /// are numbers are rewritten to canonical form when `canonicalNumbers`.
  mutating func parseLabels(
    _ bytes: UnsafePointer<UInt8>, open: Int, end: Int, canonicalNumbers: Bool
  ) throws -> [Label] {
    try parseLabelSet(
      bytes, open: open, end: end, canonicalNumbers: canonicalNumbers, acceptsMetricName: false
    ).labels
  }

  /// ``parseLabels(_:open:end:canonicalNumbers:)``; with `acceptsMetricName` (a sample line
  /// starting with `{`) one item may be a bare name, quoted or not: the metric's name.
  mutating func parseLabelSet(
    _ bytes: UnsafePointer<UInt8>, open: Int, end: Int, canonicalNumbers: Bool,
    acceptsMetricName: Bool
  ) throws -> ParsedLabelSet {
    let omStrict = strict && dialect == .openMetrics
    var set = ParsedLabelSet()
    var index = open + 1
    var afterComma = false
    while true {
      let blankStart = index
      while index < end && TextBytes.isBlank(bytes[index]) { index += 1 }
      if omStrict && index > blankStart {
        throw failure(at: blankStart, "whitespace inside a label set (OpenMetrics)")
      }
      guard index < end else {
        throw failure(at: open, "unterminated label set: no \"}\" before the end of the line")
      }
      if bytes[index] == TextBytes.closeBrace {
        if afterComma && omStrict {
          throw failure(at: index - 1, "trailing comma in label set (OpenMetrics)")
        }
        return set
      }
      let itemStart = index
      let item = try parseLabel(
        bytes, open: open, end: end, index: &index, after: set.labels,
        canonicalNumbers: canonicalNumbers, acceptsMetricName: acceptsMetricName)
      let name: String
      switch item {
      case .label(let label):
        name = label.name
        set.labels.append(label)
      case .metricName(let metricName):
        if let first = set.metricName {
          throw failure(
            at: itemStart,
            "second metric name \"\(metricName)\" in the label set of \"\(first)\" "
              + "(\(formatName): a series has one name)")
        }
        name = metricName
        set.metricName = metricName
      }
      if !omStrict { while index < end && TextBytes.isBlank(bytes[index]) { index += 1 } }
      guard index < end else {
        throw failure(at: open, "unterminated label set: no \"}\" before the end of the line")
      }
      if bytes[index] == TextBytes.comma {
        index += 1
        afterComma = true
      } else if bytes[index] != TextBytes.closeBrace {
        throw failure(
          at: index,
          "expected \",\" or \"}\" after the value of label \"\(name)\", "
            + "found \"\(TextBytes.shown(bytes[index]))\"")
      } else {
        afterComma = false
      }
    }
  }

  /// One item of a label set: a label, or a metric name written inside the braces.
  private enum LabelItem {
    case label(Label)
    case metricName(String)
  }

  /// One `name="value"` of a label set, starting at `index` (its first byte is not blank);
  /// `index` ends past the closing quote. With `acceptsMetricName`, a name followed by `,`
  /// or `}` is the metric's name and `index` ends past the name.
  private mutating func parseLabel(
    _ bytes: UnsafePointer<UInt8>, open: Int, end: Int, index: inout Int, after labels: [Label],
    canonicalNumbers: Bool, acceptsMetricName: Bool
  ) throws -> LabelItem {
    let omStrict = strict && dialect == .openMetrics
    let nameStart = index
    // Inside a `{` that starts the line, a name is a label's or the metric's until `=` or not.
    let what = acceptsMetricName ? "metric or label name" : "label name"
    let name = try labelName(bytes, end: end, what: what, index: &index)
    if !omStrict { while index < end && TextBytes.isBlank(bytes[index]) { index += 1 } }
    if acceptsMetricName, index < end,
      bytes[index] == TextBytes.comma || bytes[index] == TextBytes.closeBrace
    {
      return .metricName(name)
    }
    if strict && dialect == .prometheus && name == "__name__" {
      throw failure(at: nameStart, "label name \"__name__\" is reserved (text format 0.0.4)")
    }
    if labels.contains(where: { $0.name == name }) {
      throw failure(at: nameStart, "duplicate label name \"\(name)\" in one series")
    }
    guard index < end, bytes[index] == TextBytes.equals else {
      if index >= end {
        throw failure(at: open, "unterminated label set: no \"}\" before the end of the line")
      }
      let expected = acceptsMetricName ? "\",\", \"}\" or \"=\"" : "\"=\""
      throw failure(
        at: index,
        "expected \(expected) after label name \"\(name)\", found \"\(TextBytes.shown(bytes[index]))\""
      )
    }
    index += 1
    if !omStrict { while index < end && TextBytes.isBlank(bytes[index]) { index += 1 } }
    guard index < end, bytes[index] == TextBytes.quote else {
      throw failure(at: min(index, end), "expected a quoted value for label \"\(name)\"")
    }
    let valueStart = index
    var value = try quotedText(bytes, quoteAt: index, end: end, what: "label value", &index)
    if omStrict && name == "le", let bound = PrometheusFloat.parse(value), bound.isInfinite,
      value != "+Inf" && value != "-Inf"
    {
      throw failure(
        at: valueStart, "le=\"\(value)\": infinite bounds are written +Inf or -Inf (OpenMetrics)")
    }
    if canonicalNumbers && (name == "le" || name == "quantile"),
      let canonical = PrometheusFloat.canonical(value)
    {
      value = canonical
    }
    return .label(Label(name: name, value: value))
  }

  /// A label name at `index`: `[a-zA-Z_][a-zA-Z0-9_]*`, or a quoted UTF-8 name where
  /// ``allowsQuotedNames``; `index` ends past it. `what` names it in errors.
  private mutating func labelName(
    _ bytes: UnsafePointer<UInt8>, end: Int, what: String, index: inout Int
  ) throws -> String {
    let nameStart = index
    if bytes[index] == TextBytes.quote && allowsQuotedNames {
      let name = try quotedText(bytes, quoteAt: index, end: end, what: what, &index)
      if name.isEmpty { throw failure(at: nameStart, "empty quoted \(what)") }
      return name
    }
    guard TextBytes.isLabelNameStart(bytes[index]) else {
      throw failure(
        at: index,
        "invalid label name starting with \"\(TextBytes.shown(bytes[index]))\" "
          + "(names match [a-zA-Z_][a-zA-Z0-9_]* or are quoted)")
    }
    while index < end && TextBytes.isLabelNameByte(bytes[index]) { index += 1 }
    return String(
      decoding: UnsafeBufferPointer(start: bytes + nameStart, count: index - nameStart),
      as: UTF8.self)
  }

  /// The unescaped text of the quoted `what` (label value, label name, metric name) opening
  /// at `quote`; `index` ends past its closing quote.
  mutating func quotedText(
    _ bytes: UnsafePointer<UInt8>, quoteAt quote: Int, end: Int, what: String, _ index: inout Int
  ) throws -> String {
    scratch.removeAll(keepingCapacity: true)
    var cursor = quote + 1
    while true {
      guard cursor < end else {
        throw failure(
          at: quote,
          "unterminated quoted \(what): no closing \"\\\"\" (a line feed inside is written \\n)")
      }
      let byte = bytes[cursor]
      if byte == TextBytes.quote { break }
      if byte == TextBytes.backslash {
        guard cursor + 1 < end else {
          throw failure(
            at: quote,
            "unterminated quoted \(what): no closing \"\\\"\" (a line feed inside is written \\n)")
        }
        let escaped = bytes[cursor + 1]
        switch escaped {
        case TextBytes.backslash: scratch.append(TextBytes.backslash)
        case TextBytes.quote: scratch.append(TextBytes.quote)
        case UInt8(ascii: "n"): scratch.append(TextBytes.lineFeed)
        default:
          // OpenMetrics' reference parser, like Prometheus' scraper, keeps it as written.
          if strict && dialect == .prometheus {
            throw failure(
              at: cursor,
              "invalid escape sequence \"\\\(TextBytes.shown(escaped))\" in \(what) "
                + "(text format 0.0.4: only \\\\, \\\" and \\n are allowed)")
          }
          scratch.append(TextBytes.backslash)
          scratch.append(escaped)
        }
        cursor += 2
        continue
      }
      scratch.append(byte)
      cursor += 1
    }
    index = cursor + 1
    guard let text = String(validating: scratch, as: UTF8.self) else {
      throw failure(at: quote, "\(what) is not valid UTF-8")
    }
    return text
  }
}
