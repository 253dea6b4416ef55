/// What a parser knows of a series the first time it sees it.
public struct SeriesDescriptor: Sendable, Hashable {
  /// The sample's metric name as written, e.g. `istio_request_duration_milliseconds_bucket`.
  public var name: String
  /// The family the sample belongs to, e.g. `istio_request_duration_milliseconds`.
  public var family: String
  /// The family's declared type (`untyped` when no `# TYPE` line covers it).
  public var type: MetricType
  /// The labels, canonical. Bucket bounds (`le`) and quantiles are in canonical number form.
  public var labels: LabelSet
  /// A revision given by the input itself (the CSV `revision` column), if any.
  public var revision: String?

  /// Creates a descriptor.
  public init(
    name: String, family: String, type: MetricType, labels: LabelSet, revision: String? = nil
  ) {
    self.name = name
    self.family = family
    self.type = type
    self.labels = labels
    self.revision = revision
  }
}
