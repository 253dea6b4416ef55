import Foundation
import Statistics

/// istiod's metrics (no workloads: the two control planes as wholes) under the anytime
/// horizon: the per-step log ratio canary/baseline at the steps both have, averaged over
/// blocks of ``blockSteps`` consecutive steps (minutes are autocorrelated; block means much
/// less so), and the blocks' mean with a one-sample t, turned into a confidence sequence.
/// The pooled rank test of a fixed horizon would not stay valid over repeated looks.
enum RevisionLevelAnytime {
  /// Steps per block (VERDICT.md §4: block means of 5 steps).
  static let blockSteps = 5
  /// Blocks needed: fewer leave the t interval too wide to say anything (3 degrees of freedom).
  static let minimumBlocks = 4

  /// The judgement of `metric` on the two revisions' per-step values.
  static func judge(
    _ metric: MetricSpecification, baseline: [(Int64, Double)], canary: [(Int64, Double)],
    alpha: Double, minIntervals: Int
  ) -> (Judge.Judgement, ToleranceCheck?) {
    let base = Dictionary(baseline, uniquingKeysWith: { first, _ in first })
    let changes = canary.compactMap { end, value -> Double? in
      guard let before = base[end], before > 0, value > 0 else { return nil }
      return log(value / before)
    }
    guard changes.count >= minIntervals,
      let blocks = try? BatchMeans.means(changes, blockLength: blockSteps),
      blocks.count >= minimumBlocks
    else {
      return (
        Judge.Judgement(
          classification: .nodata,
          reason:
            "\(changes.count) steps with values on both revisions; the anytime comparison needs "
            + "\(max(minIntervals, minimumBlocks * blockSteps))"),
        nil
      )
    }
    let rule = ChangeRule(metric: metric, horizon: .anytime, alpha: alpha)
    do {
      let estimate = try LogRatioEstimate.unitDifference(
        moved: blocks, controls: [], alpha: alpha, horizon: .anytime)
      let classification = rule.classify(
        estimate, up: metric.allowedIncrease, down: metric.allowedDecrease, floor: nil)
      let change =
        "\(Figures.percent(estimate.ratio - 1)) (\(Figures.percent(estimate.ratioLow - 1))..\(Figures.percent(estimate.ratioHigh - 1))) over \(blocks.count) blocks of \(blockSteps) steps"
      let reason: String
      switch classification {
      case .high: reason = "\(change), above the allowed \(Judge.allowance(metric.allowedIncrease))"
      case .low: reason = "\(change), below the allowed \(Judge.allowance(metric.allowedDecrease))"
      default: reason = "\(change): no change beyond the allowance shown"
      }
      let judgement = Judge.Judgement(
        classification: classification, reason: reason, statistic: estimate.statistic,
        pValue: estimate.pValue,
        effect: MetricResult.Effect(
          estimate: estimate.ratio, ciLow: estimate.ratioLow, ciHigh: estimate.ratioHigh,
          ratio: estimate.ratio))
      let check = rule.tolerance(
        estimate, up: metric.allowedIncrease, down: metric.allowedDecrease, floor: nil,
        scales: false, traffic: ChangeRule.Traffic(minutes: 0, requestsPerSecond: nil))
      return (judgement, check)
    } catch {
      return (
        Judge.Judgement(classification: .nodata, reason: "cannot be compared: \(error)"), nil
      )
    }
  }
}
