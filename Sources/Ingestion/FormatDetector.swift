#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Guesses an input's format from its first chunk, and refuses binary input.
enum FormatDetector {
  /// Whether the sample `line` carries an exemplar: ` # {` after its value, outside quoted
  /// label values (text format 0.0.4 allows nothing but a timestamp there).
  static func hasExemplar(_ line: String) -> Bool {
    var line = line
    return line.withUTF8 { bytes in
      var quoted = false
      var index = 0
      while index < bytes.count {
        let byte = bytes[index]
        if quoted {
          if byte == TextBytes.backslash {
            index += 1
          } else if byte == TextBytes.quote {
            quoted = false
          }
        } else if byte == TextBytes.quote {
          quoted = true
        } else if byte == 0x20, index + 3 < bytes.count, bytes[index + 1] == UInt8(ascii: "#"),
          bytes[index + 2] == 0x20, bytes[index + 3] == TextBytes.openBrace
        {
          return true
        }
        index += 1
      }
      return false
    }
  }

  /// The format of an input starting with `head`.
  ///
  /// `{` first → Prometheus JSON; a first line naming the columns `metric`, `timestamp` and
  /// `value` → CSV; a line `# EOF`, `# UNIT ...` or `# TYPE name unknown|info|stateset|
  /// gaugehistogram`, an exemplar, or a counter `# TYPE name counter` whose samples are named
  /// `name_total` → OpenMetrics; anything else → Prometheus text 0.0.4.
  static func detect(_ head: UnsafeRawBufferPointer) -> InputFormat {
    let bytes = Array(head)
    guard let first = bytes.firstIndex(where: { !isWhitespace($0) }) else { return .prometheus }
    if bytes[first] == UInt8(ascii: "{") && !isBraceFirstSample(bytes[first...]) {
      return .prometheusJSON
    }
    var lines = bytes.split(separator: TextBytes.lineFeed, omittingEmptySubsequences: false)
      .map { line in String(decoding: line, as: UTF8.self) }
    // The last line may be cut by the end of the chunk; it still counts when it is complete
    // enough to match, which a cut keyword would not.
    if let header = lines.first, isCSVHeader(header) { return .csv }
    lines = lines.map { $0.trimmingWhitespace() }
    // Counter families whose samples 0.0.4 would name `name`, OpenMetrics `name_total`.
    var counters: Set<Substring> = []
    for line in lines {
      if !line.hasPrefix("#") {
        // A sample of a counter family named with `_total`, or an exemplar: OpenMetrics.
        let name = line.prefix { $0 != "{" && $0 != " " && $0 != "\t" }
        if name.hasSuffix("_total"), counters.contains(name.dropLast(6)) { return .openmetrics }
        if hasExemplar(line) { return .openmetrics }
        continue
      }
      let words = line.dropFirst().split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard let keyword = words.first else { continue }
      if keyword == "EOF" && words.count == 1 { return .openmetrics }
      if keyword == "UNIT" { return .openmetrics }
      if keyword == "TYPE" && words.count >= 3
        && ["unknown", "info", "stateset", "gaugehistogram"].contains(String(words[2]))
      {
        return .openmetrics
      }
      if keyword == "TYPE" && words.count >= 3 && words[2] == "counter"
        && !words[1].hasSuffix("_total")
      {
        counters.insert(words[1])
      }
    }
    return .prometheus
  }

  /// True when the line starting `text` is a Prometheus text sample whose metric name is
  /// inside its braces, `{"name.with.dots",a="b"} 1`: a number follows its last `}`, which
  /// JSON never has.
  static func isBraceFirstSample(_ text: ArraySlice<UInt8>) -> Bool {
    let line = text.prefix { $0 != TextBytes.lineFeed && $0 != TextBytes.carriageReturn }
    guard let close = line.lastIndex(of: TextBytes.closeBrace) else { return false }
    let token = line[(close + 1)...].drop(while: TextBytes.isBlank).prefix {
      !TextBytes.isBlank($0)
    }
    return !token.isEmpty && PrometheusFloat.parse(String(decoding: token, as: UTF8.self)) != nil
  }

  /// True when the comma-separated `line` names `metric`, `timestamp` and `value` columns.
  static func isCSVHeader(_ line: String) -> Bool {
    let names = Set(
      line.split(separator: ",", omittingEmptySubsequences: false).map { field in
        field.trimmingWhitespace().trimmingCharacters(in: "\"").lowercased()
      })
    return names.isSuperset(of: ["metric", "timestamp", "value"])
  }

  /// How much of an input's head is checked for binary bytes: enough for every binary
  /// format's first bytes (compressed, protobuf, executables, UTF-16 text all show a NUL or a
  /// byte that breaks UTF-8 in their first few), and the same for a scrape of a few kilobytes
  /// as for a file of gigabytes. Past it, label values are still checked as UTF-8 where a
  /// series is first seen, and a NUL cannot form a name or a value.
  static let checkedHeadBytes = 4096

  /// ``firstBinaryByte(_:isWholeInput:)`` of the first ``checkedHeadBytes`` of `head`, the
  /// first chunk of an input (`reachedEnd`: all of it).
  static func firstBinaryByte(inHeadOf head: UnsafeRawBufferPointer, reachedEnd: Bool) -> Int? {
    guard head.count > checkedHeadBytes else {
      return firstBinaryByte(head, isWholeInput: reachedEnd)
    }
    return firstBinaryByte(
      UnsafeRawBufferPointer(rebasing: head[..<checkedHeadBytes]), isWholeInput: false)
  }

  /// The offset of the first byte showing `head` is not text: a NUL, or a byte that breaks
  /// UTF-8. A multi-byte sequence cut by the end of a chunk is not an error unless
  /// `isWholeInput`.
  ///
  /// Every input's head is checked, so the common case is made cheap: the
  /// first NUL is found by `memchr`, and the bytes before it are read 64 at a time (four
  /// 16-byte vectors) while none has its high bit set (ASCII); only the rest is decoded as
  /// UTF-8.
  static func firstBinaryByte(_ head: UnsafeRawBufferPointer, isWholeInput: Bool) -> Int? {
    guard let base = head.baseAddress, head.count > 0 else { return nil }
    let nul = memchr(base, 0, head.count).map { base.distance(to: UnsafeRawPointer($0)) }
    // Up to the NUL, which no UTF-8 sequence may run into.
    let count = nul ?? head.count
    let cutIsError = isWholeInput || nul != nil
    let highs: UInt64 = 0x8080_8080_8080_8080
    var index = 0
    while index < count {
      while index + 64 <= count {
        let a = base.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
        let b = base.loadUnaligned(fromByteOffset: index + 16, as: SIMD16<UInt8>.self)
        let c = base.loadUnaligned(fromByteOffset: index + 32, as: SIMD16<UInt8>.self)
        let d = base.loadUnaligned(fromByteOffset: index + 48, as: SIMD16<UInt8>.self)
        let words = unsafeBitCast(a | b | c | d, to: (UInt64, UInt64).self)
        guard (words.0 | words.1) & highs == 0 else { break }
        index += 64
      }
      while index + 8 <= count {
        guard base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & highs == 0 else {
          break
        }
        index += 8
      }
      guard index < count else { break }
      let byte = head[index]
      if byte < 0x80 {
        index += 1
        continue
      }
      let length: Int
      var minimum: UInt32
      var scalar: UInt32
      switch byte {
      case 0xC2...0xDF: (length, minimum, scalar) = (2, 0x80, UInt32(byte & 0x1F))
      case 0xE0...0xEF: (length, minimum, scalar) = (3, 0x800, UInt32(byte & 0x0F))
      case 0xF0...0xF4: (length, minimum, scalar) = (4, 0x10000, UInt32(byte & 0x07))
      default: return index
      }
      if index + length > count {
        // Only a chunk boundary may cut a sequence; check the bytes that are there.
        if cutIsError { return index }
      }
      for offset in 1..<length where index + offset < count {
        let next = head[index + offset]
        guard next & 0xC0 == 0x80 else { return index }
        scalar = scalar << 6 | UInt32(next & 0x3F)
      }
      if index + length <= count {
        if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
          return index
        }
      }
      minimum = 0
      index += length
    }
    return nul
  }

  private static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == TextBytes.space || byte == TextBytes.tab || byte == TextBytes.lineFeed
      || byte == TextBytes.carriageReturn
  }
}

extension StringProtocol {
  /// The text without leading and trailing spaces, tabs and carriage returns.
  fileprivate func trimmingWhitespace() -> String {
    let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
    guard let first = firstIndex(where: { !isBlank($0) }),
      let last = lastIndex(where: { !isBlank($0) })
    else { return "" }
    return String(self[first...last])
  }

  /// The text without leading and trailing `character`s.
  fileprivate func trimmingCharacters(in character: Character) -> String {
    guard let first = firstIndex(where: { $0 != character }),
      let last = lastIndex(where: { $0 != character })
    else { return "" }
    return String(self[first...last])
  }
}
