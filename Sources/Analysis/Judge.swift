import Foundation
import Statistics

/// Compares one metric's canary values against the baseline's, as SPEC.md defines it.
///
/// `high` when the canary is significantly higher — for Mann-Whitney the (1 - alpha) interval
/// of the Hodges-Lehmann shift lies above 0, for the other tests p < alpha with a positive
/// shift — and the ratio of means exceeds `allowedIncrease`; `low` likewise below
/// `allowedDecrease`; where the ratio does not exist (baseline mean 0) significance alone
/// decides. A change in the harmless direction passes.
struct Judge {
  let alpha: Double
  let minIntervals: Int

  /// What the judge found for one metric.
  struct Judgement {
    var classification: Classification
    var reason: String
    var statistic: Double?
    var pValue: Double?
    var effect = MetricResult.Effect.none
  }

  /// Judges `metric` on its per-step values (NaN already removed).
  func judge(_ metric: MetricSpecification, baseline: [Double], canary: [Double]) -> Judgement {
    if let threshold = metric.threshold {
      return judge(threshold: threshold, canary: canary)
    }
    guard baseline.count >= minIntervals, canary.count >= minIntervals else {
      return Judgement(
        classification: .nodata,
        reason:
          "too few values: baseline \(baseline.count), canary \(canary.count) (need \(minIntervals) each)"
      )
    }
    do {
      return try compare(metric, baseline: baseline, canary: canary)
    } catch {
      return Judgement(classification: .error, reason: "cannot be computed: \(error)")
    }
  }

  private func compare(_ metric: MetricSpecification, baseline: [Double], canary: [Double]) throws
    -> Judgement
  {
    let baselineMean = try Descriptive.mean(baseline)
    let canaryMean = try Descriptive.mean(canary)
    let ratio = baselineMean != 0 ? canaryMean / baselineMean : nil
    let hodgesLehmann = try HodgesLehmann.estimate(canary, baseline, confidence: 1 - alpha)
    var judgement = Judgement(
      classification: .pass, reason: "",
      effect: MetricResult.Effect(
        estimate: hodgesLehmann.shift, ciLow: hodgesLehmann.interval.low,
        ciHigh: hodgesLehmann.interval.high, ratio: ratio))
    let higher: Bool
    let lower: Bool
    guard case .test(let test) = metric.check else { return judgement }
    switch test {
    case .mannWhitney:
      let result = try MannWhitney.test(canary, baseline)
      (judgement.statistic, judgement.pValue) = (result.statistic, result.pValue)
      higher = hodgesLehmann.interval.low > 0
      lower = hodgesLehmann.interval.high < 0
    case .brunnerMunzel where Self.separated(baseline, canary) != 0:
      // Completely separated samples: Brunner-Munzel's variance estimate is 0 and SciPy's
      // statistic and p-value are undefined (NaN), yet no evidence of a shift is stronger.
      let side = Self.separated(baseline, canary)
      (higher, lower) = (side > 0, side < 0)
    case .welchT, .kolmogorovSmirnov, .brunnerMunzel:
      if let result = try otherTest(test, baseline: baseline, canary: canary) {
        (judgement.statistic, judgement.pValue) = (result.statistic, result.pValue)
        higher = result.pValue < alpha && hodgesLehmann.shift > 0
        lower = result.pValue < alpha && hodgesLehmann.shift < 0
      } else {
        // Both sides constant and equal: nothing changed.
        (higher, lower) = (false, false)
      }
    }
    let exceedsIncrease = ratio.map { $0 > metric.allowedIncrease } ?? true
    let exceedsDecrease = ratio.map { $0 < metric.allowedDecrease } ?? true
    let change = Self.describe(ratio: ratio, effect: judgement.effect)
    if higher && exceedsIncrease && metric.direction != .decrease {
      judgement.classification = .high
      judgement.reason = "\(change), above the allowed \(Self.allowance(metric.allowedIncrease))"
    } else if lower && exceedsDecrease && metric.direction != .increase {
      judgement.classification = .low
      judgement.reason = "\(change), below the allowed \(Self.allowance(metric.allowedDecrease))"
    } else if higher || lower {
      let harmless =
        (higher && metric.direction == .decrease) || (lower && metric.direction == .increase)
      judgement.reason =
        harmless
        ? "\(change): a change in the harmless direction"
        : "\(change), within the allowed \(Self.allowance(higher ? metric.allowedIncrease : metric.allowedDecrease))"
    } else {
      judgement.reason =
        "no significant change (\(change), p=\(Self.probability(judgement.pValue)))"
    }
    return judgement
  }

  /// +1 when every canary value exceeds every baseline value, -1 for the reverse, else 0.
  static func separated(_ baseline: [Double], _ canary: [Double]) -> Int {
    guard let baselineLow = baseline.min(), let baselineHigh = baseline.max(),
      let canaryLow = canary.min(), let canaryHigh = canary.max()
    else { return 0 }
    if canaryLow > baselineHigh { return 1 }
    if canaryHigh < baselineLow { return -1 }
    return 0
  }

  /// Welch, Kolmogorov-Smirnov or Brunner-Munzel; nil when both samples are one same constant.
  private func otherTest(_ test: StatisticalTest, baseline: [Double], canary: [Double]) throws
    -> TestResult?
  {
    let constant = Set(baseline).count == 1 && Set(canary) == Set(baseline)
    if constant { return nil }
    switch test {
    case .welchT:
      let result = try WelchT.test(canary, baseline)
      return TestResult(statistic: result.statistic, pValue: result.pValue)
    case .kolmogorovSmirnov:
      return try KolmogorovSmirnov.test(canary, baseline)
    case .brunnerMunzel:
      return try BrunnerMunzel.test(canary, baseline)
    case .mannWhitney:
      return try MannWhitney.test(canary, baseline)
    }
  }

  /// An absolute check on the canary's values alone.
  private func judge(threshold: Threshold, canary: [Double]) -> Judgement {
    let above = threshold.max.map { max in canary.filter { $0 > max } } ?? []
    let below = threshold.min.map { min in canary.filter { $0 < min } } ?? []
    if let max = threshold.max, let worst = above.max() {
      return Judgement(
        classification: .high,
        reason:
          "above the maximum \(Self.number(max)) in \(above.count) of \(canary.count) steps (highest \(Self.number(worst)))"
      )
    }
    if let min = threshold.min, let worst = below.min() {
      return Judgement(
        classification: .low,
        reason:
          "below the minimum \(Self.number(min)) in \(below.count) of \(canary.count) steps (lowest \(Self.number(worst)))"
      )
    }
    guard canary.count >= minIntervals else {
      return Judgement(
        classification: .nodata,
        reason: "too few canary values: \(canary.count) (need \(minIntervals))")
    }
    return Judgement(
      classification: .pass, reason: "within the threshold in all \(canary.count) steps")
  }

  /// "up 23% (shift +3.1, CI +1.2..+5.0)".
  static func describe(ratio: Double?, effect: MetricResult.Effect) -> String {
    var text: String
    if let ratio {
      let percent = Figures.percent(ratio - 1)
      text = ratio >= 1 ? "up " + percent.drop { $0 == "+" } : "down " + percent.dropFirst()
    } else {
      text = "baseline mean 0"
    }
    if let estimate = effect.estimate, let low = effect.ciLow, let high = effect.ciHigh {
      text += " (shift \(signed(estimate)), CI \(signed(low))..\(signed(high)))"
    }
    return text
  }

  /// A tolerated ratio as a change: `1.1` → `+10%`, `0.9` → `-10%`.
  static func allowance(_ ratio: Double) -> String {
    ratio == 1 ? "+0.0%" : Figures.percent(ratio - 1)
  }

  static func signed(_ value: Double) -> String { Figures.signed(value) }

  static func number(_ value: Double) -> String { Figures.number(value) }

  static func probability(_ value: Double?) -> String {
    value.map(Figures.pValue) ?? "-"
  }
}
