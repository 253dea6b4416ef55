import MetricModel

/// Chooses each series' revision by the rules of SPEC.md, first that applies:
/// a forced revision; a revision label; the reporting proxy's namespace in the namespace map;
/// else `default`, Istio's unrevisioned control plane.
public struct RevisionAttributor: Sendable {
  /// The revision of Istio's unrevisioned control plane.
  public static let defaultRevision = "default"
  /// The labels that carry a revision when no `--revision-label` is given.
  public static let defaultRevisionLabels = ["istio_io_rev", "rev", "revision"]

  /// `--revision NAME`: the whole input's revision.
  public var forcedRevision: String?
  /// `--revision-label`, in order of preference.
  public var revisionLabels: [String]
  /// Namespace → revision (`--namespace-revision`, `--namespace-map`).
  public var namespaceMap: NamespaceMap

  /// Creates an attributor.
  public init(
    forcedRevision: String? = nil, revisionLabels: [String] = defaultRevisionLabels,
    namespaceMap: NamespaceMap = NamespaceMap()
  ) {
    self.forcedRevision = forcedRevision
    self.revisionLabels = revisionLabels
    self.namespaceMap = namespaceMap
  }

  /// The revisions of one series over time: periods in time order, the first from the
  /// beginning, each until the next one starts.
  public struct Schedule: Sendable, Hashable {
    /// From `start` (Unix milliseconds; Int64.min for the first) on, `revision` by `rule`.
    public struct Period: Sendable, Hashable {
      /// Unix milliseconds.
      public var start: Int64
      /// The revision.
      public var revision: String
      /// The rule that chose it.
      public var rule: Attribution
    }

    /// The periods, at least one.
    public private(set) var periods: [Period]

    /// One revision throughout.
    init(_ revision: String, _ rule: Attribution) {
      periods = [Period(start: Int64.min, revision: revision, rule: rule)]
    }

    /// Appends a period; one that changes nothing extends the last.
    mutating func append(from start: Int64, revision: String, rule: Attribution) {
      if let last = periods.last, last.revision == revision, last.rule == rule { return }
      if periods.last?.start == start { periods.removeLast() }
      periods.append(Period(start: start, revision: revision, rule: rule))
    }

    /// Whether the revision changes in time.
    public var isTimed: Bool { periods.count > 1 }

    /// The index of the period that holds `timestamp`.
    public func index(at timestamp: Int64) -> Int {
      var index = 0
      while index + 1 < periods.count, periods[index + 1].start <= timestamp { index += 1 }
      return index
    }
  }

  /// The revision of `series` at `timestamp` (Unix milliseconds) and the rule that chose it.
  public func attribute(_ series: SeriesDescriptor, at timestamp: Int64) -> (
    revision: String, rule: Attribution
  ) {
    let schedule = schedule(of: series)
    let period = schedule.periods[schedule.index(at: timestamp)]
    return (period.revision, period.rule)
  }

  /// The revision of `series` from the beginning and the rule that chose it (the revision
  /// throughout unless the namespace map has times).
  public func attribute(_ series: SeriesDescriptor) -> (revision: String, rule: Attribution) {
    attribute(series, at: Int64.min)
  }

  /// The revisions of `series` over time.
  ///
  /// The pipeline asks once per series: only a series attributed by a time-stamped namespace
  /// map gets more than one period, and its samples are then split into one stored series
  /// per period's revision.
  public func schedule(of series: SeriesDescriptor) -> Schedule {
    if let forced = forcedRevision {
      return Schedule(forced, .forced)
    }
    // A revision the input states itself (CSV's column) counts as a label.
    if let stated = series.revision, !stated.isEmpty {
      return Schedule(stated, .label)
    }
    for name in revisionLabels {
      if let value = series.labels[name] {
        return Schedule(value, .label)
      }
    }
    guard let namespace = Self.reportingNamespace(of: series.labels) else {
      return Schedule(Self.defaultRevision, .default)
    }
    let changes = namespaceMap.changes(of: namespace)
    guard let first = changes.first else { return Schedule(Self.defaultRevision, .default) }
    var schedule =
      first.start == nil
      ? Schedule(first.revision, .namespace) : Schedule(Self.defaultRevision, .default)
    for change in changes {
      schedule.append(
        from: change.start ?? Int64.min, revision: change.revision, rule: .namespace)
    }
    return schedule
  }

  /// The namespace of the proxy that reported a series.
  ///
  /// The scrape's own `namespace`/`kubernetes_namespace` label first; else, for Istio's
  /// standard metrics, the destination workload's namespace when the destination reported
  /// it and the source workload's when the source did.
  public static func reportingNamespace(of labels: LabelSet) -> String? {
    if let namespace = labels["namespace"] ?? labels["kubernetes_namespace"] {
      return namespace
    }
    switch labels["reporter"] {
    case "destination": return labels["destination_workload_namespace"]
    case "source": return labels["source_workload_namespace"]
    default: return nil
    }
  }
}
