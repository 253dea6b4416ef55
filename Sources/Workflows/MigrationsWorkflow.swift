import Analysis
import MetricModel
import Store

/// `canary migrations`: which units moved to which revision when, from the stored
/// `istio_requests_total` series the destination reported.
public enum MigrationsWorkflow {
  /// The metric whose series say which revision served a unit's requests when.
  public static let requestsMetric = "istio_requests_total"

  /// Every unit with requests in the database at `databasePath`, by name.
  public static func run(databasePath: String) throws -> [UnitMigration] {
    let spans = try DatabaseFile.reading(databasePath).seriesSpans(metric: requestsMetric)
    return migrations(of: spans)
  }

  /// Groups `spans` (destination-reported only) by unit and revision.
  public static func migrations(of spans: [SeriesSpan]) -> [UnitMigration] {
    var byUnit: [String: [String: UnitMigration.Stay]] = [:]
    for span in spans where span.labels["reporter"] == "destination" {
      guard let unit = UnitRule.istio.unit(of: span.labels) else { continue }
      var stay =
        byUnit[unit]?[span.revision]
        ?? UnitMigration.Stay(
          revision: span.revision, first: span.firstTimestamp, last: span.lastTimestamp,
          requests: 0, attribution: [])
      stay.first = min(stay.first, span.firstTimestamp)
      stay.last = max(stay.last, span.lastTimestamp)
      stay.requests += span.increase
      if !stay.attribution.contains(span.attribution.rawValue) {
        stay.attribution.append(span.attribution.rawValue)
        stay.attribution.sort()
      }
      byUnit[unit, default: [:]][span.revision] = stay
    }
    let total = byUnit.values.flatMap(\.values).reduce(0) { $0 + $1.requests }
    return byUnit.keys.sorted().map { unit in
      let stays = (byUnit[unit] ?? [:]).values.sorted {
        ($0.first, $0.revision) < ($1.first, $1.revision)
      }
      let requests = stays.reduce(0) { $0 + $1.requests }
      return UnitMigration(
        unit: unit, revisions: stays, moves: stays.dropFirst().map(\.first),
        share: total > 0 ? requests / total : 0)
    }
  }
}
