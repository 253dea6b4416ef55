/// Numbers, literals, skipped values and the punctuation of objects and arrays.
extension PrometheusJSONInput {
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
  mutating func takeDigits() throws {
    guard let first = try peek(), isDigit(first) else {
      throw unexpected(try peek(), expected: "a digit")
    }
    while let byte = try peek(), isDigit(byte) { try take() }
  }

  /// Appends the next byte to ``scratch`` and consumes it.
  @inline(__always)
  mutating func take() throws {
    scratch.append(buffer[position])
    position += 1
  }

  /// Reads `true`, `false` or `null` (the next byte starts it).
  mutating func readLiteral() throws {
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
  func isDigit(_ byte: UInt8) -> Bool {
    byte &- UInt8(ascii: "0") < 10
  }

  /// A byte that may follow a number or literal: whitespace or punctuation.
  func isDelimiter(_ byte: UInt8) -> Bool {
    switch byte {
    case TextBytes.space, TextBytes.tab, TextBytes.carriageReturn, TextBytes.lineFeed,
      TextBytes.comma, TextBytes.closeBrace, UInt8(ascii: "]"):
      return true
    default:
      return false
    }
  }
}
