/// What a matched comparison counted, so a reader can recheck its numbers (`evidence` in the
/// JSON report). Fields that do not apply to the metric's kind are nil.
public struct MatchedEvidence: Sendable, Codable, Equatable {
  /// Workloads compared on the canary side (moved, or running on both revisions).
  public var comparedUnits: Int
  /// Workloads that stayed on the baseline, whose change over the same periods is subtracted.
  public var controlUnits: Int
  /// Steps dropped after each move.
  public var warmupSteps: Int
  /// Counts: events and exposure after (canary) and before (baseline) on the compared units.
  public var canaryEvents: Double?
  public var canaryExposure: Double?
  public var baselineEvents: Double?
  public var baselineExposure: Double?
  /// Counts: the controls' events and exposure over the two periods.
  public var controlEventsBefore: Double?
  public var controlExposureBefore: Double?
  public var controlEventsAfter: Double?
  public var controlExposureAfter: Double?
  /// Counts: the factor the combined variance was widened by, over what the counts alone
  /// (Poisson) would give.
  public var dispersion: Double?
  /// Counts: τ², the between-workload variance of log rate ratios (workload-to-workload and
  /// minute-to-minute variation) added to each workload's Poisson variance.
  public var heterogeneity: Double?
  /// Histograms: the ratio of the exact mean latency (`_sum`/`_count`), DiD.
  public var meanRatio: Double?
  /// Histograms: the ratio of the interpolated quantile, DiD (bucket-limited; reported, not
  /// judged).
  public var quantileRatio: Double?
  /// Histograms: the ratio of the share of requests beyond the bucket edge nearest the
  /// baseline quantile, DiD (tested as counts).
  public var tailRatio: Double?
  /// Histograms: the tail ratio a slowdown by `allowedIncrease` would give (the tolerance).
  public var tailAllowedRatio: Double?
  /// Degrees of freedom of a t-based interval.
  public var degreesOfFreedom: Double?

  /// Evidence with the unit counts; the rest is filled by the comparison.
  init(comparedUnits: Int, controlUnits: Int, warmupSteps: Int) {
    self.comparedUnits = comparedUnits
    self.controlUnits = controlUnits
    self.warmupSteps = warmupSteps
  }

  private enum CodingKeys: String, CodingKey {
    case comparedUnits, controlUnits, warmupSteps, canaryEvents, canaryExposure
    case baselineEvents, baselineExposure, controlEventsBefore, controlExposureBefore
    case controlEventsAfter, controlExposureAfter, dispersion, heterogeneity, meanRatio
    case quantileRatio
    case tailRatio, tailAllowedRatio, degreesOfFreedom
  }

  // Every key is written, null where absent (SPEC.md: numbers that do not exist are null).
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(comparedUnits, forKey: .comparedUnits)
    try container.encode(controlUnits, forKey: .controlUnits)
    try container.encode(warmupSteps, forKey: .warmupSteps)
    try container.encode(canaryEvents, forKey: .canaryEvents)
    try container.encode(canaryExposure, forKey: .canaryExposure)
    try container.encode(baselineEvents, forKey: .baselineEvents)
    try container.encode(baselineExposure, forKey: .baselineExposure)
    try container.encode(controlEventsBefore, forKey: .controlEventsBefore)
    try container.encode(controlExposureBefore, forKey: .controlExposureBefore)
    try container.encode(controlEventsAfter, forKey: .controlEventsAfter)
    try container.encode(controlExposureAfter, forKey: .controlExposureAfter)
    try container.encode(dispersion, forKey: .dispersion)
    try container.encode(heterogeneity, forKey: .heterogeneity)
    try container.encode(meanRatio, forKey: .meanRatio)
    try container.encode(quantileRatio, forKey: .quantileRatio)
    try container.encode(tailRatio, forKey: .tailRatio)
    try container.encode(tailAllowedRatio, forKey: .tailAllowedRatio)
    try container.encode(degreesOfFreedom, forKey: .degreesOfFreedom)
  }
}

/// One workload's part in a matched comparison (`units` in the JSON report).
public struct UnitResult: Sendable, Codable, Equatable {
  /// How a workload took part.
  public enum Role: String, Sendable, Codable, Equatable {
    /// Moved to the canary (before-after) or ran on both (concurrent).
    case compared
    /// Stayed on the baseline throughout: its change is subtracted.
    case control
  }

  /// `namespace/workload`.
  public var unit: String
  /// Its role.
  public var role: Role
  /// Its value before the move (or on the baseline).
  public var baseline: Double?
  /// Its value after the move (or on the canary).
  public var canary: Double?
  /// canary / baseline.
  public var ratio: Double?

  /// A workload's values before and after (or baseline and canary).
  init(unit: String, role: Role, before: Double?, after: Double?) {
    self.unit = unit
    self.role = role
    self.baseline = before
    self.canary = after
    if let before, let after, before != 0 { ratio = after / before }
  }
}
