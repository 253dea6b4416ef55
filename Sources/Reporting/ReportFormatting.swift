import Analysis
import Foundation

/// Number and text formatting shared by the text, Markdown and HTML reports, so every
/// report shows the same figure the same way.
public enum ReportFormatting {
  /// A value with about four significant digits (``Figures/number(_:)``); `-` for nil.
  public static func number(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "-" }
    return Figures.number(value)
  }

  /// A relative change from a ratio: `1.23` → `+23%`, `0.9` → `-10%`, `-` for nil.
  public static func change(ratio: Double?) -> String {
    guard let ratio, ratio.isFinite else { return "-" }
    return percent(ratio - 1)
  }

  /// A signed percentage of a fraction (``Figures/percent(_:)``).
  public static func percent(_ fraction: Double) -> String {
    Figures.percent(fraction)
  }

  /// A p-value (``Figures/pValue(_:)``), `-` for nil.
  public static func pValue(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "-" }
    return Figures.pValue(value)
  }

  /// The effect interval as a shift, `[+1.2, +3.4]`; for a matched design (a ratio) as
  /// changes, `[-14%, +22%]`; `-` when absent.
  public static func interval(_ effect: MetricResult.Effect, matched: Bool = false) -> String {
    guard let low = effect.ciLow, let high = effect.ciHigh, low.isFinite else {
      return "-"
    }
    if matched {
      return "[\(percent(low - 1)), \(high.isFinite ? percent(high - 1) : "∞")]"
    }
    guard high.isFinite else { return "-" }
    return "[\(signed(low)), \(signed(high))]"
  }

  /// The interval of a metric's effect, as the metric's design reads it.
  public static func interval(of metric: MetricResult) -> String {
    interval(metric.effect, matched: metric.evidence != nil || metric.test == .blockMeans)
  }

  /// The design column: `before-after`, `concurrent`, `pooled (unmatched)`, `-` for a
  /// threshold.
  public static func design(_ metric: MetricResult) -> String {
    guard let design = metric.design else { return "-" }
    return metric.matched == false ? "\(design.rawValue) (unmatched)" : design.rawValue
  }

  /// A number with an explicit sign (``Figures/signed(_:)``).
  public static func signed(_ value: Double) -> String {
    Figures.signed(value)
  }

  /// The score: `92.3`, or `-` when every metric had no data.
  public static func score(_ value: Double?) -> String {
    guard let value else { return "-" }
    return String(format: "%.1f", value)
  }
}
