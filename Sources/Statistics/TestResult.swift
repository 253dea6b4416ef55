/// The alternative hypothesis of a two-sample test, named as in SciPy (`alternative=`).
///
/// `greater` means the first sample ("canary", `x`) tends to be larger than the second
/// (`y`); `less` the opposite.
public enum Alternative: String, Sendable, CaseIterable {
  /// `alternative="two-sided"`.
  case twoSided = "two-sided"
  /// `alternative="greater"`: x stochastically greater than y.
  case greater
  /// `alternative="less"`: x stochastically less than y.
  case less
}

/// The outcome of a hypothesis test: the test's statistic and its p-value.
public struct TestResult: Sendable, Equatable {
  /// The test statistic as the matching SciPy function returns it (U1, t, D, W, z, ...).
  public var statistic: Double
  /// The p-value, always in [0, 1].
  public var pValue: Double

  /// Creates a result; `pValue` is clipped to [0, 1] as SciPy does.
  public init(statistic: Double, pValue: Double) {
    self.statistic = statistic
    self.pValue = min(max(pValue, 0), 1)
  }
}

/// A t-test outcome: statistic, p-value and the (possibly fractional) degrees of freedom.
public struct TTestResult: Sendable, Equatable {
  /// The t statistic.
  public var statistic: Double
  /// The p-value, in [0, 1].
  public var pValue: Double
  /// Degrees of freedom of the reference t distribution (Welch-Satterthwaite for Welch).
  public var degreesOfFreedom: Double
}

/// A closed interval `[low, high]` with the confidence level it was built for.
public struct ConfidenceInterval: Sendable, Equatable {
  /// Lower end.
  public var low: Double
  /// Upper end.
  public var high: Double
  /// Nominal confidence level, e.g. 0.95.
  public var confidence: Double
}
