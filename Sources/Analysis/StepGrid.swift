import MetricModel

/// The evaluation times of an analysis window: multiples of the step, each the end of a step
/// `(t - step, t]` that lies inside the window, as a Prometheus range query with an aligned
/// start evaluates them.
public struct StepGrid: Sendable, Equatable {
  /// Step length, milliseconds.
  public var step: Int64
  /// Step ends, Unix milliseconds, increasing.
  public var ends: [Int64]

  /// The steps of `[from, to]` (Unix milliseconds).
  public init(from: Int64, to: Int64, step: Int64) {
    self.step = step
    let first = Self.ceilMultiple(from + step, of: step)
    let last = Self.floorMultiple(to, of: step)
    ends = first <= last ? Array(stride(from: first, through: last, by: Int(step))) : []
  }

  /// The steps of `window`.
  public init(window: TimeWindow, step: Int64) {
    self.init(from: window.from, to: window.to, step: step)
  }

  /// The range of samples the steps read: after `start`, up to `end`.
  public var sampleRange: (start: Int64, end: Int64)? {
    guard let first = ends.first, let last = ends.last else { return nil }
    return (first - step, last)
  }

  static func floorMultiple(_ value: Int64, of step: Int64) -> Int64 {
    let remainder = value % step
    return remainder >= 0 ? value - remainder : value - remainder - step
  }

  static func ceilMultiple(_ value: Int64, of step: Int64) -> Int64 {
    let floor = floorMultiple(value, of: step)
    return floor == value ? value : floor + step
  }
}
