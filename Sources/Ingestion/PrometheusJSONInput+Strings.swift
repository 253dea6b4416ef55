/// Strings: ``PrometheusJSONInput/readString()`` with every JSON escape, and the text read.
extension PrometheusJSONInput {
  /// Reads a string (the next byte is its `"`) into ``scratch``, escapes resolved.
  mutating func readString() throws {
    guard try peekSkippingWhitespace() == TextBytes.quote else {
      throw unexpected(try peek(), expected: "a string")
    }
    position += 1
    scratch.removeAll(keepingCapacity: true)
    while true {
      // The common case: a run of plain bytes inside the chunk.
      var end = position
      while end < count {
        let byte = buffer[end]
        if byte == TextBytes.quote || byte == TextBytes.backslash || byte < 0x20 { break }
        end += 1
      }
      if end > position {
        scratch.append(contentsOf: buffer[position..<end])
        position = end
      }
      guard let byte = try peek() else {
        throw failure("unterminated string: the input ends inside it")
      }
      switch byte {
      case TextBytes.quote:
        position += 1
        return
      case TextBytes.backslash:
        try readEscape()
      case _ where byte < 0x20:
        throw failure(
          "control character \(TextBytes.shown(byte)) inside a string (JSON requires an escape)")
      default:
        continue
      }
    }
  }

  /// Reads one escape sequence (the next byte is its backslash) into ``scratch``.
  mutating func readEscape() throws {
    let start = location
    position += 1
    guard let escaped = try peek() else {
      throw failure("unterminated string: the input ends inside it")
    }
    position += 1
    let simple: UInt8?
    switch escaped {
    case TextBytes.quote, TextBytes.backslash, UInt8(ascii: "/"): simple = escaped
    case UInt8(ascii: "b"): simple = 0x08
    case UInt8(ascii: "f"): simple = 0x0C
    case UInt8(ascii: "n"): simple = TextBytes.lineFeed
    case UInt8(ascii: "r"): simple = TextBytes.carriageReturn
    case UInt8(ascii: "t"): simple = TextBytes.tab
    case UInt8(ascii: "u"): simple = nil
    default:
      throw failure(
        at: start,
        "invalid escape sequence \"\\\(TextBytes.shown(escaped))\" in a string "
          + "(JSON allows \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t and \\uXXXX)")
    }
    if let simple {
      scratch.append(simple)
      return
    }
    var scalar = try readHexQuad(escapeStart: start)
    if (0xDC00...0xDFFF).contains(scalar) {
      throw failure(at: start, "invalid \\u escape: a low surrogate without a high one before it")
    }
    if (0xD800...0xDBFF).contains(scalar) {
      let lowStart = location
      guard try peek() == TextBytes.backslash else {
        throw failure(at: start, "invalid \\u escape: a high surrogate without a low one after it")
      }
      position += 1
      guard try peek() == UInt8(ascii: "u") else {
        throw failure(at: start, "invalid \\u escape: a high surrogate without a low one after it")
      }
      position += 1
      let low = try readHexQuad(escapeStart: lowStart)
      guard (0xDC00...0xDFFF).contains(low) else {
        throw failure(at: start, "invalid \\u escape: a high surrogate without a low one after it")
      }
      scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
    }
    // Surrogates were handled above, so the scalar is valid.
    guard let unicode = Unicode.Scalar(scalar) else {
      throw failure(at: start, "invalid \\u escape")
    }
    scratch.append(contentsOf: UTF8.encode(unicode) ?? UTF8.EncodedScalar())
  }

  /// Four hexadecimal digits of a `\u` escape.
  mutating func readHexQuad(escapeStart: (line: Int, column: Int)) throws -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = try peek() else {
        throw failure("unterminated string: the input ends inside it")
      }
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default:
        throw failure(
          at: escapeStart, "invalid \\u escape: \\u must be followed by four hexadecimal digits")
      }
      value = value << 4 | UInt32(digit)
      position += 1
    }
    return value
  }

  /// Reads a string and returns it as text; throws when its bytes are not UTF-8.
  mutating func readText() throws -> String {
    _ = try peekSkippingWhitespace()
    let start = location
    try readString()
    return try scratchText(readAt: start)
  }

  /// ``scratch`` as text (a string or member name read at `start`); throws when its bytes
  /// are not UTF-8, rather than replacing them.
  func scratchText(readAt start: (line: Int, column: Int)) throws -> String {
    let text = String(decoding: scratch, as: UTF8.self)
    guard text.utf8.count == scratch.count, text.utf8.elementsEqual(scratch) else {
      throw failure(at: start, "a string that is not valid UTF-8")
    }
    return text
  }
}
