import MetricModel

/// The outcome of an analysis.
public enum Verdict: String, Sendable, Codable, CaseIterable {
  /// The canary is as good as the baseline: exit 0.
  case promote
  /// The canary is worse: exit 1.
  case rollback
  /// Not enough data, or a score between the marginal and pass thresholds: exit 2.
  case inconclusive
}

/// How one metric came out.
public enum Classification: String, Sendable, Codable, CaseIterable {
  /// No harmful change (or a change in the harmless direction).
  case pass
  /// The canary is significantly higher, beyond what is allowed (or above a threshold).
  case high
  /// The canary is significantly lower, beyond what is allowed (or below a threshold).
  case low
  /// Too few per-step values on either side to judge.
  case nodata
  /// The metric could not be computed.
  case error
}

/// An analysis as reports show it and `--output json` writes it (SPEC.md's JSON report).
///
/// Numbers that do not exist are nil (JSON `null`), never NaN. The same database and
/// arguments give the same report apart from ``analysisId`` and ``createdAt``.
public struct AnalysisReport: Sendable, Codable, Equatable {
  /// Version of this report's layout.
  public var schemaVersion = 1
  /// The stored analysis' id; nil with `--no-save`.
  public var analysisId: Int64?
  /// When the analysis ran, RFC 3339 UTC.
  public var createdAt: String
  /// The verdict.
  public var verdict: Verdict
  /// Weighted share of passing metrics, 0-100; nil when every metric is nodata.
  public var score: Double?
  /// Why, in words, most important first.
  public var reasons: [String]
  /// The baseline side.
  public var baseline: RevisionWindow
  /// The canary side.
  public var canary: RevisionWindow
  /// The effective configuration.
  public var config: ConfigurationSnapshot
  /// Every metric, in configuration order.
  public var metrics: [MetricResult]
  /// How `canary watch` decided; nil for an analysis.
  public var watch: WatchSummary?

  /// Creates a report.
  public init(
    analysisId: Int64?, createdAt: String, verdict: Verdict, score: Double?, reasons: [String],
    baseline: RevisionWindow, canary: RevisionWindow, config: ConfigurationSnapshot,
    metrics: [MetricResult]
  ) {
    self.analysisId = analysisId
    self.createdAt = createdAt
    self.verdict = verdict
    self.score = score
    self.reasons = reasons
    self.baseline = baseline
    self.canary = canary
    self.config = config
    self.metrics = metrics
  }

  /// One side of the comparison: a revision and its window, written as RFC 3339 UTC
  /// `{revision, from, to}` in JSON.
  public struct RevisionWindow: Sendable, Codable, Equatable {
    /// Revision name.
    public var revision: String
    /// The window compared.
    public var window: TimeWindow

    /// Creates a revision window.
    public init(revision: String, window: TimeWindow) {
      self.revision = revision
      self.window = window
    }

    /// Window start as RFC 3339 UTC.
    public var from: String { TimeSpecification.format(milliseconds: window.from) }
    /// Window end as RFC 3339 UTC.
    public var to: String { TimeSpecification.format(milliseconds: window.to) }

    private enum CodingKeys: String, CodingKey {
      case revision, from, to
    }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      revision = try container.decode(String.self, forKey: .revision)
      func time(_ key: CodingKeys) throws -> Int64 {
        let text = try container.decode(String.self, forKey: key)
        guard let milliseconds = RFC3339.milliseconds(text) else {
          throw DecodingError.dataCorruptedError(
            forKey: key, in: container, debugDescription: "not an RFC 3339 time: \(text)")
        }
        return milliseconds
      }
      do {
        window = try TimeWindow(from: try time(.from), to: try time(.to))
      } catch let empty as TimeWindow.Empty {
        throw DecodingError.dataCorruptedError(
          forKey: .to, in: container, debugDescription: empty.description)
      }
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(revision, forKey: .revision)
      try container.encode(from, forKey: .from)
      try container.encode(to, forKey: .to)
    }
  }
}

/// One metric's comparison.
public struct MetricResult: Sendable, Codable, Equatable {
  /// Metric name.
  public var name: String
  /// How the values were derived.
  public var kind: MetricKind
  /// The test the result comes from, or `threshold` for an absolute check.
  public var test: AppliedTest
  /// Which change is bad.
  public var direction: Direction
  /// Whether failing it means rollback.
  public var critical: Bool
  /// The outcome.
  public var classification: Classification
  /// The outcome in words ("p99 latency up 23% (CI +15%..+31%), above the allowed 10%").
  public var reason: String
  /// Summary of the baseline's per-step values; nil without values.
  public var baseline: Summary?
  /// Summary of the canary's per-step values; nil without values.
  public var canary: Summary?
  /// The test statistic (U, t, D or W).
  public var statistic: Double?
  /// The test's two-sided p-value.
  public var pValue: Double?
  /// The Hodges-Lehmann shift, its interval and the ratio of means.
  public var effect: Effect
  /// The per-step values that were compared (for a matched design, the compared workloads'
  /// summed values: before their move as baseline, after it as canary).
  public var values: Values
  /// The design the comparison used; nil for a threshold (the canary alone).
  public var design: Design?
  /// Whether the two sides were matched (same workloads or strata); false for `pooled`.
  public var matched: Bool?
  /// What a matched comparison counted; nil for other designs.
  public var evidence: MatchedEvidence?
  /// The workloads of a matched comparison with their values, largest change first.
  public var units: [UnitResult]?
  /// Whether the interval excludes a harmful change beyond the allowance (what promoting on a
  /// critical metric needs); nil where no such check applies.
  public var tolerance: ToleranceCheck?
  /// Per-workload per-step values of a matched comparison, stored with the analysis
  /// (`v_analysis_values.unit`) but not part of the JSON report.
  public var unitValues: [UnitStepValue] = []

  /// Creates a result.
  public init(
    name: String, kind: MetricKind, test: AppliedTest, direction: Direction, critical: Bool,
    classification: Classification, reason: String, baseline: Summary?, canary: Summary?,
    statistic: Double?, pValue: Double?, effect: Effect, values: Values
  ) {
    self.name = name
    self.kind = kind
    self.test = test
    self.direction = direction
    self.critical = critical
    self.classification = classification
    self.reason = reason
    self.baseline = baseline
    self.canary = canary
    self.statistic = statistic
    self.pValue = pValue
    self.effect = effect
    self.values = values
  }

  /// Descriptive statistics of one side's per-step values.
  public struct Summary: Sendable, Codable, Equatable {
    /// Number of per-step values.
    public var n: Int
    /// Mean.
    public var mean: Double?
    /// Median.
    public var median: Double?
    /// 90th percentile (linear interpolation, R type 7).
    public var p90: Double?
    /// Smallest value.
    public var min: Double?
    /// Largest value.
    public var max: Double?

    /// Creates a summary.
    public init(n: Int, mean: Double?, median: Double?, p90: Double?, min: Double?, max: Double?) {
      self.n = n
      self.mean = mean
      self.median = median
      self.p90 = p90
      self.min = min
      self.max = max
    }
  }

  /// The size of the change, canary against baseline.
  public struct Effect: Sendable, Codable, Equatable {
    /// Hodges-Lehmann shift: median of all differences canary_i - baseline_j.
    public var estimate: Double?
    /// Lower end of the (1 - alpha) interval of the shift.
    public var ciLow: Double?
    /// Upper end of the (1 - alpha) interval of the shift.
    public var ciHigh: Double?
    /// mean(canary) / mean(baseline); nil when the baseline mean is 0.
    public var ratio: Double?

    /// Creates an effect.
    public init(estimate: Double?, ciLow: Double?, ciHigh: Double?, ratio: Double?) {
      self.estimate = estimate
      self.ciLow = ciLow
      self.ciHigh = ciHigh
      self.ratio = ratio
    }

    /// No effect computed.
    public static let none = Effect(estimate: nil, ciLow: nil, ciHigh: nil, ratio: nil)
  }

  /// Per-step values: `[unixSeconds, value]` pairs in time order.
  public struct Values: Sendable, Codable, Equatable {
    /// The baseline's.
    public var baseline: [StepValue]
    /// The canary's.
    public var canary: [StepValue]

    /// Creates values.
    public init(baseline: [StepValue], canary: [StepValue]) {
      self.baseline = baseline
      self.canary = canary
    }
  }
}

/// One per-step value; encoded as the JSON pair `[unixSeconds, value]`.
public struct StepValue: Sendable, Codable, Equatable {
  /// End of the step, Unix seconds.
  public var time: Int64
  /// The value (finite).
  public var value: Double

  /// Creates a value.
  public init(time: Int64, value: Double) {
    self.time = time
    self.value = value
  }

  public init(from decoder: any Decoder) throws {
    var container = try decoder.unkeyedContainer()
    time = try container.decode(Int64.self)
    value = try container.decode(Double.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.unkeyedContainer()
    try container.encode(time)
    try container.encode(value)
  }
}

/// One workload's value at one step, as `v_analysis_values` stores it.
public struct UnitStepValue: Sendable, Equatable {
  /// `namespace/workload`.
  public var unit: String
  /// Baseline (before the move) or canary (after it).
  public var side: Side
  /// End of the step, Unix milliseconds.
  public var time: Int64
  /// The value.
  public var value: Double
}
