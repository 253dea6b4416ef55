import Foundation
import Statistics

/// Anytime-valid forms of a combined log ratio (VERDICT.md §5): the normal-mixture
/// confidence sequence and e-values of ``NormalMixture``, mixing over a normal prior of scale
/// ``Horizon/mixingScale``.
///
/// A t-based estimate (few workloads) is first put on the normal scale: its statistic t is
/// replaced by the z with the same tail probability, so the heavier tails of t with few
/// degrees of freedom widen the sequence rather than being ignored.
extension LogRatioEstimate {
  /// The estimate with its one-sided (1 − alpha) confidence-sequence bounds as `low`/`high`
  /// and the anytime p-value of "no change" (1 / the larger one-sided e-value, at most 1).
  static func anytime(estimate: Double, standardError: Double, df: Double?, alpha: Double)
    throws -> LogRatioEstimate
  {
    let tau = Horizon.mixingScale
    // The normal sequence's one-sided critical z at this information, then the t with the
    // same tail probability.
    let z =
      -(try NormalMixture.lowerBound(
        estimate: 0, standardError: standardError, tau: tau, alpha: alpha)) / standardError
    let critical = try df.map { try Self.tQuantile(ofZ: z, df: $0) } ?? z
    var result = LogRatioEstimate(
      estimate: estimate, standardError: standardError,
      low: estimate - critical * standardError, high: estimate + critical * standardError,
      pValue: 1, statistic: estimate / standardError, degreesOfFreedom: df, horizon: .anytime)
    let evidence = max(try result.eValueAbove(null: 0), try result.eValueBelow(null: 0))
    result.pValue = min(1, 1 / evidence)
    return result
  }

  /// The e-value that the log ratio exceeds `null` (against every value at or below it).
  func eValueAbove(null: Double) throws -> Double {
    try NormalMixture.eValueAbove(
      estimate: null + normalScore(null) * standardError, standardError: standardError,
      null: null, tau: Horizon.mixingScale)
  }

  /// The e-value that the log ratio lies below `null`.
  func eValueBelow(null: Double) throws -> Double {
    try NormalMixture.eValueBelow(
      estimate: null + normalScore(null) * standardError, standardError: standardError,
      null: null, tau: Horizon.mixingScale)
  }

  /// (estimate − null)/SE, as the normal z of equal tail probability for a t-based estimate.
  private func normalScore(_ null: Double) throws -> Double {
    let t = (estimate - null) / standardError
    guard let df = degreesOfFreedom, df.isFinite else { return t }
    let tail = try StudentT.sf(abs(t), degreesOfFreedom: df)
    guard tail > 0 else { return t }
    let z = try Normal.inverseSurvival(min(0.5, tail))
    return t < 0 ? -z : z
  }

  /// The t quantile with the upper-tail probability of z.
  private static func tQuantile(ofZ z: Double, df: Double) throws -> Double {
    try StudentT.quantile(1 - Normal.sf(z), degreesOfFreedom: df)
  }
}
