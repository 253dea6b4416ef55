import MetricModel

extension ExpositionParser {
  /// Parses and validates a series seen for the first time: its name, family and labels.
  mutating func describeSeries(
    _ bytes: UnsafePointer<UInt8>, nameStart: Int, nameEnd: Int, labelStart: Int, keyEnd: Int,
    count: Int
  ) throws -> SeriesDescriptor {
    guard nameEnd > nameStart, TextBytes.isMetricNameStart(bytes[nameStart]) else {
      throw failure(
        at: nameStart,
        "invalid metric name starting with \"\(TextBytes.shown(bytes[nameStart]))\" "
          + "(names match [a-zA-Z_:][a-zA-Z0-9_:]*)")
    }
    if labelStart > nameEnd && strict && dialect == .openMetrics {
      throw failure(at: nameEnd, "space between metric name and label set (OpenMetrics)")
    }
    let name = String(
      decoding: UnsafeBufferPointer(start: bytes + nameStart, count: nameEnd - nameStart),
      as: UTF8.self)
    let resolution = families.resolve(sampleName: name)
    var labels: [Label] = []
    if labelStart >= 0 {
      labels = try parseLabels(bytes, open: labelStart, end: keyEnd, canonicalNumbers: true)
    }
    guard let labelSet = LabelSet(labels) else {
      // parseLabels already rejects duplicate names; LabelSet cannot disagree.
      throw failure(at: labelStart, "duplicate label name")
    }
    if strict { try checkStrictSeries(resolution, name: name, labels: labelSet, at: nameStart) }
    if strict { familiesWithSamples.insert(resolution.family) }
    return SeriesDescriptor(
      name: name, family: resolution.family, type: resolution.type, labels: labelSet)
  }

  /// The per-series rules only strict mode enforces.
  private mutating func checkStrictSeries(
    _ resolution: MetricFamilyTable.Resolution, name: String, labels: LabelSet, at index: Int
  ) throws {
    let type = resolution.type
    if dialect == .openMetrics && type == .counter && resolution.suffix == nil {
      throw failure(
        at: index,
        "counter sample \"\(name)\" lacks the _total suffix (OpenMetrics: counter samples are NAME_total)"
      )
    }
    if dialect == .openMetrics && type == .info && resolution.suffix == nil {
      throw failure(at: index, "info sample \"\(name)\" lacks the _info suffix (OpenMetrics)")
    }
    let isHistogram = type == .histogram || type == .gaugehistogram
    if isHistogram && resolution.suffix == .bucket {
      guard let bound = labels["le"] else {
        throw failure(at: index, "histogram bucket \"\(name)\" has no le label")
      }
      guard PrometheusFloat.parse(bound) != nil else {
        throw failure(at: index, "histogram bucket bound le=\"\(bound)\" is not a number")
      }
      let group = resolution.family + labels.removing("le").json
      var entry =
        bucketGroups[group] ?? (line: lineNumber, family: resolution.family, hasInfinity: false)
      if bound == "+Inf" { entry.hasInfinity = true }
      bucketGroups[group] = entry
    }
    if type == .summary && resolution.suffix == nil {
      guard let quantile = labels["quantile"] else {
        throw failure(at: index, "summary sample \"\(name)\" has no quantile label")
      }
      guard PrometheusFloat.parse(quantile) != nil else {
        throw failure(at: index, "summary quantile=\"\(quantile)\" is not a number")
      }
    }
  }

  /// The error for a label set that the line ends inside: an open quoted value, or a
  /// missing `}`. Parsing the labels finds the precise position.
  func unterminatedLabelSet(_ bytes: UnsafePointer<UInt8>, from open: Int, count: Int)
    -> ParseError
  {
    var copy = self
    do {
      _ = try copy.parseLabels(bytes, open: open, end: count, canonicalNumbers: false)
    } catch let error as ParseError where error.message.hasPrefix("unterminated quoted") {
      return error
    } catch {}
    return failure(at: open, "unterminated label set: no \"}\" before the end of the line")
  }

  /// Parses `{name="value",...}` starting at `open` and ending before `end`.
  ///
  /// Escapes `\\`, `\"` and `\n` are resolved; another escape is an error in strict mode and
  /// kept literally otherwise (as Prometheus' scraper does). `le` and `quantile` values that
  /// are numbers are rewritten to canonical form when `canonicalNumbers`.
  mutating func parseLabels(
    _ bytes: UnsafePointer<UInt8>, open: Int, end: Int, canonicalNumbers: Bool
  ) throws -> [Label] {
    let omStrict = strict && dialect == .openMetrics
    var labels: [Label] = []
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
        return labels
      }
      let label = try parseLabel(
        bytes, open: open, end: end, index: &index, after: labels,
        canonicalNumbers: canonicalNumbers)
      let name = label.name
      labels.append(label)
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

  /// One `name="value"` of a label set, starting at `index` (its first byte is not blank);
  /// `index` ends past the closing quote.
  private mutating func parseLabel(
    _ bytes: UnsafePointer<UInt8>, open: Int, end: Int, index: inout Int, after labels: [Label],
    canonicalNumbers: Bool
  ) throws -> Label {
    let omStrict = strict && dialect == .openMetrics
    let nameStart = index
    guard TextBytes.isLabelNameStart(bytes[index]) else {
      throw failure(
        at: index,
        "invalid label name starting with \"\(TextBytes.shown(bytes[index]))\" "
          + "(names match [a-zA-Z_][a-zA-Z0-9_]*)")
    }
    while index < end && TextBytes.isLabelNameByte(bytes[index]) { index += 1 }
    let name = String(
      decoding: UnsafeBufferPointer(start: bytes + nameStart, count: index - nameStart),
      as: UTF8.self)
    if strict && dialect == .prometheus && name == "__name__" {
      throw failure(at: nameStart, "label name \"__name__\" is reserved (text format 0.0.4)")
    }
    if labels.contains(where: { $0.name == name }) {
      throw failure(at: nameStart, "duplicate label name \"\(name)\" in one series")
    }
    if !omStrict { while index < end && TextBytes.isBlank(bytes[index]) { index += 1 } }
    guard index < end, bytes[index] == TextBytes.equals else {
      if index >= end {
        throw failure(at: open, "unterminated label set: no \"}\" before the end of the line")
      }
      throw failure(
        at: index,
        "expected \"=\" after label name \"\(name)\", found \"\(TextBytes.shown(bytes[index]))\"")
    }
    index += 1
    if !omStrict { while index < end && TextBytes.isBlank(bytes[index]) { index += 1 } }
    guard index < end, bytes[index] == TextBytes.quote else {
      throw failure(at: min(index, end), "expected a quoted value for label \"\(name)\"")
    }
    let valueStart = index
    var value = try labelValue(bytes, quoteAt: index, end: end, &index)
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
    return Label(name: name, value: value)
  }

  /// The unescaped text of the quoted value opening at `quote`; `index` ends past its
  /// closing quote.
  private mutating func labelValue(
    _ bytes: UnsafePointer<UInt8>, quoteAt quote: Int, end: Int, _ index: inout Int
  ) throws -> String {
    scratch.removeAll(keepingCapacity: true)
    var cursor = quote + 1
    while true {
      guard cursor < end else {
        throw failure(at: quote, "unterminated quoted label value: no closing \"\\\"\"")
      }
      let byte = bytes[cursor]
      if byte == TextBytes.quote { break }
      if byte == TextBytes.backslash {
        guard cursor + 1 < end else {
          throw failure(at: quote, "unterminated quoted label value: no closing \"\\\"\"")
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
              "invalid escape sequence \"\\\(TextBytes.shown(escaped))\" in label value "
                + "(text format 0.0.4: only \\\\, \\\" and \\n are allowed)")
          }
          // Prometheus' scraper keeps unknown escapes as written.
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
      throw failure(at: quote, "label value is not valid UTF-8")
    }
    return text
  }

  /// The dialect's name as error messages cite it.
  var formatName: String {
    dialect == .openMetrics ? "OpenMetrics 1.0" : "text format 0.0.4"
  }
}
