import Store

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

  /// Loads what `database` holds for the sides of an analysis: each revision with its window
  /// (Unix milliseconds), at `step`.
  public static func load(
    from database: CanaryDatabase, sides: [(revision: String, window: (from: Int64, to: Int64))],
    stepMilliseconds step: Int64
  ) throws -> PulledSteps {
    var pulled = PulledSteps()
    for side in sides {
      let grid = StepGrid(from: side.window.from, to: side.window.to, step: step)
      guard let first = grid.ends.first, let last = grid.ends.last else { continue }
      let pulledWindows = try database.pulledWindows(
        revision: side.revision, stepMilliseconds: step, overlapping: first, last)
      for window in pulledWindows {
        let key = Key(metric: window.metric, revision: side.revision, step: step)
        pulled.windows[key, default: []].append((window.from, window.to))
      }
      for metric in Set(pulledWindows.map(\.metric)) {
        let values = try database.pulledSteps(
          revision: side.revision, metric: metric, stepMilliseconds: step, from: first, to: last)
        let key = Key(metric: metric, revision: side.revision, step: step)
        // Both sides may share a revision (before/after comparisons): keep both windows' values.
        let merged = (pulled.entries[key] ?? []) + values
        var seen: Set<Int64> = []
        pulled.entries[key] = merged.filter { seen.insert($0.0).inserted }.sorted { $0.0 < $1.0 }
      }
    }
    return pulled
  }
}
