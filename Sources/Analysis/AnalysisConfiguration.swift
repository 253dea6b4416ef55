import MetricModel

/// What `canary analyze` compares and how it judges: the YAML configuration of SPEC.md.
public struct AnalysisConfiguration: Sendable, Equatable {
  /// Format version; only 1 exists.
  public var version = 1
  /// Resolution of the per-step values, milliseconds.
  public var stepMilliseconds: Int64 = 60_000
  /// Significance level of each metric's test.
  public var alpha = 0.05
  /// Fewer per-step values than this on either side makes a metric `nodata`.
  public var minIntervals = 10
  /// Score thresholds of the verdict.
  public var scoring = Scoring()
  /// The design of every metric that names none (`design:`).
  public var design = Design.auto
  /// Steps dropped after each workload's move: restarted pods warm up (`warmup:`).
  public var warmupSteps = 2
  /// The metrics, in report order.
  public var metrics: [MetricSpecification] = []

  /// An empty configuration with SPEC.md's defaults.
  public init() {}

  /// Score thresholds: promote at or above `pass`, rollback below `marginal`.
  public struct Scoring: Sendable, Equatable {
    /// Lowest score that promotes.
    public var pass = 95.0
    /// Lowest score that is not a rollback.
    public var marginal = 75.0

    /// SPEC.md's defaults.
    public init() {}
  }
}

/// How a metric's per-step values are derived from the stored samples.
public enum MetricKind: String, Sendable, Codable, Equatable, CaseIterable {
  /// `rate(numerator) / rate(denominator)` per step.
  case ratio
  /// `histogram_quantile` over the step's summed bucket increases.
  case quantile
  /// Per-second rate of a counter, summed over series (optionally per a gauge).
  case rate
  /// Aggregate of gauge values per step.
  case gauge
}

/// Which change of a metric is bad.
public enum Direction: String, Sendable, Codable, Equatable, CaseIterable {
  /// Higher is worse (latency, errors).
  case increase
  /// Lower is worse (throughput, success rate).
  case decrease
  /// Any significant change is bad.
  case either
}

/// How a gauge's series are combined per step.
public enum Aggregate: String, Sendable, Equatable, CaseIterable {
  case sum, avg, min, max
}

/// The statistical test of a metric.
public enum StatisticalTest: String, Sendable, Equatable, CaseIterable {
  /// Mann-Whitney U with the Hodges-Lehmann interval (Kayenta's judge).
  case mannWhitney = "mann-whitney"
  /// Welch's unequal-variance t-test.
  case welchT = "welch-t"
  /// Two-sample Kolmogorov-Smirnov (sees changes in spread, not only in location).
  case kolmogorovSmirnov = "kolmogorov-smirnov"
  /// Brunner-Munzel (robust to unequal variances).
  case brunnerMunzel = "brunner-munzel"
}

/// An absolute check on the canary alone: every per-step value must lie within it.
public struct Threshold: Sendable, Equatable {
  /// Smallest allowed value.
  public var min: Double?
  /// Largest allowed value.
  public var max: Double?

  /// Creates a threshold.
  public init(min: Double? = nil, max: Double? = nil) {
    self.min = min
    self.max = max
  }
}

/// What a metric's per-step values are computed from: one case per kind, each with exactly the
/// selectors that kind needs, so no consumer meets a missing field.
public enum MetricQuery: Sendable, Equatable {
  /// `rate(numerator) / rate(denominator)` per step.
  case ratio(numerator: Selector, denominator: Selector)
  /// `histogram_quantile(quantile, ...)` over the step's summed bucket increases of `histogram`
  /// (its name without `_bucket`).
  case quantile(histogram: Selector, quantile: Double)
  /// Per-second rate of a counter summed over series, divided by the summed gauge `per` when set.
  case rate(query: Selector, per: Selector?)
  /// `aggregate` of the series' per-step averages.
  case gauge(query: Selector, aggregate: Aggregate)

  /// The kind, as the configuration and reports name it.
  public var kind: MetricKind {
    switch self {
    case .ratio: .ratio
    case .quantile: .quantile
    case .rate: .rate
    case .gauge: .gauge
    }
  }
}

/// How a metric is judged: a comparison of the two sides, or an absolute check on the canary.
public enum MetricCheck: Sendable, Equatable {
  /// Compare canary against baseline with this test.
  case test(StatisticalTest)
  /// Every canary per-step value must lie within the threshold; no comparison.
  case threshold(Threshold)
}

/// One metric of the configuration.
public struct MetricSpecification: Sendable, Equatable {
  /// Name shown in reports.
  public var name: String
  /// How values are derived.
  public var query: MetricQuery
  /// How they are judged.
  public var check: MetricCheck = .test(.mannWhitney)
  /// Which change is bad.
  public var direction: Direction = .increase
  /// Canary/baseline ratio of means tolerated before an increase fails.
  public var allowedIncrease = 1.0
  /// Canary/baseline ratio of means tolerated before a decrease fails (e.g. 0.9).
  public var allowedDecrease = 1.0
  /// `ratio` metrics counted as events: an absolute increase of the share (0.0001 = +0.01
  /// percentage points) that is tolerated whatever the ratio, since a ratio means nothing at
  /// a zero or tiny baseline. 0: none.
  public var allowedAbsoluteIncrease = 0.0
  /// Failing it means rollback, whatever the score.
  public var critical = false
  /// Scoring group (Kayenta): metrics of a group share its weight.
  public var group: String?
  /// Weight of the metric's group in the score.
  public var weight = 1.0
  /// The design; nil: the configuration's.
  public var design: Design?
  /// Which workload a series belongs to (`unit: [label, ...]`; default: Istio's labels).
  public var unit = UnitRule.istio

  /// A metric with defaults; the other fields are set by the loader.
  public init(name: String, query: MetricQuery) {
    self.name = name
    self.query = query
  }

  /// The kind of its query.
  public var kind: MetricKind { query.kind }

  /// The threshold, when the metric is an absolute check.
  public var threshold: Threshold? {
    if case .threshold(let threshold) = check { return threshold }
    return nil
  }

  /// The test the check names, or ``AppliedTest/threshold``.
  public var appliedTest: AppliedTest {
    switch check {
    case .test(let test): AppliedTest(test)
    case .threshold: .threshold
    }
  }

  /// The group used for scoring: the named one, else the metric alone.
  public var scoringGroup: String { group ?? name }
}
