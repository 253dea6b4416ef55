import Analysis
import Foundation

/// Number and text formatting shared by the text, Markdown and HTML reports, so every
/// report shows the same figure the same way.
public enum ReportFormatting {
  /// A value with about four significant digits and a thousands-free plain form:
  /// `0.00123`, `12.35`, `1235`, `1.235e+06`; `-` for nil.
  public static func number(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "-" }
    if value == 0 { return "0" }
    let magnitude = abs(value)
    if magnitude >= 1e6 || magnitude < 1e-4 {
      return String(format: "%.3e", value)
    }
    let decimals = max(0, 3 - Int(floor(log10(magnitude))))
    var text = String(format: "%.\(decimals)f", value)
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text
  }

  /// A relative change from a ratio: `1.23` → `+23%`, `0.9` → `-10%`, `-` for nil.
  public static func change(ratio: Double?) -> String {
    guard let ratio, ratio.isFinite else { return "-" }
    return percent(ratio - 1)
  }

  /// A signed percentage of a fraction: `0.231` → `+23.1%` (one decimal below 10%).
  public static func percent(_ fraction: Double) -> String {
    let value = fraction * 100
    let sign = value > 0 ? "+" : (value < 0 ? "-" : "")
    let magnitude = abs(value)
    let digits =
      magnitude < 10 ? String(format: "%.1f", magnitude) : String(format: "%.0f", magnitude)
    return sign + digits + "%"
  }

  /// A p-value: `0.0123`, `<1e-6` for tiny ones, `-` for nil.
  public static func pValue(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "-" }
    if value < 1e-6 { return "<1e-6" }
    if value >= 0.01 { return String(format: "%.3f", value) }
    return String(format: "%.2e", value)
  }

  /// The effect interval as a shift: `[+1.2, +3.4]`, `-` when absent.
  public static func interval(_ effect: MetricResult.Effect) -> String {
    guard let low = effect.ciLow, let high = effect.ciHigh, low.isFinite, high.isFinite else {
      return "-"
    }
    return "[\(signed(low)), \(signed(high))]"
  }

  /// A number with an explicit sign: `+1.2`, `-0.5`, `0`.
  public static func signed(_ value: Double) -> String {
    value > 0 ? "+" + number(value) : number(value)
  }

  /// The score: `92.3`, or `-` when every metric had no data.
  public static func score(_ value: Double?) -> String {
    guard let value else { return "-" }
    return String(format: "%.1f", value)
  }
}
