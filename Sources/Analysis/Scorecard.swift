import Foundation

/// Turns the metrics' classifications into a score and a verdict.
///
/// Score, as Kayenta scores: metrics are grouped (`group`, else each metric alone); a group's
/// score is the share of its judged metrics (not nodata or error) that pass; the total is the
/// weighted mean of the groups that have a judged metric, 0-100. Verdict, first rule that applies:
/// a failing critical metric or threshold → rollback; no judged metric → inconclusive; a
/// critical metric without data (or in error) → inconclusive, as the evidence that matters most
/// is missing; score ≥ pass → promote; score < marginal → rollback; else inconclusive.
struct Scorecard {
  let configuration: AnalysisConfiguration
  let results: [MetricResult]

  /// The verdict, score and reasons.
  struct Decision {
    var verdict: Verdict
    var score: Double?
    var reasons: [String]
  }

  func decision() -> Decision {
    let specifications = Dictionary(
      configuration.metrics.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    var groups: [String: (weight: Double, judged: Int, passed: Int)] = [:]
    var order: [String] = []
    var blockers: [String] = []
    var missingCritical: [String] = []
    var failures: [String] = []
    for result in results {
      guard let metric = specifications[result.name] else { continue }
      let judged = result.classification != .nodata && result.classification != .error
      let failed = result.classification == .high || result.classification == .low
      if groups[metric.scoringGroup] == nil {
        order.append(metric.scoringGroup)
        groups[metric.scoringGroup] = (metric.weight, 0, 0)
      }
      if judged {
        groups[metric.scoringGroup]?.judged += 1
        if !failed { groups[metric.scoringGroup]?.passed += 1 }
      }
      if failed {
        if metric.threshold != nil {
          blockers.append("threshold \(result.name) failed: \(result.reason)")
        } else if metric.critical {
          blockers.append("critical metric \(result.name) failed: \(result.reason)")
        } else {
          failures.append("\(result.name): \(result.reason)")
        }
      } else if !judged && metric.critical {
        missingCritical.append("critical metric \(result.name) has no verdict: \(result.reason)")
      }
    }
    var weighted = 0.0
    var weights = 0.0
    for name in order {
      guard let group = groups[name], group.judged > 0 else { continue }
      weighted += group.weight * Double(group.passed) / Double(group.judged)
      weights += group.weight
    }
    // The verdict compares the exact score (94.96 is not a pass at 95); reports show it rounded.
    let exact = weights > 0 ? weighted / weights * 100 : nil
    let score = exact.map { ($0 * 10).rounded() / 10 }
    let scoring = configuration.scoring
    let scoreText = score.map { String(format: "%.1f", $0) } ?? "-"
    if !blockers.isEmpty {
      return Decision(verdict: .rollback, score: score, reasons: blockers + failures)
    }
    guard let score, let exact else {
      return Decision(
        verdict: .inconclusive, score: nil,
        reasons: [
          "no metric has enough data to judge (need \(configuration.minIntervals) steps on each side)"
        ])
    }
    if !missingCritical.isEmpty {
      return Decision(verdict: .inconclusive, score: score, reasons: missingCritical + failures)
    }
    if exact >= scoring.pass {
      return Decision(
        verdict: .promote, score: score,
        reasons: ["score \(scoreText) meets the pass threshold \(format(scoring.pass))"] + failures)
    }
    if exact < scoring.marginal {
      return Decision(
        verdict: .rollback, score: score,
        reasons: ["score \(scoreText) is below the marginal threshold \(format(scoring.marginal))"]
          + failures)
    }
    return Decision(
      verdict: .inconclusive, score: score,
      reasons: [
        "score \(scoreText) is between the marginal threshold \(format(scoring.marginal)) and the pass threshold \(format(scoring.pass))"
      ] + failures)
  }

  private func format(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }
}
