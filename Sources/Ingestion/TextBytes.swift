/// Byte classes of the Prometheus text formats, as inlinable tests on single bytes.
enum TextBytes {
  static let space = UInt8(ascii: " ")
  static let tab = UInt8(ascii: "\t")
  static let quote = UInt8(ascii: "\"")
  static let backslash = UInt8(ascii: "\\")
  static let openBrace = UInt8(ascii: "{")
  static let closeBrace = UInt8(ascii: "}")
  static let comma = UInt8(ascii: ",")
  static let equals = UInt8(ascii: "=")
  static let hash = UInt8(ascii: "#")
  static let carriageReturn = UInt8(ascii: "\r")
  static let lineFeed = UInt8(ascii: "\n")

  /// A space or a tab, the token separators of the text formats.
  @inline(__always) static func isBlank(_ byte: UInt8) -> Bool {
    byte == space || byte == tab
  }

  /// `[a-zA-Z_]`: the first byte of a label name.
  @inline(__always) static func isLabelNameStart(_ byte: UInt8) -> Bool {
    let folded = byte | 0x20
    return (folded >= UInt8(ascii: "a") && folded <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
  }

  /// `[a-zA-Z0-9_]`: a later byte of a label name.
  @inline(__always) static func isLabelNameByte(_ byte: UInt8) -> Bool {
    isLabelNameStart(byte) || (byte &- UInt8(ascii: "0")) < 10
  }

  /// `[a-zA-Z_:]`: the first byte of a metric name.
  @inline(__always) static func isMetricNameStart(_ byte: UInt8) -> Bool {
    isLabelNameStart(byte) || byte == UInt8(ascii: ":")
  }

  /// `[a-zA-Z0-9_:]`: a later byte of a metric name.
  @inline(__always) static func isMetricNameByte(_ byte: UInt8) -> Bool {
    isLabelNameByte(byte) || byte == UInt8(ascii: ":")
  }

  /// True when `text` is a valid metric name, `[a-zA-Z_:][a-zA-Z0-9_:]*`.
  static func isMetricName(_ text: String) -> Bool {
    guard let first = text.utf8.first, isMetricNameStart(first) else { return false }
    return text.utf8.allSatisfy(isMetricNameByte)
  }

  /// True when `text` is a valid label name, `[a-zA-Z_][a-zA-Z0-9_]*`.
  static func isLabelName(_ text: String) -> Bool {
    guard let first = text.utf8.first, isLabelNameStart(first) else { return false }
    return text.utf8.allSatisfy(isLabelNameByte)
  }

  /// A byte shown in an error message: printable ASCII as is, others as `\xNN`.
  static func shown(_ byte: UInt8) -> String {
    if byte >= 0x20 && byte < 0x7F { return String(UnicodeScalar(byte)) }
    let hex = String(byte, radix: 16, uppercase: true)
    return "\\x" + (hex.count == 1 ? "0" + hex : hex)
  }

  /// Up to `limit` bytes as text for an error message, with `…` when cut.
  static func excerpt(_ start: UnsafePointer<UInt8>, count: Int, limit: Int = 40) -> String {
    let shownCount = min(count, limit)
    let text = String(decoding: UnsafeBufferPointer(start: start, count: shownCount), as: UTF8.self)
    return count > limit ? text + "…" : text
  }
}
