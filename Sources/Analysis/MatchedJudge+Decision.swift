import Foundation
import Statistics

/// How a combined log ratio becomes a classification and a tolerance check, by horizon.
///
/// - `fixed`: `high` when the (1 − alpha) interval lies above 0 and the ratio exceeds the
///   allowance (SPEC.md's rule for a shift), `low` likewise below.
/// - `anytime`: `high` when the confidence sequence lies wholly above the allowance — the
///   e-value against "no more than allowed" has crossed 1/alpha — `low` likewise below.
/// In both, the tolerance check asks whether the interval's harmful end lies within the
/// allowance (what a promotion needs of a critical metric).
struct ChangeRule {
  let metric: MetricSpecification
  let horizon: Horizon
  let alpha: Double

  /// An absolute allowance on a share (errors per request): a rise of `share · (ratio − 1)`
  /// up to `allowed` is tolerated whatever the ratio.
  struct AbsoluteFloor {
    var share: Double
    var allowed: Double

    func tolerates(ratio: Double) -> Bool { share * (ratio - 1) <= allowed }
  }

  /// What the canary's compared workloads carried: minutes after warm-up and requests/s.
  struct Traffic {
    var minutes: Double
    var requestsPerSecond: Double?
  }

  var harmsWhenHigher: Bool { metric.direction != .decrease }
  var harmsWhenLower: Bool { metric.direction != .increase }

  /// The classification of `e` against the allowances `up` (ratio ≥ 1) and `down` (≤ 1).
  func classify(_ e: LogRatioEstimate, up: Double, down: Double, floor: AbsoluteFloor?)
    -> Classification
  {
    switch horizon {
    case .fixed:
      if e.low > 0 && e.ratio > up && harmsWhenHigher
        && !(floor?.tolerates(ratio: e.ratio) ?? false)
      {
        return .high
      }
      if e.high < 0 && e.ratio < down && harmsWhenLower { return .low }
    case .anytime:
      if e.low > log(up) && harmsWhenHigher && !(floor?.tolerates(ratio: e.ratioLow) ?? false) {
        return .high
      }
      if e.high < log(down) && harmsWhenLower { return .low }
    }
    return .pass
  }

  /// Whether `e`'s interval excludes a harmful change beyond `up`/`down` (and `floor`), with
  /// the anytime e-value and, for counts (`scales`), how many more minutes would settle it.
  func tolerance(
    _ e: LogRatioEstimate, up: Double, down: Double, floor: AbsoluteFloor?, scales: Bool,
    traffic: Traffic
  ) -> ToleranceCheck {
    var check = ToleranceCheck(
      allowed: up, bound: nil, inside: true, horizon: horizon,
      canaryRequestsPerSecond: traffic.requestsPerSecond)
    var target: Double?
    if harmsWhenHigher {
      check.bound = e.ratioHigh
      check.inside = e.high <= log(up) || (floor?.tolerates(ratio: e.ratioHigh) ?? false)
      if !check.inside {
        let floorTarget = floor.map { log(1 + $0.allowed / max($0.share, .leastNonzeroMagnitude)) }
        target = max(log(up), floorTarget ?? -.infinity) - e.estimate
      }
    }
    if harmsWhenLower && (check.inside || !harmsWhenHigher) {
      let inside = e.low >= log(down)
      if !inside || !harmsWhenHigher {
        check.allowed = down
        check.bound = e.ratioLow
      }
      if !inside { target = e.estimate - log(down) }
      check.inside = check.inside && inside
    }
    if horizon == .anytime {
      var evidence = 0.0
      if harmsWhenHigher { evidence = max(evidence, (try? e.eValueAbove(null: log(up))) ?? 0) }
      if harmsWhenLower { evidence = max(evidence, (try? e.eValueBelow(null: log(down))) ?? 0) }
      check.eValue = evidence
      check.threshold = 1 / alpha
    }
    if !check.inside, scales, let target, target > 0, traffic.minutes > 0 {
      let width = e.high - e.low
      let needed = 2 * target
      let factor = (width / needed) * (width / needed)
      check.moreMinutes = max(0, (factor - 1) * traffic.minutes)
    }
    return check
  }
}

extension MatchedJudge {
  /// The rule of this comparison.
  var rule: ChangeRule { ChangeRule(metric: metric, horizon: horizon, alpha: alpha) }

  /// The canary's minutes after warm-up and, for request metrics, its requests per second
  /// over the compared workloads.
  func traffic() -> ChangeRule.Traffic {
    let steps = plan.compared.map(\.after.count).max() ?? 0
    let minutes = Double(steps) * Double(step) / 60_000
    switch metric.query {
    case .ratio, .quantile:
      let requests = plan.compared.reduce(0.0) {
        $0 + (canary.total($1.unit, at: $1.after)?.denominator ?? 0)
      }
      return ChangeRule.Traffic(
        minutes: minutes, requestsPerSecond: minutes > 0 ? requests / (minutes * 60) : nil)
    case .rate, .gauge:
      return ChangeRule.Traffic(minutes: minutes, requestsPerSecond: nil)
    }
  }
}
