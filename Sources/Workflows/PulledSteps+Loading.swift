import Analysis
import MetricModel
import Remote
import Store

extension PulledSteps {
  /// What `database` holds for an analysis of `comparison` over `resolved`: the canary's
  /// window, and the baseline data the analysis reads (``AnalysisRequest/baselineCoverage``).
  static func load(
    from database: CanaryDatabase, comparison: Comparison, resolved: WindowFlags.Resolved
  ) throws -> PulledSteps {
    let windows = try PullWorkflow.pullWindows(comparison, resolved)
    return try load(
      from: database,
      sides: [(comparison.canary, windows.canary), (comparison.baseline, windows.baseline)],
      stepMilliseconds: comparison.configuration.stepMilliseconds)
  }

  /// What `database` holds for the sides of an analysis: each revision with its window, at
  /// `step`: per-revision values and per-workload parts.
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
      try pulled.units.load(
        from: database, revision: side.revision, stepMilliseconds: step, from: first, to: last)
    }
    return pulled
  }

  /// Values just fetched from a server and not stored (`analyze --prometheus --no-save`).
  init(fetched series: [PulledSeries], units: [PulledUnitSeries] = []) {
    self.init()
    for entry in series {
      addWindow(
        metric: entry.metric, revision: entry.revision, stepMilliseconds: entry.stepMilliseconds,
        from: entry.from, to: entry.to)
      merge(
        Array(zip(entry.timestamps, entry.values)), metric: entry.metric,
        revision: entry.revision, stepMilliseconds: entry.stepMilliseconds)
    }
    for entry in units {
      self.units.addWindow(
        metric: entry.metric, revision: entry.revision, stepMilliseconds: entry.stepMilliseconds,
        from: entry.from, to: entry.to)
      for values in entry.values {
        self.units.merge(
          values.points.map { ($0.time, $0.value) }, metric: entry.metric,
          revision: entry.revision, stepMilliseconds: entry.stepMilliseconds,
          component: values.component, unit: values.unit)
      }
    }
  }
}

extension PulledUnitSteps {
  /// Adds what `database` holds of `revision`'s per-workload parts at `step` for the step
  /// ends `from...to`: the windows that overlap them and their values.
  mutating func load(
    from database: CanaryDatabase, revision: String, stepMilliseconds step: Int64, from: Int64,
    to: Int64
  ) throws {
    let windows = try database.pulledUnitWindows(
      revision: revision, stepMilliseconds: step, overlapping: from, to)
    for window in windows {
      addWindow(
        metric: window.metric, revision: revision, stepMilliseconds: step, from: window.from,
        to: window.to)
    }
    for metric in Set(windows.map(\.metric)) {
      let values = try database.pulledUnitSteps(
        revision: revision, metric: metric, stepMilliseconds: step, from: from, to: to)
      var index = values.startIndex
      while index < values.endIndex {
        let (component, unit) = (values[index].component, values[index].unit)
        var end = index
        while end < values.endIndex, values[end].component == component, values[end].unit == unit {
          end += 1
        }
        merge(
          values[index..<end].map { ($0.time, $0.value) }, metric: metric, revision: revision,
          stepMilliseconds: step, component: component, unit: unit)
        index = end
      }
    }
  }
}
