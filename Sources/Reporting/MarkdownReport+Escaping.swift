extension MarkdownReport {
  /// Characters that Markdown could read as formatting or raw HTML in running text.
  static let specialCharacters: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", "&", "~"]

  /// A table row from cells that are already escaped.
  static func row(_ cells: [String]) -> String {
    "| " + cells.joined(separator: " | ") + " |"
  }

  /// Running text with every formatting character backslash-escaped (CommonMark lets any
  /// ASCII punctuation be escaped), on one line.
  static func inline(_ text: String) -> String {
    var escaped = ""
    for character in text {
      if character.isNewline {
        escaped.append(" ")
      } else {
        if specialCharacters.contains(character) { escaped.append("\\") }
        escaped.append(character)
      }
    }
    return escaped
  }

  /// Running text for a table cell: also `|`, which would otherwise end the cell.
  static func cell(_ text: String) -> String {
    inline(text).replacingOccurrences(of: "|", with: "\\|")
  }

  /// A code span; a table cell still needs `|` escaped inside one (GFM splits cells first).
  static func code(_ text: String, inTable: Bool) -> String {
    var body = String(text.map { $0.isNewline ? " " : $0 })
    if inTable { body = body.replacingOccurrences(of: "|", with: "\\|") }
    // A span is delimited by a backtick run longer than any inside it; CommonMark strips one
    // space on each side when both are present, so backticks at the edges stay visible.
    let fence = String(repeating: "`", count: longestBacktickRun(body) + 1)
    let padded = body.hasPrefix("`") || body.hasSuffix("`") ? " \(body) " : body
    return fence + padded + fence
  }

  /// The length of the longest run of backticks in `text` (0 without any).
  static func longestBacktickRun(_ text: String) -> Int {
    var longest = 0
    var current = 0
    for character in text {
      current = character == "`" ? current + 1 : 0
      longest = max(longest, current)
    }
    return longest
  }
}
