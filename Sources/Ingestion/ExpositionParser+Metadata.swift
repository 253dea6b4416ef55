import MetricModel

extension ExpositionParser {
  /// A line starting with `#`: `# HELP`, `# TYPE`, `# UNIT`, `# EOF` or a comment.
  mutating func metadataLine(_ bytes: UnsafePointer<UInt8>, from hashIndex: Int, count: Int)
    throws
  {
    let omStrict = strict && dialect == .openMetrics
    var index = hashIndex + 1
    while index < count && TextBytes.isBlank(bytes[index]) { index += 1 }
    let keywordStart = index
    while index < count && !TextBytes.isBlank(bytes[index]) { index += 1 }
    let keyword = String(
      decoding: UnsafeBufferPointer(start: bytes + keywordStart, count: index - keywordStart),
      as: UTF8.self)
    let isKnown =
      ["HELP", "TYPE", "EOF"].contains(keyword) || (keyword == "UNIT" && dialect == .openMetrics)
    guard isKnown else {
      if omStrict {
        throw failure(
          at: hashIndex, "comment line (OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF)")
      }
      return
    }
    if omStrict && keywordStart != hashIndex + 2 {
      throw failure(at: hashIndex, "expected exactly one space after \"#\" (OpenMetrics)")
    }
    if keyword == "EOF" {
      var rest = index
      while rest < count && TextBytes.isBlank(bytes[rest]) { rest += 1 }
      guard dialect == .openMetrics else { return }
      if rest < count || (omStrict && index < count) {
        throw failure(at: hashIndex, "unexpected text after # EOF")
      }
      sawEOF = true
      return
    }
    while index < count && TextBytes.isBlank(bytes[index]) { index += 1 }
    let nameStart = index
    while index < count && !TextBytes.isBlank(bytes[index]) { index += 1 }
    let name = String(
      decoding: UnsafeBufferPointer(start: bytes + nameStart, count: index - nameStart),
      as: UTF8.self)
    guard TextBytes.isMetricName(name) else {
      if name.isEmpty { throw failure(at: nameStart, "missing metric name after # \(keyword)") }
      throw failure(
        at: nameStart,
        "invalid metric name \"\(name)\" in # \(keyword) (names match [a-zA-Z_:][a-zA-Z0-9_:]*)")
    }
    // The rest of the line after one separating blank (HELP text may start with blanks).
    let textStart = index < count ? index + 1 : count
    switch keyword {
    case "HELP": try help(bytes, name: name, textStart: textStart, count: count, at: nameStart)
    case "TYPE": try type(bytes, name: name, textStart: textStart, count: count, at: nameStart)
    default: try unit(bytes, name: name, textStart: textStart, count: count, at: nameStart)
    }
  }

  private mutating func help(
    _ bytes: UnsafePointer<UInt8>, name: String, textStart: Int, count: Int, at nameStart: Int
  ) throws {
    guard strict else { return }
    if helpSeen.contains(name) {
      throw failure(at: nameStart, "second # HELP line for \"\(name)\" (\(formatName))")
    }
    helpSeen.insert(name)
    var index = textStart
    while index < count {
      if bytes[index] == TextBytes.backslash {
        let next: UInt8 = index + 1 < count ? bytes[index + 1] : 0
        let allowed =
          next == TextBytes.backslash || next == UInt8(ascii: "n")
          || (dialect == .openMetrics && next == TextBytes.quote)
        guard allowed else {
          let shown = next == 0 ? "" : TextBytes.shown(next)
          let rule = dialect == .openMetrics ? "\\\\, \\\" and \\n" : "\\\\ and \\n"
          throw failure(
            at: index,
            "invalid escape sequence \"\\\(shown)\" in # HELP text (\(formatName): only \(rule) are allowed)"
          )
        }
        index += 2
      } else {
        index += 1
      }
    }
  }

  private mutating func type(
    _ bytes: UnsafePointer<UInt8>, name: String, textStart: Int, count: Int, at nameStart: Int
  ) throws {
    var end = count
    while end > textStart && TextBytes.isBlank(bytes[end - 1]) { end -= 1 }
    let word = String(
      decoding: UnsafeBufferPointer(start: bytes + textStart, count: max(0, end - textStart)),
      as: UTF8.self)
    guard let type = MetricType(typeWord: word) else {
      throw failure(
        at: textStart,
        "unknown metric type \"\(word)\" (expected counter, gauge, histogram, summary, untyped"
          + ", or OpenMetrics' unknown, info, stateset, gaugehistogram)")
    }
    if strict {
      let openMetricsOnly = ["unknown", "info", "stateset", "gaugehistogram"].contains(word)
      if dialect == .prometheus && openMetricsOnly {
        throw failure(
          at: textStart, "metric type \"\(word)\" is OpenMetrics-only (text format 0.0.4)")
      }
      if dialect == .openMetrics && word == "untyped" {
        throw failure(
          at: textStart,
          "metric type \"untyped\" is text format 0.0.4; OpenMetrics calls it \"unknown\"")
      }
      if families.isDeclared(name) {
        throw failure(
          at: nameStart,
          "second # TYPE line for \"\(name)\" (\(formatName): one TYPE per metric family)")
      }
      if familiesWithSamples.contains(name) {
        throw failure(
          at: nameStart,
          "# TYPE line for \"\(name)\" after its samples (\(formatName): TYPE comes first)")
      }
    }
    families.declare(name, as: type)
  }

  private mutating func unit(
    _ bytes: UnsafePointer<UInt8>, name: String, textStart: Int, count: Int, at nameStart: Int
  ) throws {
    guard strict else { return }
    if unitSeen.contains(name) {
      throw failure(at: nameStart, "second # UNIT line for \"\(name)\" (OpenMetrics)")
    }
    unitSeen.insert(name)
    let unit = String(
      decoding: UnsafeBufferPointer(start: bytes + textStart, count: max(0, count - textStart)),
      as: UTF8.self)
    if !unit.isEmpty && !name.hasSuffix("_" + unit) {
      throw failure(
        at: nameStart,
        "metric family \"\(name)\" with unit \"\(unit)\" must end in \"_\(unit)\" (OpenMetrics)")
    }
  }

  /// The end-of-input rules: `# EOF` when required, and every histogram series group has a
  /// `+Inf` bucket (strict).
  mutating func finish(lastLine: Int, bytesRead: Int) throws {
    if requiresEOF && !sawEOF && bytesRead > 0 {
      throw ParseError(
        line: lastLine + 1, column: 1,
        message:
          "missing \"# EOF\" at the end of the input (OpenMetrics: the exposition ends with # EOF)")
    }
    let missing = bucketGroups.filter { !$0.value.hasInfinity }.min {
      $0.value.line < $1.value.line
    }
    if let (group, entry) = missing {
      let labels = String(group.dropFirst(entry.family.count))
      throw ParseError(
        line: entry.line, column: 1,
        message:
          "histogram \"\(entry.family)\" series \(labels) has no bucket with le=\"+Inf\" (\(formatName))"
      )
    }
  }
}
