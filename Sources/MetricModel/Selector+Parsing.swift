extension Selector {
  /// Parses a PromQL series selector: `name`, `name{matchers}` or `{__name__="name", ...}`.
  ///
  /// Label values are double- or single-quoted strings with Go escapes (`\\`, `\"`, `\'`,
  /// `\n`, `\t`); matchers are separated by commas, a trailing comma is allowed.
  public init(parsing text: String) throws {
    var scanner = SelectorScanner(Array(text.unicodeScalars))
    scanner.skipSpace()
    var metric = scanner.identifier(allowColon: true) ?? ""
    var matchers: [Matcher] = []
    scanner.skipSpace()
    if scanner.peek == "{" {
      scanner.advance()
      while true {
        scanner.skipSpace()
        if scanner.peek == "}" {
          scanner.advance()
          break
        }
        let start = scanner.index
        guard let name = scanner.identifier(allowColon: false) else {
          throw scanner.error("expected a label name")
        }
        scanner.skipSpace()
        guard let operation = scanner.operation() else {
          throw scanner.error("expected =, !=, =~ or !~ after \(name)")
        }
        scanner.skipSpace()
        let value = try scanner.quoted()
        let matcher: Matcher
        do {
          matcher = try Matcher(name: name, operation: operation, value: value)
        } catch var error as SelectorError {
          error.position = start
          throw error
        }
        if name == "__name__" && operation == .equal && metric.isEmpty {
          metric = value
        } else {
          matchers.append(matcher)
        }
        scanner.skipSpace()
        if scanner.peek == "," {
          scanner.advance()
        } else if scanner.peek != "}" {
          throw scanner.error("expected , or } in the label matchers")
        }
      }
    }
    scanner.skipSpace()
    guard scanner.atEnd else { throw scanner.error("unexpected text after the selector") }
    guard !metric.isEmpty else {
      throw SelectorError(position: 0, message: "selector names no metric")
    }
    self.init(metric: metric, matchers: matchers)
  }
}

/// Reads a selector's characters.
private struct SelectorScanner {
  let characters: [Unicode.Scalar]
  var index = 0

  init(_ characters: [Unicode.Scalar]) {
    self.characters = characters
  }

  var atEnd: Bool { index >= characters.count }
  var peek: Unicode.Scalar? { atEnd ? nil : characters[index] }

  mutating func advance() { index += 1 }

  mutating func skipSpace() {
    while let c = peek, c == " " || c == "\t" || c == "\n" || c == "\r" { advance() }
  }

  func error(_ message: String) -> SelectorError {
    SelectorError(position: index, message: "\(message) at character \(index + 1)")
  }

  mutating func identifier(allowColon: Bool) -> String? {
    let start = index
    while let c = peek {
      let isLetter = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
      let isDigit = c >= "0" && c <= "9"
      guard isLetter || (isDigit && index > start) || (allowColon && c == ":") else { break }
      advance()
    }
    guard index > start else { return nil }
    var text = ""
    text.unicodeScalars.append(contentsOf: characters[start..<index])
    return text
  }

  mutating func operation() -> Matcher.Operation? {
    guard let first = peek else { return nil }
    let second = index + 1 < characters.count ? characters[index + 1] : nil
    switch (first, second) {
    case ("=", "~"):
      index += 2
      return .matchesRegex
    case ("!", "="):
      index += 2
      return .notEqual
    case ("!", "~"):
      index += 2
      return .doesNotMatchRegex
    case ("=", _):
      index += 1
      return .equal
    default: return nil
    }
  }

  mutating func quoted() throws -> String {
    guard let quote = peek, quote == "\"" || quote == "'" else {
      throw error("expected a quoted label value")
    }
    advance()
    var value = ""
    while let c = peek {
      advance()
      if c == quote { return value }
      if c == "\\" {
        guard let escaped = peek else { break }
        advance()
        switch escaped {
        case "n": value.unicodeScalars.append("\n")
        case "t": value.unicodeScalars.append("\t")
        case "\\", "\"", "'": value.unicodeScalars.append(escaped)
        default:
          // Regexes keep their own escapes (`\d`, `\.`): pass them through untouched.
          value.unicodeScalars.append("\\")
          value.unicodeScalars.append(escaped)
        }
        continue
      }
      value.unicodeScalars.append(c)
    }
    throw error("unterminated label value")
  }
}
