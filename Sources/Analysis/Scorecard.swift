import Foundation

/// Turns the metrics' classifications into a score and a verdict.
///
/// Score, as Kayenta scores: metrics are grouped (`group`, else each metric alone); a group's
/// score is the share of its judged metrics (not nodata or error) that pass; the total is the
/// weighted mean of the groups that have a judged metric, 0-100. Verdict, first rule that applies:
/// a failing critical metric or threshold → rollback; no judged metric → inconclusive; a
/// critical metric without data (or in error), or one whose interval cannot yet exclude a
/// harmful change beyond its allowance (``ToleranceCheck``) → inconclusive, as the evidence
/// that matters most is missing; score ≥ pass → promote; score < marginal → rollback; else inconclusive.
struct Scorecard {
  let configuration: AnalysisConfiguration
  let results: [MetricResult]

  /// The verdict, score and reasons.
  struct Decision {
    var verdict: Verdict
    var score: Double?
    var reasons: [String]
  }

  /// What the classifications add up to, before the verdict rules.
  struct Tally {
    /// Failed thresholds and critical metrics: each one means rollback.
    var blockers: [String] = []
    /// Critical metrics without a verdict.
    var missingCritical: [String] = []
    /// Critical metrics that pass but whose interval still reaches beyond the allowance.
    var undecidedCritical: [String] = []
    /// Failed non-critical metrics.
    var failures: [String] = []
    /// The exact weighted score, nil when no metric was judged.
    var score: Double?
  }

  func decision() -> Decision {
    let tally = self.tally()
    // The verdict compares the exact score (94.96 is not a pass at 95); reports show it rounded.
    let score = tally.score.map { ($0 * 10).rounded() / 10 }
    let scoring = configuration.scoring
    let scoreText = score.map { String(format: "%.1f", $0) } ?? "-"
    if !tally.blockers.isEmpty {
      return Decision(verdict: .rollback, score: score, reasons: tally.blockers + tally.failures)
    }
    guard let score, let exact = tally.score else {
      return Decision(
        verdict: .inconclusive, score: nil,
        reasons: [
          "no metric has enough data to judge (need \(configuration.minIntervals) steps on each side)"
        ])
    }
    if !tally.missingCritical.isEmpty || !tally.undecidedCritical.isEmpty {
      return Decision(
        verdict: .inconclusive, score: score,
        reasons: tally.missingCritical + tally.undecidedCritical + tally.failures)
    }
    if exact >= scoring.pass {
      return Decision(
        verdict: .promote, score: score,
        reasons: ["score \(scoreText) meets the pass threshold \(format(scoring.pass))"]
          + tally.failures)
    }
    if exact < scoring.marginal {
      return Decision(
        verdict: .rollback, score: score,
        reasons: ["score \(scoreText) is below the marginal threshold \(format(scoring.marginal))"]
          + tally.failures)
    }
    return Decision(
      verdict: .inconclusive, score: score,
      reasons: [
        "score \(scoreText) is between the marginal threshold \(format(scoring.marginal)) and the pass threshold \(format(scoring.pass))"
      ] + tally.failures)
  }

  /// Groups, weights and failures of the results.
  private func tally() -> Tally {
    let specifications = Dictionary(
      configuration.metrics.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    var groups: [String: (weight: Double, judged: Int, passed: Int)] = [:]
    var order: [String] = []
    var tally = Tally()
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
          tally.blockers.append("threshold \(result.name) failed: \(result.reason)")
        } else if metric.critical {
          tally.blockers.append("critical metric \(result.name) failed: \(result.reason)")
        } else {
          tally.failures.append("\(result.name): \(result.reason)")
        }
      } else if !judged && metric.critical {
        tally.missingCritical.append(
          "critical metric \(result.name) has no verdict: \(result.reason)")
      } else if metric.critical, let check = result.tolerance, !check.inside {
        tally.undecidedCritical.append("critical metric \(result.name) \(check.missing)")
      }
    }
    var weighted = 0.0
    var weights = 0.0
    for name in order {
      guard let group = groups[name], group.judged > 0 else { continue }
      weighted += group.weight * Double(group.passed) / Double(group.judged)
      weights += group.weight
    }
    tally.score = weights > 0 ? weighted / weights * 100 : nil
    return tally
  }

  private func format(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }
}
