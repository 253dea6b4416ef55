import MetricModel

/// How `canary watch` came to its decision (`watch` in the JSON report): when it decided,
/// after how many looks, under which rules, and the path of the evidence look by look.
public struct WatchSummary: Sendable, Codable, Equatable {
  /// The decision (the report's verdict).
  public var decision: Verdict
  /// Why it stopped, in words.
  public var stoppedBecause: String
  /// When the canary started (the first look's window start), RFC 3339.
  public var canaryStart: String
  /// The time of the deciding look, RFC 3339.
  public var decidedAt: String
  /// Minutes from the canary's start to the deciding look.
  public var decidedAfterMinutes: Double
  /// Looks taken.
  public var looks: Int
  /// The rules: seconds between looks, the minimum and maximum duration.
  public var everySeconds: Int64
  public var minDurationSeconds: Int64
  public var maxDurationSeconds: Int64
  /// Each look, in order.
  public var path: [Look]

  /// One look.
  public struct Look: Sendable, Codable, Equatable {
    /// The look's time (its window's end), RFC 3339.
    public var time: String
    /// Minutes since the canary's start.
    public var minutes: Double
    /// The look's own verdict under the anytime rules.
    public var verdict: Verdict
    /// Each metric with a tolerance check: its ratio, confidence sequence and e-value.
    public var metrics: [Metric]
    /// With `--compare-fixed`: the fixed-horizon analysis' verdict at this look.
    public var fixedVerdict: Verdict?

    /// Creates a look.
    public init(time: String, minutes: Double, verdict: Verdict, metrics: [Metric]) {
      self.time = time
      self.minutes = minutes
      self.verdict = verdict
      self.metrics = metrics
    }
  }

  /// One metric at one look.
  public struct Metric: Sendable, Codable, Equatable {
    public var name: String
    public var classification: Classification
    public var ratio: Double?
    public var low: Double?
    public var high: Double?
    /// The e-value that the change exceeds the allowance.
    public var eValue: Double?
    /// Whether the sequence lies within the allowance.
    public var inside: Bool?

    /// The look's view of `result`.
    public init(_ result: MetricResult) {
      name = result.name
      classification = result.classification
      ratio = result.effect.ratio
      low = result.effect.ciLow
      high = result.effect.ciHigh
      let e = result.tolerance?.eValue
      eValue = e.map { $0.isFinite ? $0 : .greatestFiniteMagnitude }
      inside = result.tolerance?.inside
    }
  }

  /// Creates a summary.
  public init(
    decision: Verdict, stoppedBecause: String, canaryStart: String, decidedAt: String,
    decidedAfterMinutes: Double, looks: Int, everySeconds: Int64, minDurationSeconds: Int64,
    maxDurationSeconds: Int64, path: [Look]
  ) {
    self.decision = decision
    self.stoppedBecause = stoppedBecause
    self.canaryStart = canaryStart
    self.decidedAt = decidedAt
    self.decidedAfterMinutes = decidedAfterMinutes
    self.looks = looks
    self.everySeconds = everySeconds
    self.minDurationSeconds = minDurationSeconds
    self.maxDurationSeconds = maxDurationSeconds
    self.path = path
  }
}
