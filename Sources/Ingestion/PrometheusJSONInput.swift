/// A streaming JSON tokenizer over a ``ByteSource``: one chunk in memory, never the document.
///
/// It reads one token at a time (strings with all escapes, `\uXXXX` and surrogate pairs
/// included, numbers, `true`, `false`, `null` and the punctuation of objects and arrays) and
/// knows the line and byte column of every byte, for errors. String and number contents go
/// to ``scratch``, valid until the next token, so memory is bounded by the chunk size and
/// the longest string, never by the size of the input.
struct PrometheusJSONInput<S: ByteSource> {
  /// Where the bytes come from; handed back to the caller when parsing ends.
  var source: S
  /// The contents of the last string or number read (escapes resolved).
  private(set) var scratch: [UInt8] = []

  private var buffer: [UInt8]
  /// Valid bytes in `buffer`.
  private var count: Int
  /// The next byte to read in `buffer`.
  private var position = 0
  /// The offset in the input of `buffer[0]`.
  private var bufferOffset: Int
  /// True once the source returned 0.
  private var reachedEnd: Bool
  /// The 1-based number of the current line.
  private var line = 1
  /// The offset in the input of the current line's first byte.
  private var lineStart = 0

  /// Starts with `head`, the bytes already read by format detection, `skipped` bytes (a byte
  /// order mark) into the input, then reads `source` in `chunkSize` pieces.
  init(
    source: S, head: UnsafeRawBufferPointer, skipped: Int, reachedEnd: Bool, chunkSize: Int
  ) {
    self.source = source
    self.buffer = [UInt8](repeating: 0, count: max(1, chunkSize, head.count))
    self.count = head.count
    self.bufferOffset = skipped
    self.reachedEnd = reachedEnd
    if head.count > 0 {
      buffer.withUnsafeMutableBytes { $0.copyMemory(from: head) }
    }
  }

  /// The position of the next byte.
  var location: (line: Int, column: Int) {
    (line, bufferOffset + position - lineStart + 1)
  }

  /// An error at the next byte.
  func failure(_ message: String) -> ParseError {
    failure(at: location, message)
  }

  /// An error at `location`.
  func failure(at location: (line: Int, column: Int), _ message: String) -> ParseError {
    ParseError(line: location.line, column: location.column, message: message)
  }

  // MARK: Bytes

  /// The next byte without consuming it, or nil at the end of the input.
  @inline(__always)
  mutating func peek() throws -> UInt8? {
    if position == count {
      guard try refill() else { return nil }
    }
    return buffer[position]
  }

  /// The next byte after whitespace, without consuming it; nil at the end of the input.
  mutating func peekSkippingWhitespace() throws -> UInt8? {
    while let byte = try peek() {
      switch byte {
      case TextBytes.space, TextBytes.tab, TextBytes.carriageReturn:
        position += 1
      case TextBytes.lineFeed:
        position += 1
        line += 1
        lineStart = bufferOffset + position
      default:
        return byte
      }
    }
    return nil
  }

  /// Consumes the byte last peeked.
  @inline(__always)
  mutating func advance() {
    position += 1
  }

  /// Consumes `byte` after whitespace, or throws naming what was `expected`.
  mutating func expect(_ byte: UInt8, _ expected: String) throws {
    let next = try peekSkippingWhitespace()
    guard next == byte else { throw unexpected(next, expected: expected) }
    position += 1
  }

  /// An error at the next byte: `next` is not what was `expected`.
  func unexpected(_ next: UInt8?, expected: String) -> ParseError {
    guard let next else { return failure("unexpected end of the input; expected \(expected)") }
    return failure("unexpected \"\(TextBytes.shown(next))\"; expected \(expected)")
  }

  /// Reads the next chunk once every byte of the buffer was consumed; false at the end.
  private mutating func refill() throws -> Bool {
    guard !reachedEnd else { return false }
    bufferOffset += count
    position = 0
    count = 0
    let read = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
    count = read
    if read == 0 { reachedEnd = true }
    return read > 0
  }

  // MARK: Tokens

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
  private mutating func readEscape() throws {
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
  private mutating func readHexQuad(escapeStart: (line: Int, column: Int)) throws -> UInt32 {
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

  /// Reads a number (the next byte starts it) into ``scratch``, checking JSON's grammar:
  /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
  mutating func readNumber() throws {
    scratch.removeAll(keepingCapacity: true)
    _ = try peekSkippingWhitespace()
    if try peek() == UInt8(ascii: "-") { try take() }
    guard let first = try peek(), isDigit(first) else {
      throw unexpected(try peek(), expected: "a digit")
    }
    try take()
    if first != UInt8(ascii: "0") {
      while let byte = try peek(), isDigit(byte) { try take() }
    }
    if try peek() == UInt8(ascii: ".") {
      try take()
      try takeDigits()
    }
    if let byte = try peek(), byte | 0x20 == UInt8(ascii: "e") {
      try take()
      if let sign = try peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
        try take()
      }
      try takeDigits()
    }
    if let byte = try peek(), !isDelimiter(byte) {
      throw unexpected(byte, expected: "a delimiter after the number")
    }
  }

  /// At least one digit, appended to ``scratch``.
  private mutating func takeDigits() throws {
    guard let first = try peek(), isDigit(first) else {
      throw unexpected(try peek(), expected: "a digit")
    }
    while let byte = try peek(), isDigit(byte) { try take() }
  }

  /// Appends the next byte to ``scratch`` and consumes it.
  @inline(__always)
  private mutating func take() throws {
    scratch.append(buffer[position])
    position += 1
  }

  /// Reads `true`, `false` or `null` (the next byte starts it).
  private mutating func readLiteral() throws {
    guard let first = try peek() else { throw unexpected(nil, expected: "a value") }
    let word: [UInt8]
    switch first {
    case UInt8(ascii: "t"): word = Array("true".utf8)
    case UInt8(ascii: "f"): word = Array("false".utf8)
    case UInt8(ascii: "n"): word = Array("null".utf8)
    default: throw unexpected(first, expected: "a value")
    }
    for expected in word {
      guard try peek() == expected else {
        throw unexpected(try peek(), expected: "\"\(String(decoding: word, as: UTF8.self))\"")
      }
      position += 1
    }
    if let byte = try peek(), !isDelimiter(byte) {
      throw unexpected(byte, expected: "a delimiter after the literal")
    }
  }

  /// Reads and discards one value of any kind, checking its syntax. Nesting is tracked
  /// without recursion, so deep input cannot exhaust the stack.
  mutating func skipValue() throws {
    // true: inside an object; false: inside an array.
    var open: [Bool] = []
    repeat {
      guard let byte = try peekSkippingWhitespace() else {
        throw unexpected(nil, expected: "a value")
      }
      switch byte {
      case TextBytes.openBrace, UInt8(ascii: "["):
        position += 1
        let isObject = byte == TextBytes.openBrace
        let close = isObject ? TextBytes.closeBrace : UInt8(ascii: "]")
        if try peekSkippingWhitespace() == close {
          position += 1
        } else {
          open.append(isObject)
          if isObject { try readKey() }
          continue
        }
      case TextBytes.quote:
        try readString()
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        try readNumber()
      default:
        try readLiteral()
      }
      // After a value: a comma starts the next member, a bracket closes containers.
      while let isObject = open.last {
        let close = isObject ? TextBytes.closeBrace : UInt8(ascii: "]")
        let next = try peekSkippingWhitespace()
        if next == TextBytes.comma {
          position += 1
          if isObject { try readKey() }
          break
        }
        guard next == close else {
          throw unexpected(next, expected: isObject ? "\",\" or \"}\"" : "\",\" or \"]\"")
        }
        position += 1
        open.removeLast()
      }
    } while !open.isEmpty
  }

  /// Reads `"key":` into ``scratch`` (the key).
  mutating func readKey() throws {
    guard try peekSkippingWhitespace() == TextBytes.quote else {
      throw unexpected(try peek(), expected: "a member name in quotes")
    }
    try readString()
    try expect(UInt8(ascii: ":"), "\":\" after the member name")
  }

  /// After a member or element: true when a comma announces another, false when `close`
  /// ends the container (both consumed).
  mutating func nextMember(close: UInt8) throws -> Bool {
    let next = try peekSkippingWhitespace()
    if next == TextBytes.comma {
      position += 1
      return true
    }
    guard next == close else {
      let shown = String(UnicodeScalar(close))
      throw unexpected(next, expected: "\",\" or \"\(shown)\"")
    }
    position += 1
    return false
  }

  /// Consumes `open` and returns false when the container is empty (its closing byte is
  /// consumed too), true when a first member follows.
  mutating func openContainer(_ open: UInt8, close: UInt8, expected: String) throws -> Bool {
    try expect(open, expected)
    guard try peekSkippingWhitespace() == close else { return true }
    position += 1
    return false
  }

  @inline(__always)
  private func isDigit(_ byte: UInt8) -> Bool {
    byte &- UInt8(ascii: "0") < 10
  }

  /// A byte that may follow a number or literal: whitespace or punctuation.
  private func isDelimiter(_ byte: UInt8) -> Bool {
    switch byte {
    case TextBytes.space, TextBytes.tab, TextBytes.carriageReturn, TextBytes.lineFeed,
      TextBytes.comma, TextBytes.closeBrace, UInt8(ascii: "]"):
      return true
    default:
      return false
    }
  }
}
