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
  internal(set) var scratch: [UInt8] = []

  var buffer: [UInt8]
  /// Valid bytes in `buffer`.
  var count: Int
  /// The next byte to read in `buffer`.
  var position = 0
  /// The offset in the input of `buffer[0]`.
  var bufferOffset: Int
  /// True once the source returned 0.
  var reachedEnd: Bool
  /// The 1-based number of the current line.
  var line = 1
  /// The offset in the input of the current line's first byte.
  var lineStart = 0

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
  mutating func refill() throws -> Bool {
    guard !reachedEnd else { return false }
    bufferOffset += count
    position = 0
    count = 0
    let read = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
    count = read
    if read == 0 { reachedEnd = true }
    return read > 0
  }
}
