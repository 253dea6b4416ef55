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

  /// The revision of `series` and the rule that chose it.
  ///
  /// Depends on the series alone today, so the pipeline attributes each series once per
  /// ingest. Time-stamped namespace maps will make it depend on a sample's time too: the
  /// pipeline's series identity then gains the period of the map that applies.
  public func attribute(_ series: SeriesDescriptor) -> (revision: String, rule: Attribution) {
    if let forced = forcedRevision {
      return (forced, .forced)
    }
    // A revision the input states itself (CSV's column) counts as a label.
    if let stated = series.revision, !stated.isEmpty {
      return (stated, .label)
    }
    for name in revisionLabels {
      if let value = series.labels[name] {
        return (value, .label)
      }
    }
    if let namespace = Self.reportingNamespace(of: series.labels),
      let revision = namespaceMap.revision(of: namespace)
    {
      return (revision, .namespace)
    }
    return (Self.defaultRevision, .default)
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
