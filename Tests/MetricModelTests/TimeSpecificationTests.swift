import Testing

@testable import MetricModel

@Suite struct TimeSpecificationTests {
  static let now: Int64 = 1_800_000_000_000

  @Test(arguments: [
    ("now", now),
    ("-30m", now - 1_800_000),
    ("-2h", now - 7_200_000),
    ("+1d", now + 86_400_000),
    ("1700000000", 1_700_000_000_000),
    ("1700000000.25", 1_700_000_000_250),
    ("2023-11-14T22:13:20Z", 1_700_000_000_000),
    ("2023-11-14T23:13:20+01:00", 1_700_000_000_000),
    ("2023-11-14T22:13:20.5Z", 1_700_000_000_500),
  ])
  func parses(text: String, expected: Int64) throws {
    #expect(try TimeSpecification.milliseconds(text, now: Self.now) == expected)
  }

  @Test(arguments: ["", "yesterday", "-5x", "2023-13-01T00:00:00Z", "12:00", "--5m"])
  func rejects(text: String) {
    #expect(throws: TimeSpecification.Invalid.self) {
      _ = try TimeSpecification.milliseconds(text, now: Self.now)
    }
  }

  @Test func formatsUTC() {
    #expect(TimeSpecification.format(milliseconds: 1_700_000_000_000) == "2023-11-14T22:13:20Z")
    #expect(
      TimeSpecification.format(milliseconds: 1_700_000_000_250) == "2023-11-14T22:13:20.250Z")
  }
}
