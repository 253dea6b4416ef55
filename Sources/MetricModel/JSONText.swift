/// Minimal JSON string quoting shared by the canonical label text and the reports.
public enum JSONText {
  /// Returns `string` as a JSON string literal, escaping quotes, backslashes and control characters.
  public static func quoted(_ string: String) -> String {
    // Most label names and values need no escape: one append, not one per scalar (the ingest
    // builds a series' canonical labels once per series, ~700 bytes for Istio's labels).
    if !string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
      return "\"" + string + "\""
    }
    var out = "\""
    out.reserveCapacity(string.utf8.count + 2)
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case let s where s.value < 0x20:
        let hex = String(s.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
    return out
  }
}
