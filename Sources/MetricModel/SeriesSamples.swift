/// One series' samples in a time range, in time order; NaN where NULL was stored.
public struct SeriesSamples: Sendable, Equatable {
  /// The series' labels.
  public var labels: LabelSet
  /// Unix milliseconds, increasing.
  public var timestamps: [Int64]
  /// Values, one per timestamp.
  public var values: [Double]

  /// Creates samples.
  public init(labels: LabelSet, timestamps: [Int64], values: [Double]) {
    self.labels = labels
    self.timestamps = timestamps
    self.values = values
  }
}
