import Foundation

/// How numbers are written in words a person reads, by the judge's reasons and by every
/// report alike, so a figure looks the same in the reason and in the table beside it.
public enum Figures {
  /// A finite value with about four significant digits and no thousands separators:
  /// `0.00123`, `12.35`, `1235`; `1.235e+06` from a million and below 1e-4.
  public static func number(_ value: Double) -> String {
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

  /// A signed percentage of a fraction: `0.231` → `+23%`, `0.0312` → `+3.1%` (one decimal
  /// below 10%), `0` → `0.0%`.
  public static func percent(_ fraction: Double) -> String {
    let value = fraction * 100
    let sign = value > 0 ? "+" : (value < 0 ? "-" : "")
    let magnitude = abs(value)
    let digits =
      magnitude < 10 ? String(format: "%.1f", magnitude) : String(format: "%.0f", magnitude)
    return sign + digits + "%"
  }

  /// A p-value: `0.0123` as `0.012`, small ones as `1.23e-04`, below 1e-6 as `<1e-6`.
  public static func pValue(_ value: Double) -> String {
    if value < 1e-6 { return "<1e-6" }
    if value >= 0.01 { return String(format: "%.3f", value) }
    return String(format: "%.2e", value)
  }

  /// A number with an explicit sign: `+1.2`, `-0.5`, `0`.
  public static func signed(_ value: Double) -> String {
    value > 0 ? "+" + number(value) : number(value)
  }
}
