import Ingestion
import Testing

@Suite struct PrometheusFloatTests {
  /// Go's `strconv.FormatFloat(v, 'g', -1, 64)` output; exponent form below 1e-4 and from
  /// 1e6 (ftoa.go uses precision 6 for the switch when the precision is shortest).
  static let formatted: [(Double, String)] = [
    (1, "1"), (0.5, "0.5"), (1e6, "1e+06"), (1e-05, "1e-05"), (0.0001, "0.0001"),
    (999_999, "999999"), (100_000, "100000"), (1_234_567, "1.234567e+06"), (123_456.7, "123456.7"),
    (0.00012345, "0.00012345"), (0.000012345, "1.2345e-05"), (2.5, "2.5"), (-3, "-3"),
    (1.8e6, "1.8e+06"), (3.6e6, "3.6e+06"), (0.1, "0.1"), (1e21, "1e+21"), (1e100, "1e+100"),
    (Double.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
    (0, "0"),
    (-0.0, "-0"), (.infinity, "+Inf"), (-.infinity, "-Inf"), (.nan, "NaN"),
    (0.30000000000000004, "0.30000000000000004"), (1e-4 * 3, "0.00030000000000000003"),
  ]

  @Test(arguments: formatted) func formatsAsGo(_ value: Double, _ expected: String) {
    #expect(PrometheusFloat.format(value) == expected)
  }

  static let canonical: [(String, String)] = [
    ("1", "1"), ("1.0", "1"), ("1e+00", "1"), ("1E0", "1"), ("+Inf", "+Inf"), ("Inf", "+Inf"),
    ("inf", "+Inf"), ("+infinity", "+Inf"), ("1000000", "1e+06"), ("1e6", "1e+06"),
    ("0.50", "0.5"), (".5", "0.5"), ("5.", "5"), ("0.99", "0.99"), ("-Inf", "-Inf"),
  ]

  @Test(arguments: canonical) func canonicalBounds(_ text: String, _ expected: String) {
    #expect(PrometheusFloat.canonical(text) == expected)
  }

  static let parsed: [(String, Double?)] = [
    ("0", 0), ("-1.5", -1.5), ("1e3", 1000), ("1E-3", 0.001),
    ("123456789012345678901234567890", 1.2345678901234568e29),
    ("0.1", 0.1), ("2.2250738585072014e-308", 2.2250738585072014e-308),
    ("4.9e-324", Double.leastNonzeroMagnitude),
    ("9007199254740993", 9_007_199_254_740_992), ("1e-400", 0), ("00012", 12),
    ("abc", nil), ("1,5", nil), ("", nil), ("-", nil), (".", nil), ("1e", nil), ("1e+", nil),
    ("0x10", nil), ("1_000", nil), ("1e400", nil), ("-nan", nil), ("infinit", nil), ("1.2.3", nil),
    (" 1", nil), ("1 ", nil),
  ]

  @Test(arguments: parsed) func parsesAsGo(_ text: String, _ expected: Double?) {
    #expect(PrometheusFloat.parse(text) == expected)
  }

  @Test func specialValues() {
    #expect(PrometheusFloat.parse("NaN")?.isNaN == true)
    #expect(PrometheusFloat.parse("nan")?.isNaN == true)
    #expect(PrometheusFloat.parse("+Inf") == .infinity)
    #expect(PrometheusFloat.parse("-Inf") == -.infinity)
    #expect(PrometheusFloat.parse("-0")?.sign == .minus)
  }

  /// Random doubles survive format → parse unchanged (shortest digits round-trip).
  @Test func roundTrips() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20_000 {
      let value = Double(
        bitPattern: generator.next() & ~(0x7FF << 52)
          | (UInt64.random(in: 900...1150, using: &generator) << 52))
      #expect(PrometheusFloat.parse(PrometheusFloat.format(value)) == value)
      #expect(PrometheusFloat.parse(value.description) == value)
    }
  }
}
