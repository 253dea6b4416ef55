/// The test a metric's result came from, as reports and the database name it: one of the
/// configurable ``StatisticalTest``s, or an absolute threshold check.
public enum AppliedTest: String, Sendable, Codable, Equatable, CaseIterable {
  /// Mann-Whitney U with the Hodges-Lehmann interval.
  case mannWhitney = "mann-whitney"
  /// Welch's unequal-variance t-test.
  case welchT = "welch-t"
  /// Two-sample Kolmogorov-Smirnov.
  case kolmogorovSmirnov = "kolmogorov-smirnov"
  /// Brunner-Munzel.
  case brunnerMunzel = "brunner-munzel"
  /// An absolute check on the canary alone.
  case threshold
  /// Per-workload log changes, moved against controls, by Welch's t (matched designs).
  case welchUnits = "welch-t-units"
  /// The Mantel-Haenszel rate ratio across workloads, difference-in-differences (counts); the
  /// judge no longer chooses it, reports stored before the random-effects combination name it.
  case mantelHaenszel = "mantel-haenszel"
  /// Per-workload log rate ratios combined as a random-effects mean (τ² between workloads),
  /// difference-in-differences (counts: errors and the latency tail).
  case randomEffects = "random-effects-rate-ratio"
  /// The exact conditional test of two Poisson rates (a side without events).
  case poissonExact = "poisson-exact"
  /// Per-step log ratios of two revisions averaged over blocks of steps, by a one-sample t
  /// (istiod's metrics under the anytime horizon).
  case blockMeans = "block-means-t"

  /// The applied form of a configured test.
  public init(_ test: StatisticalTest) {
    switch test {
    case .mannWhitney: self = .mannWhitney
    case .welchT: self = .welchT
    case .kolmogorovSmirnov: self = .kolmogorovSmirnov
    case .brunnerMunzel: self = .brunnerMunzel
    }
  }
}
