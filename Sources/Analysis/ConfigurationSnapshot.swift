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
  /// The default design (`auto`, ...); nil in reports stored before designs existed.
  public var design: String?
  /// Steps dropped after each workload's move.
  public var warmup: Int?
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
    /// Only when set (not 0).
    public var allowedAbsoluteIncrease: Double?
    public var critical: Bool
    public var threshold: Bounds?
    public var test: String
    public var group: String?
    public var weight: Double
    public var design: String?
    public var unit: [String]?

    /// A metric's settings with no selectors yet.
    init(
      name: String, kind: String, direction: String, allowedIncrease: Double,
      allowedDecrease: Double, critical: Bool, test: String, group: String?, weight: Double
    ) {
      self.name = name
      self.kind = kind
      self.direction = direction
      self.allowedIncrease = allowedIncrease
      self.allowedDecrease = allowedDecrease
      self.critical = critical
      self.test = test
      self.group = group
      self.weight = weight
    }
  }
}

extension AnalysisConfiguration {
  /// The configuration as reports record it.
  public var snapshot: ConfigurationSnapshot {
    ConfigurationSnapshot(
      version: version, step: DurationText.format(milliseconds: stepMilliseconds), alpha: alpha,
      minIntervals: minIntervals,
      scoring: .init(pass: scoring.pass, marginal: scoring.marginal), design: design.rawValue,
      warmup: warmupSteps, metrics: metrics.map(\.snapshot))
  }
}

extension MetricSpecification {
  /// The metric as reports record it: only the keys of its kind.
  var snapshot: ConfigurationSnapshot.Metric {
    var entry = ConfigurationSnapshot.Metric(
      name: name, kind: kind.rawValue, direction: direction.rawValue,
      allowedIncrease: allowedIncrease, allowedDecrease: allowedDecrease, critical: critical,
      test: appliedTest.rawValue, group: group, weight: weight)
    entry.allowedAbsoluteIncrease = allowedAbsoluteIncrease > 0 ? allowedAbsoluteIncrease : nil
    switch query {
    case .ratio(let numerator, let denominator):
      entry.numerator = numerator.description
      entry.denominator = denominator.description
    case .quantile(let histogram, let quantile):
      entry.histogram = histogram.description
      entry.quantile = quantile
    case .rate(let query, let per):
      entry.query = query.description
      entry.per = per?.description
    case .gauge(let query, let aggregate):
      entry.query = query.description
      entry.aggregate = aggregate.rawValue
    }
    entry.threshold = threshold.map { .init(min: $0.min, max: $0.max) }
    entry.design = design?.rawValue
    if case .labels(let names) = unit { entry.unit = names }
    return entry
  }

}
