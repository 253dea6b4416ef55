import Testing

@testable import Reporting

@Suite struct ReportFormattingTests {
  @Test(arguments: [
    (0.0, "0"), (12.3456, "12.35"), (1234.6, "1235"), (0.001234, "0.001234"),
    (2_500_000.0, "2.500e+06"), (-3.5, "-3.5"), (1.0, "1"),
  ])
  func numbers(value: Double, text: String) {
    #expect(ReportFormatting.number(value) == text)
  }

  @Test func changesAndPValues() {
    #expect(ReportFormatting.change(ratio: 1.23) == "+23%")
    #expect(ReportFormatting.change(ratio: 0.95) == "-5.0%")
    #expect(ReportFormatting.change(ratio: nil) == "-")
    #expect(ReportFormatting.pValue(0.0456) == "0.046")
    #expect(ReportFormatting.pValue(0.00123) == "1.23e-03")
    #expect(ReportFormatting.pValue(1e-9) == "<1e-6")
    #expect(ReportFormatting.number(.nan) == "-")
  }
}
