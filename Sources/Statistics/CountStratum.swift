/// One stratum of a conditional count test: given the stratum's events, the canary's events
/// are Binomial(events, θ) with θ(δ) = r e^δ / (r e^δ + 1 − r), r = the canary's share of the
/// exposure (requests) in that stratum, δ = log rate ratio canary/baseline.
///
/// Typical use: one stratum per polling step (or per workload and step), errors as events and
/// requests as exposure. A stratum without events carries no information and is skipped.
public struct CountStratum: Sendable, Equatable {
  /// x, the canary's events (≥ 0).
  public var canaryEvents: Int
  /// y, the baseline's events (≥ 0).
  public var baselineEvents: Int
  /// canary exposure / (canary + baseline exposure), in (0, 1).
  public var canaryShare: Double

  /// A stratum; validated by the functions that use it.
  public init(canaryEvents: Int, baselineEvents: Int, canaryShare: Double) {
    self.canaryEvents = canaryEvents
    self.baselineEvents = baselineEvents
    self.canaryShare = canaryShare
  }

  /// x + y.
  var events: Int { canaryEvents + baselineEvents }

  /// Throws unless every count is ≥ 0 and every share is finite and strictly inside (0, 1).
  /// An empty list is valid (no data yet: every e-value is 1).
  static func validate(_ strata: [CountStratum]) throws {
    for (index, s) in strata.enumerated() {
      guard s.canaryEvents >= 0 else {
        throw StatisticsError.invalidArgument(
          name: "strata[\(index)].canaryEvents", value: Double(s.canaryEvents),
          requirement: "must be ≥ 0")
      }
      guard s.baselineEvents >= 0 else {
        throw StatisticsError.invalidArgument(
          name: "strata[\(index)].baselineEvents", value: Double(s.baselineEvents),
          requirement: "must be ≥ 0")
      }
      guard s.canaryShare > 0, s.canaryShare < 1 else {
        throw StatisticsError.invalidArgument(
          name: "strata[\(index)].canaryShare", value: s.canaryShare,
          requirement: "must be in (0, 1)")
      }
    }
  }
}
