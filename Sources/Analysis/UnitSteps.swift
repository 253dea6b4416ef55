import MetricModel

/// A metric's per-step observations for one revision, kept apart by unit (workload): what
/// matched comparisons are made of.
///
/// Each observation holds the parts a value is made of, so that periods can be added up
/// before a ratio is taken (errors over requests, latency sum over count) rather than
/// averaging per-step ratios:
/// - `ratio`: `numerator` = increase of the numerator counter, `denominator` = of the
///   denominator (steps where it is 0 are absent);
/// - `quantile`: `buckets` = increase per bucket bound (``bounds``), `numerator` = increase
///   of `_sum`, `denominator` = of `_count`;
/// - `rate`: `numerator` = increase per second, `denominator` = the summed `per` gauge (1
///   without one; steps where it is 0 are absent);
/// - `gauge`: `numerator` = the aggregate of the unit's series' step averages, `denominator` 1.
struct UnitSteps: Sendable {
  /// One unit at one step end.
  struct Observation: Sendable, Equatable {
    var numerator = 0.0
    var denominator = 0.0
    var buckets: [Double] = []
  }

  /// Histogram bucket bounds, increasing (quantile metrics only).
  var bounds: [Double] = []
  /// Unit → step end → observation. Series without a unit are filed under ``revisionUnit``.
  var units: [String: [Int64: Observation]] = [:]

  /// The key of series that name no workload (istiod's metrics): the revision as a whole.
  static let revisionUnit = ""

  /// Units in name order.
  var names: [String] { units.keys.sorted() }

  /// Whether every series lacked a unit.
  var isRevisionLevel: Bool { units.keys.allSatisfy { $0 == Self.revisionUnit } }

  /// The value one observation stands for: the ratio, the interpolated quantile `q`, the
  /// per-proxy rate or the gauge.
  func value(_ observation: Observation, kind: MetricKind, quantile q: Double?) -> Double? {
    switch kind {
    case .ratio, .rate:
      guard observation.denominator != 0 else { return nil }
      return observation.numerator / observation.denominator
    case .gauge:
      return observation.numerator
    case .quantile:
      guard let q, !observation.buckets.isEmpty else { return nil }
      return PromQLFunctions.histogramQuantile(
        q, buckets: zip(bounds, observation.buckets).map { (bound: $0, count: $1) })
    }
  }

  /// The observations of `unit` at `ends`, added up (buckets bound by bound).
  func total(_ unit: String, at ends: [Int64]) -> Observation? {
    guard let steps = units[unit] else { return nil }
    var sum = Observation(buckets: Array(repeating: 0, count: bounds.count))
    var found = false
    for end in ends {
      guard let step = steps[end] else { continue }
      found = true
      sum.numerator += step.numerator
      sum.denominator += step.denominator
      for index in step.buckets.indices where index < sum.buckets.count {
        sum.buckets[index] += step.buckets[index]
      }
    }
    return found ? sum : nil
  }

  /// Step ends at which `unit` has an observation, increasing.
  func ends(of unit: String) -> [Int64] {
    (units[unit] ?? [:]).keys.sorted()
  }
}

extension UnitSteps {
  /// Per-unit histogram observations at `ends` from bucket increases by unit, bound and step
  /// end, and `_sum`/`_count` increases by unit and step end (raw samples and pulled parts
  /// alike); steps without any bucket increase are absent.
  static func histogram(
    byBound: [String: [Double: [Int64: Double]]], sums: [String: [Int64: Double]],
    counts: [String: [Int64: Double]], ends: [Int64]
  ) -> UnitSteps {
    var result = UnitSteps()
    result.bounds = Set(byBound.values.flatMap(\.keys)).sorted()
    for (unit, bounds) in byBound {
      var steps: [Int64: Observation] = [:]
      for end in ends {
        let buckets = result.bounds.map { bounds[$0]?[end] ?? 0 }
        guard buckets.contains(where: { $0 > 0 }) else { continue }
        steps[end] = Observation(
          numerator: sums[unit]?[end] ?? 0, denominator: counts[unit]?[end] ?? 0,
          buckets: buckets)
      }
      result.units[unit] = steps
    }
    return result
  }
}
