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
