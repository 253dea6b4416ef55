import Foundation
import Simulation
import Testing

@testable import MetricModel

/// JSON string quoting: strings that need no escape (the quick path) and strings that do
/// quote to literals a JSON decoder reads back as the same string.
@Suite struct JSONTextTests {
  static let strings = [
    "", "plain", "istio-ingressgateway.istio-system.svc.cluster.local", "élan ü 😀",
    "del\u{7F}", "a\"b", "back\\slash", "line\nfeed", "tab\tcr\r", "nul\u{0}x", "\u{1F}",
    String(repeating: "x", count: 700),
  ]

  @Test func quotedStringsDecodeToThemselves() throws {
    var cases = 0
    for string in Self.strings {
      let literal = JSONText.quoted(string)
      let decoded = try JSONDecoder().decode(String.self, from: Data(literal.utf8))
      #expect(decoded == string, "\(literal)")
      cases += 1
    }
    #expect(cases == 12)
  }

  @Test func onlyQuotesBackslashesAndControlCharactersAreEscaped() {
    #expect(JSONText.quoted("élan/😀\u{7F}") == "\"élan/😀\u{7F}\"")
    #expect(JSONText.quoted("a\"b\\c\u{1}") == #""a\"b\\c\u0001""#)
  }

  /// The quoting of every earlier version, scalar by scalar: the canonical label text keys
  /// the series in databases already written, so the byte-level quoting must give exactly
  /// the same text.
  static func previousQuoted(_ string: String) -> String {
    var out = "\""
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
    return out + "\""
  }

  /// Random strings of every control character, quotes, backslashes, ASCII and 2-, 3- and
  /// 4-byte scalars (2,000 of them), and random label sets of them (500): the same text as
  /// the earlier quoting.
  @Test func quotingMatchesTheEarlierTextExactly() {
    var generator = SplitMix64(seed: 0x2026_1202)
    func next() -> Int { Int(truncatingIfNeeded: generator.next() >> 1) }
    let scalars: [Unicode.Scalar] =
      (0..<0x20).map { Unicode.Scalar(UInt8($0)) }
      + [
        "\"", "\\", "a", "Z", "-", "/", "{", "}", ":", ",", " ", "\u{7F}", "é", "ü", "€", "😀",
        "\u{10FFFF}",
      ]
    func randomString() -> String {
      var string = ""
      for _ in 0..<(next() % 40) { string.unicodeScalars.append(scalars[next() % scalars.count]) }
      return string
    }
    var strings = 0
    for _ in 0..<2_000 {
      let string = randomString()
      #expect(JSONText.quoted(string) == Self.previousQuoted(string), "\(Array(string.utf8))")
      strings += 1
    }
    var sets = 0
    for _ in 0..<500 {
      var labels: [String: String] = [:]
      for _ in 0..<(next() % 12) { labels[randomString()] = randomString() }
      let set = LabelSet(labels)
      let previous =
        "{"
        + set.labels.map { Self.previousQuoted($0.name) + ":" + Self.previousQuoted($0.value) }
        .joined(separator: ",") + "}"
      #expect(set.json == previous)
      sets += 1
    }
    #expect((strings, sets) == (2_000, 500))
  }
}
