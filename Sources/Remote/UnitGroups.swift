import Analysis
import Store

/// Turns the groups a per-workload query returned (one series per label combination of its
/// `by (...)`) into per-unit values: each group's unit is named by the metric's rule (a pod's
/// owner for proxy gauges, so several pods make one workload), and groups of one unit are
/// combined step by step as ``UnitDeriver`` combines series (added, or the smaller or larger
/// for `min`/`max`). Buckets stay apart by their `le`.
enum UnitGroups {
  /// The values of every (component, unit) the groups hold, in component then unit order;
  /// non-finite values are dropped.
  static func values(
    of groups: [(labels: [String: String], points: [(Int64, Double)])], part: PullPlan.UnitPart
  ) -> [PulledUnitSeries.Values] {
    let component = part.query.component
    var combined: [String: [String: [Int64: Double]]] = [:]
    for group in groups {
      let unit = UnitQueries.unit(ofGroup: group.labels, query: part.query, rule: part.rule)
      let bound = group.labels[UnitQueries.bucketLabel]
      if component == .bucket && bound == nil { continue }
      let key = PulledUnitSteps.key(component, bound: bound)
      for (time, value) in group.points where value.isFinite {
        let previous = combined[key]?[unit]?[time]
        combined[key, default: [:]][unit, default: [:]][time] =
          previous.map { component.combine($0, value) } ?? value
      }
    }
    return combined.keys.sorted().flatMap { key in
      (combined[key] ?? [:]).keys.sorted().map { unit in
        let steps = combined[key]?[unit] ?? [:]
        return PulledUnitSeries.Values(
          component: key, unit: unit,
          points: steps.keys.sorted().map { .init(time: $0, value: steps[$0] ?? 0) })
      }
    }
  }
}
