/// Namespace marker for the statistics library (tests, distributions, estimators).
public enum StatisticsLibrary {
  /// The library's version of the statistical definitions, recorded in reports.
  public static let version = 1
}
