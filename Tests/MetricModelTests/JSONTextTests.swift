import Foundation
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
}
