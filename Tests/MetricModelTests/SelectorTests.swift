import Testing

@testable import MetricModel

@Suite struct SelectorTests {
  @Test func parsesNameAndMatchers() throws {
    let selector = try Selector(
      parsing: #"istio_requests_total{reporter="destination", response_code=~"5..",}"#)
    #expect(selector.metric == "istio_requests_total")
    #expect(selector.matchers.map(\.name) == ["reporter", "response_code"])
    #expect(selector.matchers.map(\.operation) == [.equal, .matchesRegex])
    #expect(
      selector.description == #"istio_requests_total{reporter="destination", response_code=~"5.."}"#
    )
  }

  @Test func parsesNameOnlyAndNameLabel() throws {
    #expect(try Selector(parsing: " pilot_xds_pushes ").metric == "pilot_xds_pushes")
    let named = try Selector(parsing: #"{__name__="up", job!='x'}"#)
    #expect(named.metric == "up")
    #expect(named.matchers.count == 1)
  }

  static let labels = LabelSet(["response_code": "503", "reporter": "destination"])

  @Test(arguments: [
    (#"m{response_code=~"5.."}"#, true),
    (#"m{response_code=~"50"}"#, false),
    (#"m{response_code=~"0.."}"#, false),
    (#"m{response_code!~"5.."}"#, false),
    (#"m{response_code!="503"}"#, false),
    (#"m{reporter="destination"}"#, true),
    (#"m{missing=""}"#, true),
    (#"m{missing!=""}"#, false),
    (#"m{missing=~".*"}"#, true),
    (#"m{response_code=~"5\\d\\d"}"#, true),
    (#"m{response_code=~"2..|5.."}"#, true),
  ])
  func matchesFullyAnchored(text: String, expected: Bool) throws {
    #expect(try Selector(parsing: text).matches(Self.labels) == expected)
  }

  @Test(arguments: [
    "", "m{", #"m{a="b""#, #"m{a~"b"}"#, #"m{a=b}"#, #"m{a="b"} x"#, #"m{a=~"("}"#, "{}",
  ])
  func rejectsMalformed(text: String) {
    #expect(throws: SelectorError.self) { _ = try Selector(parsing: text) }
  }
}
