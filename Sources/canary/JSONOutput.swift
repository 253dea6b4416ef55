import Foundation

/// JSON for stdout: keys sorted, indented, so output is stable and diffable.
enum JSONOutput {
  /// Encodes `value` as pretty-printed JSON text with sorted keys.
  static func encode(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }
}
