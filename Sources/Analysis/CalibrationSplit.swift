import MetricModel

/// One null draw of a calibration (VERDICT.md §6): a random part of the baseline's
/// namespaces is presented as if it had moved to a canary revision at a random time, while
/// nothing changed in the data.
///
/// The judge compares like with like per workload: a moved namespace against its own past,
/// less the change of the namespaces that stayed. A draw reproduces that design on data that
/// has no revision effect, so the share of draws that roll back is the configuration's
/// false-rollback rate on the user's own mesh.
public struct CalibrationSplit: Sendable, Equatable {
  /// The namespaces presented as moved, in name order: at least one, never all.
  public var moved: [String]
  /// The pseudo move (Unix milliseconds, a whole second): the moved namespaces' samples at or
  /// after it belong to the pseudo canary, earlier ones to the baseline.
  public var moveTime: Int64

  /// Creates a split.
  public init(moved: [String], moveTime: Int64) {
    self.moved = moved
    self.moveTime = moveTime
  }

  /// The time each side needs around the move: `minIntervals` steps, the warm-up after the
  /// move, and one step for the grid's alignment.
  public static func margin(for configuration: AnalysisConfiguration) -> Int64 {
    Int64(configuration.minIntervals + configuration.warmupSteps + 1)
      * configuration.stepMilliseconds
  }

  /// Draws a split of `namespaces` over `range` with `generator`.
  ///
  /// Half of the namespaces (rounded down, at least one) are drawn without replacement;
  /// the move time is uniform over the whole seconds that leave ``margin(for:)`` on each side
  /// of it. The draw depends only on the generator's output, never on the standard library's
  /// shuffling, so a seed gives the same split on every platform and Swift version.
  /// - Throws: ``CalibrationError/tooFewNamespaces(found:)`` with fewer than two namespaces,
  ///   ``CalibrationError/tooShort(range:needed:)`` when the range leaves no move time.
  public static func draw(
    namespaces: [String], range: TimeWindow, configuration: AnalysisConfiguration,
    using generator: inout some RandomNumberGenerator
  ) throws -> CalibrationSplit {
    let pool = Array(Set(namespaces)).sorted()
    guard pool.count >= 2 else { throw CalibrationError.tooFewNamespaces(found: pool.count) }
    let times = try moveTimes(range: range, configuration: configuration)
    var order = pool
    let count = max(1, pool.count / 2)
    // A partial Fisher-Yates shuffle: the first `count` places are a uniform sample.
    for index in 0..<count {
      let pick = index + Int(uniform(below: UInt64(order.count - index), using: &generator))
      order.swapAt(index, pick)
    }
    let second = times.lowerBound + Int64(uniform(below: UInt64(times.count), using: &generator))
    return CalibrationSplit(moved: order.prefix(count).sorted(), moveTime: second * 1000)
  }

  /// The whole seconds a move may fall on within `range`.
  static func moveTimes(range: TimeWindow, configuration: AnalysisConfiguration) throws
    -> ClosedRange<Int64>
  {
    let margin = margin(for: configuration)
    let first = ceilDiv(range.from + margin, 1000)
    let last = floorDiv(range.to - margin, 1000)
    guard first <= last else {
      throw CalibrationError.tooShort(range: range, needed: 2 * margin)
    }
    return first...last
  }

  /// A uniform integer in `0..<bound` (`bound` ≥ 1) by rejection, free of modulo bias.
  static func uniform(below bound: UInt64, using generator: inout some RandomNumberGenerator)
    -> UInt64
  {
    // Values at or above the largest multiple of `bound` would favour small results.
    let limit = UInt64.max - UInt64.max % bound
    while true {
      let value = generator.next()
      if value < limit { return value % bound }
    }
  }

  /// Whether the pseudo canary holds `namespace` at `time`.
  public func isCanary(namespace: String, at time: Int64) -> Bool {
    time >= moveTime && moved.contains(namespace)
  }

  /// The namespace of the proxy that reported a series, as ingest attributes revisions by
  /// it: the scrape's `namespace`/`kubernetes_namespace`, else the destination's or source's
  /// workload namespace by `reporter`. Nil for istiod's own series (the control plane, not a
  /// namespace that can move) and for series naming no namespace.
  public static func namespace(of labels: LabelSet) -> String? {
    if labels["app"] == "istiod" || labels["pod"]?.hasPrefix("istiod") == true { return nil }
    if let namespace = labels["namespace"] ?? labels["kubernetes_namespace"] { return namespace }
    switch labels["reporter"] {
    case "destination": return labels["destination_workload_namespace"]
    case "source": return labels["source_workload_namespace"]
    default: return nil
    }
  }

  private static func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return value % divisor < 0 ? quotient - 1 : quotient
  }

  private static func ceilDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
    -floorDiv(-value, divisor)
  }
}
