/// Minimal JSON string quoting shared by the canonical label text and the reports.
public enum JSONText {
  /// Returns `string` as a JSON string literal, escaping quotes, backslashes and control characters.
  public static func quoted(_ string: String) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(string.utf8.count + 2)
    appendQuoted(string, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends ``quoted(_:)`` of `string` to `bytes` (UTF-8), working on bytes: the ingest
  /// builds a series' canonical labels once per new series (a dozen Istio labels and their
  /// target's, ~700 bytes), and String concatenation made that some 79,000 instructions a
  /// series, twice (the parser's key, the writer's row).
  public static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
    var string = string
    string.withUTF8 { text in
      bytes.append(0x22)
      var start = 0
      for (index, byte) in text.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<index]))
        start = index + 1
        bytes.append(0x5C)
        switch byte {
        case 0x22, 0x5C: bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
          // \u00XX, lower-case hex digits.
          let digits = Array("0123456789abcdef".utf8)
          bytes += [UInt8(ascii: "u"), 0x30, 0x30, digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
        }
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...]))
      bytes.append(0x22)
    }
  }
}
