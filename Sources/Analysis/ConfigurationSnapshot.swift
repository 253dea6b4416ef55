import MetricModel

/// The effective configuration as the JSON report records it: the YAML's keys and values,
/// selectors written back in PromQL syntax.
public struct ConfigurationSnapshot: Sendable, Codable, Equatable {
  /// Format version.
  public var version: Int
  /// Step, e.g. `1m`.
  public var step: String
  /// Significance level.
  public var alpha: Double
  /// Minimum per-step values per side.
  public var minIntervals: Int
  /// Score thresholds.
  public var scoring: Scoring
  /// The metrics.
  public var metrics: [Metric]

  /// `{pass, marginal}`.
  public struct Scoring: Sendable, Codable, Equatable {
    /// Promote at or above.
    public var pass: Double
    /// Rollback below.
    public var marginal: Double
  }

  /// `{min, max}`.
  public struct Bounds: Sendable, Codable, Equatable {
    /// Smallest allowed.
    public var min: Double?
    /// Largest allowed.
    public var max: Double?
  }

  /// One metric's settings; keys that do not apply to its kind are absent.
  public struct Metric: Sendable, Codable, Equatable {
    public var name: String
    public var kind: String
    public var numerator: String?
    public var denominator: String?
    public var histogram: String?
    public var quantile: Double?
    public var query: String?
    public var per: String?
    public var aggregate: String?
    public var direction: String
    public var allowedIncrease: Double
    public var allowedDecrease: Double
    public var critical: Bool
    public var threshold: Bounds?
    public var test: String
    public var group: String?
    public var weight: Double
  }
}

extension AnalysisConfiguration {
  /// The configuration as reports record it.
  public var snapshot: ConfigurationSnapshot {
    ConfigurationSnapshot(
      version: version, step: Self.durationText(stepMilliseconds), alpha: alpha,
      minIntervals: minIntervals,
      scoring: .init(pass: scoring.pass, marginal: scoring.marginal),
      metrics: metrics.map { metric in
        ConfigurationSnapshot.Metric(
          name: metric.name, kind: metric.kind.rawValue,
          numerator: metric.numerator?.description, denominator: metric.denominator?.description,
          histogram: metric.histogram?.description, quantile: metric.quantile,
          query: metric.query?.description, per: metric.per?.description,
          aggregate: metric.kind == .gauge ? metric.aggregate.rawValue : nil,
          direction: metric.direction.rawValue, allowedIncrease: metric.allowedIncrease,
          allowedDecrease: metric.allowedDecrease, critical: metric.critical,
          threshold: metric.threshold.map { .init(min: $0.min, max: $0.max) },
          test: metric.threshold == nil ? metric.test.rawValue : "threshold",
          group: metric.group, weight: metric.weight)
      })
  }

  /// `60000` → `1m`, `90000` → `90s`, `1500` → `1500ms`.
  static func durationText(_ milliseconds: Int64) -> String {
    if milliseconds % 3_600_000 == 0 { return "\(milliseconds / 3_600_000)h" }
    if milliseconds % 60_000 == 0 { return "\(milliseconds / 60_000)m" }
    if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
    return "\(milliseconds)ms"
  }
}
