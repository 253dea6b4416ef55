import Analysis
import MetricModel
import Remote

/// How a Prometheus server's series of one revision are told apart from the other's.
public enum RevisionSelection: Sendable, Equatable {
  /// By a label Prometheus' relabelling attached to every series (`istio_io_rev`).
  case label(String)
  /// By namespace: namespace → revision (from a namespace map).
  case namespaces([String: String])

  /// The pull plan: every metric of the comparison's configuration for the baseline then the
  /// canary, each over its side's window.
  public func plan(
    for comparison: Comparison, windows: (baseline: TimeWindow, canary: TimeWindow)
  ) throws -> PullPlan {
    PullPlan(
      configuration: comparison.configuration,
      targets: [
        .init(
          revision: comparison.baseline, matcher: try matcher(comparison.baseline),
          window: windows.baseline),
        .init(
          revision: comparison.canary, matcher: try matcher(comparison.canary),
          window: windows.canary),
      ])
  }

  /// The matcher that selects `revision`'s series.
  func matcher(_ revision: String) throws -> Matcher {
    switch self {
    case .label(let label):
      return try PromQLQueries.revisionMatcher(label: label, revision: revision)
    case .namespaces(let map):
      return try PromQLQueries.namespaceMatcher(
        namespaces: map.filter { $0.value == revision }.map(\.key))
    }
  }
}
