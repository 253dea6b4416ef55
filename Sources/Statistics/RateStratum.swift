/// One stratum of person-time (or request) count data: canary events in canary exposure and
/// baseline events in baseline exposure, e.g. one workload in one step with requests as
/// exposure and errors as events.
public struct RateStratum: Sendable, Equatable {
  /// a_k, the canary's events.
  public var canaryEvents: Int
  /// T1_k, the canary's exposure (> 0).
  public var canaryExposure: Double
  /// b_k, the baseline's events.
  public var baselineEvents: Int
  /// T0_k, the baseline's exposure (> 0).
  public var baselineExposure: Double

  /// A stratum; validated by the functions that use it.
  public init(
    canaryEvents: Int, canaryExposure: Double, baselineEvents: Int, baselineExposure: Double
  ) {
    self.canaryEvents = canaryEvents
    self.canaryExposure = canaryExposure
    self.baselineEvents = baselineEvents
    self.baselineExposure = baselineExposure
  }

  /// M_k = a_k + b_k.
  var events: Int { canaryEvents + baselineEvents }
  /// T_k = T1_k + T0_k.
  var exposure: Double { canaryExposure + baselineExposure }

  /// Throws unless there is at least one stratum and every count is ≥ 0 and every exposure is
  /// finite and > 0.
  static func validate(_ strata: [RateStratum]) throws {
    if strata.isEmpty {
      throw StatisticsError.tooFewObservations(sample: "strata", count: 0, needed: 1)
    }
    for s in strata {
      try PoissonRateRatio.validate(
        events: s.canaryEvents, exposure: s.canaryExposure, name: "canary")
      try PoissonRateRatio.validate(
        events: s.baselineEvents, exposure: s.baselineExposure, name: "baseline")
    }
  }
}
