import Statistics

/// Many metrics, one error rate (VERDICT.md §4): the non-critical compared metrics form one
/// family whose p-values are adjusted by Holm's step-down method (`statsmodels`
/// `multipletests(method="holm")`); a metric of the family found high or low passes when its
/// adjusted p-value is not below alpha. Critical metrics and thresholds are vetoes outside the
/// family, each at its own alpha.
enum FamilyPolicy {
  /// `results` with the family's failures that do not survive the adjustment passed, and
  /// their reasons saying so.
  static func apply(_ results: [MetricResult], alpha: Double) -> [MetricResult] {
    let family = results.indices.filter { index in
      let result = results[index]
      return !result.critical && result.test != .threshold && result.pValue != nil
        && result.classification != .nodata && result.classification != .error
    }
    guard family.count > 1,
      let adjusted = try? PValueAdjustment.holm(family.map { results[$0].pValue ?? 1 })
    else { return results }
    var out = results
    for (index, p) in zip(family, adjusted) {
      guard [.high, .low].contains(out[index].classification), p >= alpha else { continue }
      out[index].classification = .pass
      out[index].reason +=
        " — but not significant after Holm's adjustment across the \(family.count) "
        + "non-critical metrics (adjusted p=\(Figures.pValue(p)))"
    }
    return out
  }
}
