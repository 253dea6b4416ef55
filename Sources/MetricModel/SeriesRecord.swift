/// A series as stored: what identifies it, its type and how its revision was chosen.
public struct SeriesRecord: Sendable, Hashable {
  /// Sample name as written (`istio_request_duration_milliseconds_bucket`).
  public var metric: String
  /// Family name (`istio_request_duration_milliseconds`).
  public var family: String
  /// Declared type of the family.
  public var type: MetricType
  /// Revision the series is attributed to.
  public var revision: String
  /// Canonical labels.
  public var labels: LabelSet
  /// The rule that chose the revision.
  public var attribution: Attribution

  /// Creates a record.
  public init(
    metric: String, family: String, type: MetricType, revision: String, labels: LabelSet,
    attribution: Attribution
  ) {
    self.metric = metric
    self.family = family
    self.type = type
    self.revision = revision
    self.labels = labels
    self.attribution = attribution
  }

  /// The identity of the series in a store: metric, revision and canonical label JSON
  /// (``LabelSet/json``). Computing it serializes the labels: do it once per series.
  public var key: String {
    Self.key(metric: metric, revision: revision, labelsJSON: labels.json)
  }

  /// The identity of a stored series from its columns, equal to ``key`` of its record.
  public static func key(metric: String, revision: String, labelsJSON: String) -> String {
    // NUL occurs in none of the three (names and revisions are validated, JSON escapes it).
    metric + "\u{0}" + revision + "\u{0}" + labelsJSON
  }
}
