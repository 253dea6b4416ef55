import Analysis
import MetricModel

/// What `canary pull` asks the server: every metric of a configuration for every revision,
/// each as one range query over the revision's step grid, and for the metrics compared per
/// workload the parts of their observations grouped by the unit labels (``UnitQueries``).
public struct PullPlan: Sendable {
  /// One revision to pull: the matcher that selects its series and its window.
  public struct Target: Sendable {
    /// Revision name, as the analysis calls it.
    public var revision: String
    /// Appended to every selector: `istio_io_rev="canary"` or `namespace=~"a|b"`.
    public var matcher: Matcher
    /// The window whose step ends are queried.
    public var window: TimeWindow

    /// Creates a target.
    public init(revision: String, matcher: Matcher, window: TimeWindow) {
      self.revision = revision
      self.matcher = matcher
      self.window = window
    }
  }

  /// One query of the plan.
  public struct Query: Sendable, Equatable {
    /// The configuration's metric name.
    public var metric: String
    /// Revision.
    public var revision: String
    /// PromQL.
    public var text: String
    /// Evaluation times: the step ends of the revision's window (`StepGrid`).
    public var range: QueryRange
    /// The per-workload part this query computes; nil for the metric's per-revision values.
    public var unitPart: UnitPart? = nil
  }

  /// What a per-workload query computes and how its groups are named.
  public struct UnitPart: Sendable, Equatable {
    /// The component query.
    public var query: UnitQueries.Query
    /// The metric's unit rule, which names each returned group's unit.
    public var rule: UnitRule
  }

  /// The configuration whose metrics are pulled.
  public var configuration: AnalysisConfiguration
  /// The revisions, in order (baseline first).
  public var targets: [Target]

  /// Creates a plan.
  public init(configuration: AnalysisConfiguration, targets: [Target]) {
    self.configuration = configuration
    self.targets = targets
  }

  /// Every query, target by target: each metric's per-revision query, then each metric's
  /// per-workload parts; a window without a whole step yields none.
  public func queries() -> [Query] {
    let step = configuration.stepMilliseconds
    var queries: [Query] = []
    for target in targets {
      let grid = StepGrid(window: target.window, step: step)
      guard let first = grid.ends.first, let last = grid.ends.last else { continue }
      let range = QueryRange(start: first, end: last, step: step)
      for metric in configuration.metrics {
        let text = PromQLQueries.query(
          for: metric, revision: target.matcher, stepMilliseconds: step)
        queries.append(
          Query(metric: metric.name, revision: target.revision, text: text, range: range))
      }
      for metric in configuration.metrics {
        let parts =
          UnitQueries.queries(for: metric, revision: target.matcher, stepMilliseconds: step) ?? []
        for part in parts {
          queries.append(
            Query(
              metric: metric.name, revision: target.revision, text: part.text, range: range,
              unitPart: UnitPart(query: part, rule: metric.unit)))
        }
      }
    }
    return queries
  }
}
