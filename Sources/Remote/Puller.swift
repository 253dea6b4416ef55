import Analysis
import Store

/// Runs a ``PullPlan`` against a server and stores the per-step values, so `canary analyze`
/// uses them instead of raw samples.
public struct Puller: Sendable {
  /// The server.
  public var client: PrometheusClient
  /// Where the values go.
  public var database: CanaryDatabase

  /// Creates a puller.
  public init(client: PrometheusClient, database: CanaryDatabase) {
    self.client = client
    self.database = database
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

  /// Runs every query, then stores all results in one transaction: a failed pull leaves the
  /// database as it was.
  ///
  /// - Throws: ``RemoteError`` from the server, `StoreError` from the database.
  public func pull(_ plan: PullPlan, pulledAt: Int64) throws -> Summary {
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
    try database.replacePulledSteps(pulls)
    return summary
  }
}
