import MetricModel
import Statistics

/// What a calibration measured: how often the configuration rolled back a canary that
/// differed from its baseline in nothing (VERDICT.md §6), with the run-by-run evidence.
///
/// Encoded as `canary calibrate --output json` prints it: `runs`, `rollbacks`,
/// `inconclusive`, `promote`, `rate`, `interval` (`{low, high}`), `alpha`, `flagged`,
/// `metrics` (`[{name, failures}]`), `draws` (`[{seed, movedNamespaces, moveTime, verdict,
/// failing}]`), and what the draws were made of: `baseline`, `range` (`{from, to}`),
/// `namespaces`, `leftOutNamespaces`, `excludedMetrics`.
public struct CalibrationResult: Sendable, Equatable, Encodable {
  /// One run: a draw and the verdict the analysis gave on it.
  public struct Draw: Sendable, Equatable, Encodable {
    /// The seed of the draw's generator (`--seed` plus the run's index).
    public var seed: UInt64
    /// The namespaces presented as moved.
    public var movedNamespaces: [String]
    /// The pseudo move, RFC 3339.
    public var moveTime: String
    /// The analysis' verdict.
    public var verdict: Verdict
    /// Metrics classified high or low, in configuration order.
    public var failing: [String]

    /// Creates a run's record.
    public init(
      seed: UInt64, movedNamespaces: [String], moveTime: String, verdict: Verdict,
      failing: [String]
    ) {
      self.seed = seed
      self.movedNamespaces = movedNamespaces
      self.moveTime = moveTime
      self.verdict = verdict
      self.failing = failing
    }
  }

  /// How often one metric failed over the runs.
  public struct MetricFailures: Sendable, Equatable, Encodable {
    /// Metric name.
    public var name: String
    /// Runs in which it was classified high or low.
    public var failures: Int
  }

  /// A two-sided 95% interval.
  public struct Interval: Sendable, Equatable, Encodable {
    /// Lower end.
    public var low: Double
    /// Upper end.
    public var high: Double
  }

  /// The data range the draws were made in, RFC 3339.
  public struct Range: Sendable, Equatable, Encodable {
    /// First sample.
    public var from: String
    /// Last sample.
    public var to: String
  }

  /// Number of runs.
  public var runs: Int
  /// Runs that rolled back.
  public var rollbacks: Int
  /// Runs that were inconclusive.
  public var inconclusive: Int
  /// Runs that promoted.
  public var promote: Int
  /// rollbacks / runs: the measured false-rollback rate.
  public var rate: Double
  /// The 95% Clopper-Pearson interval of the rate.
  public var interval: Interval
  /// The configuration's alpha.
  public var alpha: Double
  /// Whether the measured rate exceeds alpha.
  public var flagged: Bool
  /// Failures per metric of the configuration (excluded ones aside), in its order.
  public var metrics: [MetricFailures]
  /// Every run, in order.
  public var draws: [Draw]
  /// The baseline revision.
  public var baseline: String
  /// The data range.
  public var range: Range
  /// The namespaces drawn from.
  public var namespaces: [String]
  /// Namespaces whose data does not cover the range.
  public var leftOutNamespaces: [String]
  /// Metrics left out (no series naming a namespace: istiod's).
  public var excludedMetrics: [String]

  /// Tallies `draws` of `source`'s configuration at `alpha`.
  /// - Throws: ``CalibrationError/invalidRuns(_:)`` without draws.
  public init(draws: [Draw], source: CalibrationSource, alpha: Double) throws {
    guard !draws.isEmpty else { throw CalibrationError.invalidRuns(0) }
    let tally = try Self.tally(verdicts: draws.map(\.verdict), alpha: alpha)
    runs = draws.count
    rollbacks = tally.rollbacks
    inconclusive = draws.filter { $0.verdict == .inconclusive }.count
    promote = draws.filter { $0.verdict == .promote }.count
    rate = tally.rate
    interval = tally.interval
    self.alpha = alpha
    flagged = tally.flagged
    metrics = source.configuration.metrics.map { metric in
      MetricFailures(
        name: metric.name, failures: draws.filter { $0.failing.contains(metric.name) }.count)
    }
    self.draws = draws
    baseline = source.revision
    range = Range(
      from: TimeSpecification.format(milliseconds: source.range.from),
      to: TimeSpecification.format(milliseconds: source.range.to))
    namespaces = source.namespaces
    leftOutNamespaces = source.leftOutNamespaces
    excludedMetrics = source.excludedMetrics
  }

  /// The rate of rollbacks among `verdicts`, its two-sided 95% Clopper-Pearson interval
  /// (SciPy `binomtest(k, n).proportion_ci(0.95, method="exact")`) and whether the rate
  /// exceeds `alpha`.
  /// - Throws: ``StatisticsError`` when `verdicts` is empty.
  public static func tally(verdicts: [Verdict], alpha: Double) throws
    -> (rollbacks: Int, rate: Double, interval: Interval, flagged: Bool)
  {
    let rollbacks = verdicts.filter { $0 == .rollback }.count
    let bounds = try ClopperPearson.interval(
      successes: rollbacks, trials: verdicts.count, confidence: 0.95)
    let rate = Double(rollbacks) / Double(verdicts.count)
    return (
      rollbacks, rate, Interval(low: bounds.low.value, high: bounds.high.value), rate > alpha
    )
  }
}
