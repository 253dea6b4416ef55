import Analysis
import Store

/// Runs a ``PullPlan`` against a server: the per-step values it fetches are what `canary
/// analyze` uses instead of raw samples, stored (`canary pull`) or kept in memory
/// (`analyze --prometheus --no-save`).
public struct Puller: Sendable {
  /// The server.
  public var client: PrometheusClient

  /// Creates a puller.
  public init(client: PrometheusClient) {
    self.client = client
  }

  /// What a pull fetched.
  public struct Summary: Sendable, Equatable {
    /// Queries run.
    public var queries = 0
    /// Finite per-step values stored.
    public var values = 0
    /// Queries that returned no value (the metric will be `nodata` unless the other side has
    /// none either).
    public var empty: [String] = []
  }

  /// Runs every query, then stores all results in `database` in one transaction: a failed
  /// pull leaves the database as it was.
  ///
  /// - Throws: ``RemoteError`` from the server, `StoreError` from the database.
  @discardableResult
  public func pull(_ plan: PullPlan, into database: CanaryDatabase, pulledAt: Int64) throws
    -> Summary
  {
    let (summary, pulls) = try fetch(plan, pulledAt: pulledAt)
    try database.replacePulledSteps(pulls)
    return summary
  }

  /// Runs every query and returns what came back, storing nothing.
  ///
  /// - Throws: ``RemoteError`` from the server.
  public func fetch(_ plan: PullPlan, pulledAt: Int64) throws -> (Summary, [PulledSeries]) {
    var summary = Summary()
    var pulls: [PulledSeries] = []
    for query in plan.queries() {
      let points = try client.queryRange(query.text, over: query.range).filter { $0.1.isFinite }
      summary.queries += 1
      summary.values += points.count
      if points.isEmpty { summary.empty.append("\(query.metric) (\(query.revision))") }
      pulls.append(
        PulledSeries(
          revision: query.revision, metric: query.metric,
          stepMilliseconds: query.range.step, from: query.range.start, to: query.range.end,
          query: query.text, server: client.baseURL.absoluteString, pulledAt: pulledAt,
          timestamps: points.map(\.0), values: points.map(\.1)))
    }
    return (summary, pulls)
  }
}
