import MetricModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension ExpositionParser {
  /// A line starting with `#`: `# HELP`, `# TYPE`, `# UNIT`, `# EOF` or a comment.
  mutating func metadataLine(_ bytes: UnsafePointer<UInt8>, from hashIndex: Int, count: Int)
    throws
  {
    if !strict && plainMetadataLine(bytes, from: hashIndex, count: count) { return }
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
    if keyword == "EOF" { return try eofLine(bytes, from: hashIndex, after: index, count: count) }
    while index < count && TextBytes.isBlank(bytes[index]) { index += 1 }
    let nameStart = index
    guard let name = try metadataName(bytes, keyword: keyword, index: &index, count: count)
    else { return }
    guard
      let textStart = try metadataText(
        bytes, keyword: keyword, name: name, nameStart: nameStart, after: index, count: count)
    else { return }
    switch keyword {
    case "HELP": try help(bytes, name: name, textStart: textStart, count: count, at: nameStart)
    case "TYPE": try type(bytes, name: name, textStart: textStart, count: count, at: nameStart)
    default: try unit(bytes, name: name, textStart: textStart, count: count, at: nameStart)
    }
  }

  /// The lenient reading of the lines every scrape repeats, `# HELP name text` and `# TYPE
  /// name type` with one space after `#` and after a bare name and a type in lower case, done
  /// on the bytes: true when the line was one and is handled. Any other shape (quoted names,
  /// other spacing, `gauge_histogram`, upper case, an error to report) returns false and the
  /// general path reads it, with the same outcome for the lines handled here.
  private mutating func plainMetadataLine(
    _ bytes: UnsafePointer<UInt8>, from hashIndex: Int, count: Int
  ) -> Bool {
    var index = hashIndex + 1
    guard index + 6 <= count, bytes[index] == TextBytes.space, bytes[index + 5] == TextBytes.space
    else { return false }
    let keyword = UnsafeRawPointer(bytes + index + 1).loadUnaligned(as: UInt32.self)
    let isType = keyword == Self.typeKeyword
    guard isType || keyword == Self.helpKeyword else { return false }
    index += 6
    let nameStart = index
    guard index < count, TextBytes.isMetricNameStart(bytes[index]) else { return false }
    index += 1
    while index < count && TextBytes.isMetricNameByte(bytes[index]) { index += 1 }
    let nameEnd = index
    guard index < count, bytes[index] == TextBytes.space else { return false }
    // Lenient # HELP only checks the name; its text is not kept.
    guard isType else { return true }
    while index < count && TextBytes.isBlank(bytes[index]) { index += 1 }
    var end = count
    while end > index && TextBytes.isBlank(bytes[end - 1]) { end -= 1 }
    // `# TYPE name` and blanks is a comment.
    guard end > index else { return true }
    let length = end - index
    guard
      let type = Self.plainTypeWords.first(where: { entry in
        entry.word.count == length && memcmp(entry.word, bytes + index, length) == 0
      })?.type
    else { return false }
    families.declare(nameBytes: bytes + nameStart, count: nameEnd - nameStart, as: type)
    return true
  }

  /// The `# TYPE` words as written in lower case, and their types.
  private static let plainTypeWords: [(word: [UInt8], type: MetricType)] =
    MetricType.allCases.map { type in (Array(type.rawValue.utf8), type) }
    + [(Array("unknown".utf8), .untyped)]

  /// `TYPE` and `HELP` as the four bytes a line holds, loaded as one word.
  private static let typeKeyword = keywordWord("TYPE")
  private static let helpKeyword = keywordWord("HELP")

  private static func keywordWord(_ text: String) -> UInt32 {
    Array(text.utf8).withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
  }

  /// The metric name of `# KEYWORD name ...` at `index`, which ends past it: bare, or quoted
  /// where ``allowsQuotedNames``. Nil when there is none and the line is a comment.
  private mutating func metadataName(
    _ bytes: UnsafePointer<UInt8>, keyword: String, index: inout Int, count: Int
  ) throws -> String? {
    let nameStart = index
    if index < count && bytes[index] == TextBytes.quote && allowsQuotedNames {
      let name = try quotedText(bytes, quoteAt: index, end: count, what: "metric name", &index)
      if name.isEmpty { throw failure(at: nameStart, "empty quoted metric name in # \(keyword)") }
      guard index == count || TextBytes.isBlank(bytes[index]) else {
        throw failure(
          at: index,
          "invalid metric name in # \(keyword): \"\(TextBytes.shown(bytes[index]))\" right after "
            + "the quoted name (a blank separates it from the text)")
      }
      return name
    }
    while index < count && !TextBytes.isBlank(bytes[index]) { index += 1 }
    let name = String(
      decoding: UnsafeBufferPointer(start: bytes + nameStart, count: index - nameStart),
      as: UTF8.self)
    if name.isEmpty && !(strict && dialect == .openMetrics) {
      // `# HELP` or `# TYPE` alone is a comment to Prometheus' parsers.
      return nil
    }
    guard TextBytes.isMetricName(name) else {
      if name.isEmpty { throw failure(at: nameStart, "missing metric name after # \(keyword)") }
      throw failure(
        at: nameStart,
        "invalid metric name \"\(name)\" in # \(keyword) "
          + "(names match [a-zA-Z_:][a-zA-Z0-9_:]* or are quoted)")
    }
    return name
  }

  /// Where the text of `# KEYWORD name text` starts, the name ending before `index`; nil
  /// when the line is a comment after all (0.0.4's `# HELP name` without text). Strict
  /// OpenMetrics wants one space and then the text, which may be empty.
  private mutating func metadataText(
    _ bytes: UnsafePointer<UInt8>, keyword: String, name: String, nameStart: Int,
    after index: Int, count: Int
  ) throws -> Int? {
    if strict && dialect == .openMetrics {
      guard index < count, bytes[index] == TextBytes.space else {
        throw failure(
          at: index, "expected a space and text after the metric name in # \(keyword) (OpenMetrics)"
        )
      }
      try openMetricsRules?.metadata(keyword, name: name, line: lineNumber, column: nameStart + 1)
      return index + 1
    }
    var start = index
    while start < count && TextBytes.isBlank(bytes[start]) { start += 1 }
    if start == count && dialect == .prometheus { return nil }
    return start
  }

  /// `# EOF`, its keyword ending before `index`: only blanks may follow (none when strict).
  private mutating func eofLine(
    _ bytes: UnsafePointer<UInt8>, from hashIndex: Int, after index: Int, count: Int
  ) throws {
    var rest = index
    while rest < count && TextBytes.isBlank(bytes[rest]) { rest += 1 }
    guard dialect == .openMetrics else { return }
    if rest < count || (strict && index < count) {
      throw failure(at: hashIndex, "unexpected text after # EOF")
    }
    sawEOF = true
  }

  private mutating func help(
    _ bytes: UnsafePointer<UInt8>, name: String, textStart: Int, count: Int, at nameStart: Int
  ) throws {
    guard strict else { return }
    if helpSeen.contains(name) {
      throw failure(at: nameStart, "second # HELP line for \"\(name)\" (\(formatName))")
    }
    helpSeen.insert(name)
    // OpenMetrics keeps an unknown escape as written; 0.0.4's TextParser refuses it.
    guard dialect == .prometheus else { return }
    var index = textStart
    while index < count {
      if bytes[index] == TextBytes.backslash {
        let next: UInt8 = index + 1 < count ? bytes[index + 1] : 0
        // prometheus/common's TextParser reads \" too (it writes it in quoted names).
        guard [TextBytes.backslash, TextBytes.quote, UInt8(ascii: "n")].contains(next) else {
          let shown = next == 0 ? "" : TextBytes.shown(next)
          throw failure(
            at: index,
            "invalid escape sequence \"\\\(shown)\" in # HELP text "
              + "(\(formatName): only \\\\, \\\" and \\n are allowed)")
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
    let omStrict = strict && dialect == .openMetrics
    var end = count
    while end > textStart && TextBytes.isBlank(bytes[end - 1]) { end -= 1 }
    if strict && end < count && (omStrict || end > textStart) {
      // TextParser reads the rest of the line as the type, so a blank there is no type.
      throw failure(at: end, "blank after the metric type (\(formatName))")
    }
    // `# TYPE name` without a type is a comment to Prometheus' parsers.
    if end <= textStart && !omStrict { return }
    let written = String(
      decoding: UnsafeBufferPointer(start: bytes + textStart, count: max(0, end - textStart)),
      as: UTF8.self)
    // TextParser takes a type in any case, and a gauge histogram as gauge_histogram too;
    // OpenMetrics spells its types in lower case only.
    var word = omStrict ? written : written.lowercased()
    if word == "gauge_histogram" && !omStrict { word = "gaugehistogram" }
    guard let type = MetricType(typeWord: word) else {
      throw failure(
        at: textStart,
        "unknown metric type \"\(written)\" (expected counter, gauge, histogram, summary, "
          + "untyped, gaugehistogram, or OpenMetrics' unknown, info, stateset)")
    }
    if strict {
      let openMetricsOnly = ["unknown", "info", "stateset"].contains(word)
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
    openMetricsRules?.declare(type)
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
    openMetricsRules?.declareUnit(unit)
    if !unit.isEmpty && !name.hasSuffix("_" + unit) {
      throw failure(
        at: nameStart,
        "metric family \"\(name)\" with unit \"\(unit)\" must end in \"_\(unit)\" (OpenMetrics)")
    }
  }

  /// The end-of-input rules: `# EOF` when required, and every histogram series group has a
  /// `+Inf` bucket (strict).
  mutating func finish(lastLine: Int, bytesRead: Int) throws {
    try openMetricsRules?.finish()
    // Strict OpenMetrics wants `# EOF` even in an empty input: an exposition is never empty.
    if requiresEOF && !sawEOF && (bytesRead > 0 || openMetricsRules != nil) {
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
