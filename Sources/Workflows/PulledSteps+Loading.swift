import Analysis
import MetricModel
import Store

extension PulledSteps {
  /// What `database` holds for the sides of an analysis: each revision with its window, at
  /// `step`.
  static func load(
    from database: CanaryDatabase, sides: [(revision: String, window: TimeWindow)],
    stepMilliseconds step: Int64
  ) throws -> PulledSteps {
    var pulled = PulledSteps()
    for side in sides {
      let grid = StepGrid(window: side.window, step: step)
      guard let first = grid.ends.first, let last = grid.ends.last else { continue }
      let windows = try database.pulledWindows(
        revision: side.revision, stepMilliseconds: step, overlapping: first, last)
      for window in windows {
        pulled.addWindow(
          metric: window.metric, revision: side.revision, stepMilliseconds: step,
          from: window.from, to: window.to)
      }
      for metric in Set(windows.map(\.metric)) {
        let values = try database.pulledSteps(
          revision: side.revision, metric: metric, stepMilliseconds: step, from: first, to: last)
        pulled.merge(values, metric: metric, revision: side.revision, stepMilliseconds: step)
      }
    }
    return pulled
  }

  /// Values just fetched from a server and not stored (`analyze --prometheus --no-save`).
  init(fetched series: [PulledSeries]) {
    self.init()
    for entry in series {
      addWindow(
        metric: entry.metric, revision: entry.revision, stepMilliseconds: entry.stepMilliseconds,
        from: entry.from, to: entry.to)
      merge(
        Array(zip(entry.timestamps, entry.values)), metric: entry.metric,
        revision: entry.revision, stepMilliseconds: entry.stepMilliseconds)
    }
  }
}
