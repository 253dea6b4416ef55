import MetricModel

/// Per-step values a remote Prometheus computed (`canary pull`), used by the analysis instead
/// of deriving them from raw samples.
///
/// The rule: for a (metric, revision, step), when a pulled window overlaps the step grid of
/// that revision's side, the pulled values at the grid's step ends are the metric's values —
/// even when there are none (the server had no data: the metric is `nodata`), and even when
/// raw samples exist too. Otherwise the values are derived from raw samples as before.
public struct PulledSteps: Sendable {
  private struct Key: Hashable {
    var metric: String
    var revision: String
    var step: Int64
  }
  private var entries: [Key: [(Int64, Double)]] = [:]
  /// The step-end ranges that were pulled, per key: values stand in for raw samples only on a
  /// grid one of them overlaps (a before/after comparison may pull one side's window only).
  private var windows: [Key: [(Int64, Int64)]] = [:]
  /// The per-workload parts pulled alongside (``UnitQueries``), for the matched comparisons.
  public var units = PulledUnitSteps()

  /// Whether nothing was pulled at all.
  public var isEmpty: Bool { entries.isEmpty && windows.isEmpty && units.isEmpty }

  /// No pulled values: every metric is derived from raw samples.
  public init() {}

  /// Adds the pulled values of one metric and revision at `step` (replacing earlier ones).
  public mutating func set(
    _ values: [(Int64, Double)], metric: String, revision: String, stepMilliseconds step: Int64
  ) {
    let key = Key(metric: metric, revision: revision, step: step)
    entries[key] = values
    if let first = values.first?.0, let last = values.last?.0 {
      windows[key] = [(first, last)]
    }
  }

  /// The pulled values of `metric` for `revision` at the grid's step ends, or nil when none
  /// were pulled for that grid (derive from raw samples).
  func values(metric: String, revision: String, grid: StepGrid) -> [(Int64, Double)]? {
    let key = Key(metric: metric, revision: revision, step: grid.step)
    guard let stored = entries[key], let first = grid.ends.first, let last = grid.ends.last,
      windows[key]?.contains(where: { $0.0 <= last && $0.1 >= first }) ?? true
    else {
      return nil
    }
    let ends = Set(grid.ends)
    return stored.filter { ends.contains($0.0) && $0.1.isFinite }
  }

  /// Whether any values of `metric` were pulled (for any revision or step).
  func hasValues(metric: String) -> Bool {
    entries.keys.contains { $0.metric == metric }
  }

  /// Whether any pulled value of `metric` is a number (a pull that found nothing stores none).
  func hasFiniteValues(metric: String) -> Bool {
    entries.contains { $0.key.metric == metric && $0.value.contains { $0.1.isFinite } }
  }

  /// Records that `metric` of `revision` at `step` was pulled for the step ends `from...to`,
  /// so its values stand in for raw samples on a grid that range overlaps.
  public mutating func addWindow(
    metric: String, revision: String, stepMilliseconds step: Int64, from: Int64, to: Int64
  ) {
    windows[Key(metric: metric, revision: revision, step: step), default: []].append((from, to))
  }

  /// Adds pulled values of `metric` for `revision` at `step`, keeping values already added
  /// (both sides of a before/after comparison may share a revision); one value per step end.
  public mutating func merge(
    _ values: [(Int64, Double)], metric: String, revision: String, stepMilliseconds step: Int64
  ) {
    let key = Key(metric: metric, revision: revision, step: step)
    var seen: Set<Int64> = []
    entries[key] = ((entries[key] ?? []) + values).filter { seen.insert($0.0).inserted }
      .sorted { $0.0 < $1.0 }
  }
}
