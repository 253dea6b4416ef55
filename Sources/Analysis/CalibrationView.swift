import MetricModel

/// The baseline's data relabelled by one ``CalibrationSplit``, for the ordinary analysis:
/// the moved namespaces' samples at or after the move are the pseudo canary's, everything
/// else stays the baseline's, as a time-stamped namespace map would have filed a real move.
///
/// - the pseudo canary revision sees the moved namespaces' series from the move on, and
///   nothing else;
/// - the baseline sees the moved namespaces' series before the move, the other taking-part
///   namespaces' series throughout, and istiod's (namespace-less) series throughout;
/// - left-out namespaces (``CalibrationSource/leftOutNamespaces``) and every other revision
///   have no series.
///
/// A series without samples in the asked range is not returned.
public struct CalibrationView: MetricData {
  /// The baseline's data.
  public let source: CalibrationSource
  /// The draw.
  public let split: CalibrationSplit
  /// The pseudo canary revision's name.
  public let canary: String

  /// Creates the view of one draw.
  public init(source: CalibrationSource, split: CalibrationSplit, canary: String) {
    self.source = source
    self.split = split
    self.canary = canary
  }

  /// Which part of a series a revision sees: all of it, the part before the move, the part
  /// from the move on, or none.
  enum Part: Equatable {
    case whole, beforeMove, fromMove, none
  }

  /// The part of a series of `namespace` that `revision` sees.
  func part(namespace: String?, revision: String) -> Part {
    guard source.takesPart(namespace) else { return .none }
    let moved = namespace.map { split.moved.contains($0) } ?? false
    switch revision {
    case source.revision: return moved ? .beforeMove : .whole
    case canary: return moved ? .fromMove : .none
    default: return .none
    }
  }

  /// The part of each selected baseline series that `revision` sees, with `after < t <= upTo`.
  public func samples(matching selector: Selector, revision: String, after: Int64, upTo: Int64)
    throws -> [SeriesSamples]
  {
    var result: [SeriesSamples] = []
    for series in try source.series(named: selector.metric) where selector.matches(series.labels) {
      var lower = after
      var upper = upTo
      switch part(namespace: CalibrationSplit.namespace(of: series.labels), revision: revision) {
      case .none: continue
      case .whole: break
      case .beforeMove: upper = min(upper, split.moveTime - 1)
      case .fromMove: lower = max(lower, split.moveTime - 1)
      }
      let start = Self.firstIndex(series.timestamps) { $0 > lower }
      let end = Self.firstIndex(series.timestamps) { $0 > upper }
      guard start < end else { continue }
      result.append(
        SeriesSamples(
          labels: series.labels, timestamps: Array(series.timestamps[start..<end]),
          values: Array(series.values[start..<end])))
    }
    return result
  }

  /// First and last sample time of the pseudo canary (as `canary analyze` takes its default
  /// window from the canary's data), over the series of the configuration's metrics; nil
  /// when it has none.
  public func canaryRange() throws -> TimeWindow? {
    var first: Int64?
    var last: Int64?
    for metric in source.configuration.metrics {
      let selector = CalibrationSource.primary(of: metric)
      for series in try samples(
        matching: selector, revision: canary, after: Int64.min, upTo: Int64.max)
      {
        guard let low = series.timestamps.first, let high = series.timestamps.last else {
          continue
        }
        first = min(first ?? low, low)
        last = max(last ?? high, high)
      }
    }
    guard let first, let last else { return nil }
    return try TimeWindow(from: first, to: max(last, first + 1))
  }

  /// The first index of increasing `values` where `predicate` holds (it holds from there on),
  /// or the count.
  static func firstIndex(_ values: [Int64], where predicate: (Int64) -> Bool) -> Int {
    var low = 0
    var high = values.count
    while low < high {
      let middle = (low + high) / 2
      if predicate(values[middle]) { high = middle } else { low = middle + 1 }
    }
    return low
  }
}
