import Foundation
import Statistics

/// A combined effect on the log scale with its interval: what every matched comparison
/// yields, whatever it counted. `exp` of it is a canary/baseline ratio (after the
/// difference-in-differences where controls exist).
struct LogRatioEstimate: Sendable, Equatable {
  /// The log ratio.
  var estimate: Double
  /// Its standard error.
  var standardError: Double
  /// The (1 - alpha) interval's ends on the log scale.
  var low: Double
  var high: Double
  /// The two-sided p-value of "no change" (log ratio 0).
  var pValue: Double
  /// The test statistic (z or t).
  var statistic: Double
  /// Degrees of freedom of a t-based estimate; nil for a normal (z) one.
  var degreesOfFreedom: Double?
  /// Whether `low`/`high` are a fixed-horizon interval or an anytime confidence sequence.
  var horizon: Horizon = .fixed

  /// The ratio and its interval.
  var ratio: Double { exp(estimate) }
  var ratioLow: Double { exp(low) }
  var ratioHigh: Double { exp(high) }

  /// A t-based estimate with `df` degrees of freedom (a normal one when `df` is nil); with an
  /// `anytime` horizon its interval is the confidence sequence and its p-value the anytime one
  /// (see ``LogRatioEstimate+Anytime``).
  static func make(
    estimate: Double, standardError: Double, df: Double?, alpha: Double,
    horizon: Horizon = .fixed
  ) throws -> LogRatioEstimate {
    guard standardError > 0, standardError.isFinite, estimate.isFinite else {
      throw StatisticsError.undefined(reason: "the units do not vary: no interval can be given")
    }
    if horizon == .anytime {
      return try anytime(estimate: estimate, standardError: standardError, df: df, alpha: alpha)
    }
    let statistic = estimate / standardError
    let critical: Double
    let p: Double
    if let df {
      critical = try StudentT.quantile(1 - alpha / 2, degreesOfFreedom: df)
      p = 2 * (try StudentT.sf(abs(statistic), degreesOfFreedom: df))
    } else {
      critical = try Normal.quantile(1 - alpha / 2)
      p = 2 * Normal.sf(abs(statistic))
    }
    return LogRatioEstimate(
      estimate: estimate, standardError: standardError, low: estimate - critical * standardError,
      high: estimate + critical * standardError, pValue: min(1, p), statistic: statistic,
      degreesOfFreedom: df)
  }

  /// The difference of per-unit log changes, moved against controls (VERDICT.md §3):
  /// - two or more of each: Welch's t on the two groups (Welch-Satterthwaite df);
  /// - controls only one or none: a one-sample t on the moved units' changes;
  /// - one moved unit: its change against the controls' spread, as a new draw from them
  ///   (SE = s·√(1 + 1/c), df = c − 1).
  /// Throws when there are too few units to estimate any spread.
  static func unitDifference(
    moved x: [Double], controls z: [Double], alpha: Double, horizon: Horizon = .fixed
  ) throws -> LogRatioEstimate {
    func moments(_ values: [Double]) -> (mean: Double, variance: Double) {
      let mean = values.reduce(0, +) / Double(values.count)
      let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
      return (mean, values.count > 1 ? squares / Double(values.count - 1) : 0)
    }
    let m = Double(x.count)
    let c = Double(z.count)
    if x.count >= 2 && z.count >= 2 {
      let (mx, vx) = moments(x)
      let (mz, vz) = moments(z)
      let a = vx / m
      let b = vz / c
      let df = (a + b) * (a + b) / (a * a / (m - 1) + b * b / (c - 1))
      return try make(
        estimate: mx - mz, standardError: (a + b).squareRoot(), df: df.isFinite ? df : m + c - 2,
        alpha: alpha, horizon: horizon)
    }
    if x.count >= 2 {
      let (mx, vx) = moments(x)
      return try make(
        estimate: mx, standardError: (vx / m).squareRoot(), df: m - 1, alpha: alpha,
        horizon: horizon)
    }
    if x.count == 1 && z.count >= 2 {
      let (mz, vz) = moments(z)
      return try make(
        estimate: x[0] - mz, standardError: (vz * (1 + 1 / c)).squareRoot(), df: c - 1,
        alpha: alpha, horizon: horizon)
    }
    throw StatisticsError.tooFewObservations(sample: "units", count: x.count, needed: 2)
  }
}
