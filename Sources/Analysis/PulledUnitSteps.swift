import MetricModel

/// Per-workload observation parts a remote Prometheus computed (``UnitQueries``), used by the
/// matched comparisons instead of deriving ``UnitSteps`` from raw samples.
///
/// The rule is ``PulledSteps``': for a (metric, revision, step), when a pulled window overlaps
/// the step grid of that revision's side, the pulled parts at the grid's step ends are the
/// metric's observations, even when there are none; otherwise they are derived from raw
/// samples. The parts are assembled into observations exactly as ``UnitDeriver`` assembles
/// its own sums.
public struct PulledUnitSteps: Sendable {
  private struct Key: Hashable {
    var metric: String
    var revision: String
    var step: Int64
  }
  /// Part (``key(_:bound:)``) → unit → step end → value.
  private typealias Parts = [String: [String: [Int64: Double]]]
  private var entries: [Key: Parts] = [:]

  /// Whether no parts were pulled.
  public var isEmpty: Bool { entries.isEmpty && windows.isEmpty }
  private var windows: [Key: [(Int64, Int64)]] = [:]

  /// Nothing pulled.
  public init() {}

  /// The stored name of a part: the component (`numerator`), or `bucket:LE` for a bucket.
  public static func key(_ component: UnitQueries.Component, bound: String? = nil) -> String {
    guard component == .bucket, let bound else { return component.rawValue }
    return "bucket:" + bound
  }

  /// Records that the parts of `metric` for `revision` at `step` were pulled for the step ends
  /// `from...to`.
  public mutating func addWindow(
    metric: String, revision: String, stepMilliseconds step: Int64, from: Int64, to: Int64
  ) {
    windows[Key(metric: metric, revision: revision, step: step), default: []].append((from, to))
  }

  /// Adds one unit's values of one component (``key(_:bound:)``), keeping values already added at the same step ends
  /// (both sides of a comparison may share a revision).
  public mutating func merge(
    _ values: [(Int64, Double)], metric: String, revision: String, stepMilliseconds step: Int64,
    component: String, unit: String
  ) {
    let key = Key(metric: metric, revision: revision, step: step)
    for (end, value) in values where value.isFinite {
      if entries[key, default: [:]][component, default: [:]][unit, default: [:]][end] == nil {
        entries[key, default: [:]][component, default: [:]][unit, default: [:]][end] = value
      }
    }
  }

  /// Whether parts of `metric` were pulled for any revision or step.
  public func covers(metric: String) -> Bool {
    windows.keys.contains { $0.metric == metric }
  }

  /// The observations of `metric` for `revision` over `grid`, or nil when no pulled window
  /// overlaps the grid (derive from raw samples).
  func steps(for metric: MetricSpecification, revision: String, grid: StepGrid) -> UnitSteps? {
    let key = Key(metric: metric.name, revision: revision, step: grid.step)
    guard let first = grid.ends.first, let last = grid.ends.last,
      windows[key]?.contains(where: { $0.0 <= last && $0.1 >= first }) == true
    else { return nil }
    let ends = Set(grid.ends)
    let parts: Parts = (entries[key] ?? [:]).mapValues { units in
      units.mapValues { $0.filter { ends.contains($0.key) } }.filter { !$0.value.isEmpty }
    }
    func part(_ component: UnitQueries.Component) -> [String: [Int64: Double]] {
      parts[component.rawValue] ?? [:]
    }
    var result = UnitSteps()
    switch metric.query {
    case .ratio:
      let top = part(.numerator)
      for (unit, bottom) in part(.denominator) {
        result.units[unit] = bottom.reduce(into: [:]) { steps, entry in
          guard entry.value > 0 else { return }
          steps[entry.key] = .init(numerator: top[unit]?[entry.key] ?? 0, denominator: entry.value)
        }
      }
    case .rate(_, let per):
      let seconds = Double(grid.step) / 1000
      let divisors = per.map { _ in part(.per) }
      for (unit, increases) in part(.increase) {
        result.units[unit] = increases.reduce(into: [:]) { steps, entry in
          let divisor = divisors == nil ? 1 : divisors?[unit]?[entry.key] ?? 0
          guard divisor != 0 else { return }
          steps[entry.key] = .init(numerator: entry.value / seconds, denominator: divisor)
        }
      }
    case .quantile:
      result = Self.histogram(parts, sums: part(.sum), counts: part(.count), ends: grid.ends)
    case .gauge(_, let aggregate):
      for (unit, values) in Self.gauge(
        aggregate, sums: part(.sum), counts: part(.count),
        min: part(.min), max: part(.max))
      {
        result.units[unit] = values.mapValues { .init(numerator: $0, denominator: 1) }
      }
    }
    return result
  }

  /// Buckets by numeric bound (`1` and `1.0` are one), then per unit and step end the
  /// observation ``UnitDeriver`` makes: steps without any request are absent.
  private static func histogram(
    _ parts: Parts, sums: [String: [Int64: Double]], counts: [String: [Int64: Double]],
    ends: [Int64]
  ) -> UnitSteps {
    var byBound: [String: [Double: [Int64: Double]]] = [:]
    for (name, units) in parts where name.hasPrefix("bucket:") {
      guard let bound = StepDeriver.bound(String(name.dropFirst("bucket:".count))) else {
        continue
      }
      for (unit, values) in units {
        for (end, value) in values {
          byBound[unit, default: [:]][bound, default: [:]][end, default: 0] += value
        }
      }
    }
    return UnitSteps.histogram(byBound: byBound, sums: sums, counts: counts, ends: ends)
  }

  /// The aggregate of each unit's series' step averages from its parts.
  private static func gauge(
    _ aggregate: Aggregate, sums: [String: [Int64: Double]], counts: [String: [Int64: Double]],
    min: [String: [Int64: Double]], max: [String: [Int64: Double]]
  ) -> [String: [Int64: Double]] {
    switch aggregate {
    case .sum: return sums
    case .min: return min
    case .max: return max
    case .avg:
      return sums.reduce(into: [:]) { result, entry in
        result[entry.key] = entry.value.reduce(into: [:]) { steps, step in
          steps[step.key] = step.value / (counts[entry.key]?[step.key] ?? 1)
        }
      }
    }
  }
}
