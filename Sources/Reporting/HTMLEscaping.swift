/// Escaping and element ids for the HTML report, so report text (metric names, reasons,
/// revisions, selectors) can never become markup.
enum HTMLEscaping {
  /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references; safe both as
  /// element content and inside a double- or single-quoted attribute value.
  static func escape(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      // Control characters other than tab and newline are invalid in HTML text; show them.
      case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{7F}":
        result += "\u{FFFD}"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// A lowercase slug of `name` for an element id: ASCII letters and digits kept, every
  /// other run of characters one `-`; `metric` when nothing is left.
  static func slug(_ name: String) -> String {
    var slug = ""
    var pendingDash = false
    for scalar in name.unicodeScalars {
      let lower = scalar.properties.lowercaseMapping
      if lower.count == 1, let character = lower.unicodeScalars.first, character.isASCII,
        ("a"..."z").contains(character) || ("0"..."9").contains(character)
      {
        if pendingDash && !slug.isEmpty { slug += "-" }
        pendingDash = false
        slug.unicodeScalars.append(character)
      } else {
        pendingDash = true
      }
    }
    return slug.isEmpty ? "metric" : slug
  }

  /// One unique id per name, in order: `metric-` plus the slug, with `-2`, `-3`, ... added
  /// when two names give the same slug (`p99 latency` and `p99-latency`).
  static func metricIDs(_ names: [String]) -> [String] {
    var used = Set<String>()
    return names.map { name in
      let base = "metric-" + slug(name)
      var candidate = base
      var suffix = 2
      while used.contains(candidate) {
        candidate = "\(base)-\(suffix)"
        suffix += 1
      }
      used.insert(candidate)
      return candidate
    }
  }
}
