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

  /// What a pull fetched: per-revision values and per-workload parts.
  public struct Fetched: Sendable {
    /// Each metric's per-revision values, one series per metric and revision.
    public var steps: [PulledSeries] = []
    /// Each metric's per-workload parts, one entry per metric and revision.
    public var units: [PulledUnitSeries] = []
  }

  /// Runs every query, then stores all results in `database` in one transaction: a failed
  /// pull leaves the database as it was.
  ///
  /// - Throws: ``RemoteError`` from the server, `StoreError` from the database.
  @discardableResult
  public func pull(_ plan: PullPlan, into database: CanaryDatabase, pulledAt: Int64) throws
    -> Summary
  {
    let (summary, fetched) = try fetch(plan, pulledAt: pulledAt)
    try database.replacePulled(steps: fetched.steps, units: fetched.units)
    return summary
  }

  /// Runs every query and returns what came back, storing nothing. A query text that serves
  /// several metrics (the latency quantiles' buckets) is run once per range.
  ///
  /// - Throws: ``RemoteError`` from the server.
  public func fetch(_ plan: PullPlan, pulledAt: Int64) throws -> (Summary, Fetched) {
    var summary = Summary()
    var fetched = Fetched()
    var answers: [String: [(labels: [String: String], points: [(Int64, Double)])]] = [:]
    var unitIndex: [String: Int] = [:]
    let server = client.baseURL.absoluteString
    for query in plan.queries() {
      guard let part = query.unitPart else {
        let points = try client.queryRange(query.text, over: query.range).filter { $0.1.isFinite }
        summary.queries += 1
        summary.values += points.count
        if points.isEmpty { summary.empty.append("\(query.metric) (\(query.revision))") }
        fetched.steps.append(
          PulledSeries(
            revision: query.revision, metric: query.metric,
            stepMilliseconds: query.range.step, from: query.range.start, to: query.range.end,
            query: query.text, server: server, pulledAt: pulledAt,
            timestamps: points.map(\.0), values: points.map(\.1)))
        continue
      }
      let answerKey = "\(query.text)\u{0}\(query.range.start)\u{0}\(query.range.end)"
      let groups: [(labels: [String: String], points: [(Int64, Double)])]
      if let known = answers[answerKey] {
        groups = known
      } else {
        groups = try client.queryRangeSeries(query.text, over: query.range)
        answers[answerKey] = groups
        summary.queries += 1
      }
      let values = UnitGroups.values(of: groups, part: part)
      summary.values += values.reduce(0) { $0 + $1.points.count }
      let key =
        "\(query.metric)\u{0}\(query.revision)\u{0}\(query.range.start)\u{0}\(query.range.end)"
      if let index = unitIndex[key] {
        fetched.units[index].queries.append(query.text)
        fetched.units[index].values += values
      } else {
        unitIndex[key] = fetched.units.count
        fetched.units.append(
          PulledUnitSeries(
            revision: query.revision, metric: query.metric, stepMilliseconds: query.range.step,
            from: query.range.start, to: query.range.end, queries: [query.text], server: server,
            pulledAt: pulledAt, values: values))
      }
    }
    return (summary, fetched)
  }
}
