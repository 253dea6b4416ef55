import Foundation
import MetricModel
import Statistics

/// Judges one metric on a ``UnitPlan``: per-workload periods, combined into one effect.
///
/// - `ratio` metrics (errors over requests) are counts: per workload the log rate ratio (after
///   against before, or canary against baseline) with its Poisson variance, combined as a
///   random-effects mean whose between-workload variance τ² comes from the controls, less the
///   controls' own combined ratio over the same periods (a difference-in-differences on the
///   log scale, variances added). A side without any event is tested exactly (conditional
///   binomial).
/// - `quantile` metrics are judged twice, on the exact mean latency (`_sum`/`_count`) and on
///   the interpolated quantile of the period's summed buckets (bucket-limited); either failing
///   fails the metric.
/// - `rate` and `gauge` metrics: the per-workload log change of the period means.
/// Values are compared per workload (log of after over before), moved against controls; see
/// ``LogRatioEstimate/unitDifference(moved:controls:alpha:)``.
struct MatchedJudge {
  let metric: MetricSpecification
  let plan: UnitPlan
  let baseline: UnitSteps
  let canary: UnitSteps
  let alpha: Double
  let step: Int64
  let warmup: Int
  /// Fixed-horizon intervals, or anytime confidence sequences (``Horizon``).
  var horizon: Horizon = .fixed

  /// What the comparison found.
  struct Outcome {
    var judgement: Judge.Judgement
    var test: AppliedTest
    var evidence: MatchedEvidence
    var units: [UnitResult]
    /// Whether the interval excludes a harmful change beyond the allowance.
    var tolerance: ToleranceCheck?
  }

  func judge() -> Outcome {
    var evidence = MatchedEvidence(
      comparedUnits: plan.compared.count, controlUnits: plan.controls.count,
      warmupSteps: plan.design == .beforeAfter ? warmup : 0)
    do {
      switch metric.query {
      case .ratio:
        return try counts(&evidence)
      case .quantile(_, let q):
        return try latency(q, &evidence)
      case .rate, .gauge:
        let (estimate, units) = try valueChange(&evidence) { side, unit, ends in
          self.periodMean(side, unit, ends)
        }
        return finish(estimate, test: .welchUnits, evidence: evidence, units: units, what: "")
      }
    } catch {
      return Outcome(
        judgement: Judge.Judgement(
          classification: .nodata, reason: "cannot be compared: \(error)"),
        test: .welchUnits, evidence: evidence, units: [])
    }
  }

  // MARK: - Values

  /// The steps' mean of per-step values of `unit` on `side` at `ends`.
  private func periodMean(_ side: UnitSteps, _ unit: String, _ ends: [Int64]) -> Double? {
    let values = ends.compactMap { end in
      side.units[unit]?[end].flatMap { side.value($0, kind: metric.kind, quantile: nil) }
    }
    guard !values.isEmpty else { return nil }
    return values.reduce(0, +) / Double(values.count)
  }

  /// Per-workload log changes of `value`, combined; units whose value is not positive on
  /// either side are left out.
  private func valueChange(
    _ evidence: inout MatchedEvidence,
    value: (UnitSteps, String, [Int64]) -> Double?
  ) throws -> (LogRatioEstimate, [UnitResult]) {
    var units: [UnitResult] = []
    var moved: [Double] = []
    var controls: [Double] = []
    for entry in plan.compared {
      let before = value(baseline, entry.unit, entry.before)
      let after = value(canary, entry.unit, entry.after)
      units.append(UnitResult(unit: entry.unit, role: .compared, before: before, after: after))
      if let before, let after, before > 0, after > 0 { moved.append(log(after / before)) }
    }
    for entry in plan.controls {
      let before = value(baseline, entry.unit, entry.before)
      let after = value(baseline, entry.unit, entry.after)
      units.append(UnitResult(unit: entry.unit, role: .control, before: before, after: after))
      if let before, let after, before > 0, after > 0 { controls.append(log(after / before)) }
    }
    evidence.comparedUnits = moved.count
    evidence.controlUnits = controls.count
    let estimate = try LogRatioEstimate.unitDifference(
      moved: moved, controls: controls, alpha: alpha, horizon: horizon)
    evidence.degreesOfFreedom = estimate.degreesOfFreedom
    return (estimate, units)
  }

  /// Quantile metrics: the exact mean and the interpolated quantile, each per workload.
  private func latency(_ q: Double, _ evidence: inout MatchedEvidence) throws -> Outcome {
    let (mean, units) = try valueChange(&evidence) { side, unit, ends in
      side.total(unit, at: ends).flatMap {
        $0.denominator > 0 ? $0.numerator / $0.denominator : nil
      }
    }
    // The interpolated quantile is reported, not judged: Istio's buckets are coarse.
    var quantileEvidence = evidence
    let quantile = try? valueChange(&quantileEvidence) { side, unit, ends in
      side.total(unit, at: ends).flatMap { side.value($0, kind: .quantile, quantile: q) }
    }
    evidence.meanRatio = mean.ratio
    evidence.quantileRatio = quantile?.0.ratio
    let byMean = finish(
      mean, test: .welchUnits, evidence: evidence, units: units, what: "mean latency (exact) ")
    let quantileText =
      quantile.map {
        "; p\(Figures.number(q * 100)) (bucket-limited, not judged) \(Figures.percent($0.0.ratio - 1))"
      } ?? ""
    guard var byTail = try tail(q, &evidence) else {
      var only = byMean
      only.judgement.reason += quantileText
      return only
    }
    byTail.evidence = evidence
    byTail.units = units
    let failed: (Outcome) -> Bool = { [.high, .low].contains($0.judgement.classification) }
    var chosen = failed(byMean) || !failed(byTail) ? byMean : byTail
    chosen.evidence = evidence
    // Promotion needs the exact mean to exclude a slowdown beyond the allowance. The tail
    // test rolls back, but its allowance rests on an assumed spread (``latencySigma``) and its
    // few slow requests leave the interval wide for small workloads: it does not gate.
    chosen.tolerance = byMean.tolerance
    let other = failed(byMean) || !failed(byTail) ? byTail : byMean
    chosen.judgement.reason += "; " + other.judgement.reason + quantileText
    return chosen
  }

  // MARK: - Counts

  private func counts(_ evidence: inout MatchedEvidence) throws -> Outcome {
    func stratum(_ before: UnitSteps.Observation?, _ after: UnitSteps.Observation?)
      -> RateStratum?
    {
      guard let before, let after, before.denominator > 0, after.denominator > 0 else {
        return nil
      }
      return RateStratum(
        canaryEvents: Int(after.numerator.rounded()), canaryExposure: after.denominator,
        baselineEvents: Int(before.numerator.rounded()), baselineExposure: before.denominator)
    }
    var units: [UnitResult] = []
    var moved: [RateStratum] = []
    var controls: [RateStratum] = []
    for entry in plan.compared {
      let before = baseline.total(entry.unit, at: entry.before)
      let after = canary.total(entry.unit, at: entry.after)
      units.append(
        UnitResult(
          unit: entry.unit, role: .compared, before: before.flatMap(Self.share),
          after: after.flatMap(Self.share)))
      if let s = stratum(before, after) { moved.append(s) }
    }
    for entry in plan.controls {
      let before = baseline.total(entry.unit, at: entry.before)
      let after = baseline.total(entry.unit, at: entry.after)
      units.append(
        UnitResult(
          unit: entry.unit, role: .control, before: before.flatMap(Self.share),
          after: after.flatMap(Self.share)))
      if let s = stratum(before, after) { controls.append(s) }
    }
    evidence.comparedUnits = moved.count
    evidence.controlUnits = controls.count
    evidence.canaryEvents = moved.reduce(0) { $0 + Double($1.canaryEvents) }
    evidence.canaryExposure = moved.reduce(0) { $0 + $1.canaryExposure }
    evidence.baselineEvents = moved.reduce(0) { $0 + Double($1.baselineEvents) }
    evidence.baselineExposure = moved.reduce(0) { $0 + $1.baselineExposure }
    if !controls.isEmpty {
      evidence.controlEventsBefore = controls.reduce(0) { $0 + Double($1.baselineEvents) }
      evidence.controlExposureBefore = controls.reduce(0) { $0 + $1.baselineExposure }
      evidence.controlEventsAfter = controls.reduce(0) { $0 + Double($1.canaryEvents) }
      evidence.controlExposureAfter = controls.reduce(0) { $0 + $1.canaryExposure }
    }
    guard !moved.isEmpty else {
      throw StatisticsError.tooFewObservations(
        sample: "workloads with requests", count: 0, needed: 1)
    }
    guard
      let combined = try Self.combinedRatio(
        moved: moved, controls: controls, alpha: alpha, horizon: horizon)
    else {
      return try exactCounts(moved, evidence: evidence, units: units)
    }
    evidence.dispersion = combined.widening
    evidence.heterogeneity = combined.tau2
    return finish(
      combined.estimate, test: .randomEffects, evidence: evidence, units: units, what: "",
      floor: floor(moved), scales: true)
  }

  /// A combined log rate ratio and how it was widened.
  struct CombinedRatio {
    var estimate: LogRatioEstimate
    /// τ², the between-workload variance of log rate ratios added to each workload's own.
    var tau2: Double
    /// The combined variance over the one counts alone would give (≥ 1).
    var widening: Double
  }

  /// The moved workloads' log rate ratio less the controls' (a difference-in-differences on the
  /// log scale, variances added), each side a random-effects mean of per-workload log ratios
  /// (``RandomEffects``) with the τ² of the controls (two or more with events; else of the
  /// moved workloads): a workload's own minute-to-minute variation and the spread between
  /// workloads widen the interval, and one large workload does not decide alone. Nil when the
  /// moved workloads have no events on a side (the ratio is 0 or infinite: test exactly).
  static func combinedRatio(
    moved: [RateStratum], controls: [RateStratum], alpha: Double, horizon: Horizon
  ) throws -> CombinedRatio? {
    guard moved.contains(where: { $0.canaryEvents > 0 }),
      moved.contains(where: { $0.baselineEvents > 0 })
    else { return nil }
    let movedEffects = try moved.compactMap(RandomEffects.logRateRatio)
    let controlEffects = try controls.compactMap(RandomEffects.logRateRatio)
    let source = controlEffects.count >= 2 ? controlEffects : movedEffects
    let tau2 =
      source.count >= 2
      ? try RandomEffects.derSimonianLaird(
        effects: source.map(\.effect), variances: source.map(\.variance)
      ).tau2 : 0
    let side = try RandomEffects.combine(
      effects: movedEffects.map(\.effect), variances: movedEffects.map(\.variance), tau2: tau2)
    var logRatio = side.estimate
    var variance = side.standardError * side.standardError
    var countsOnly = side.fixedStandardError * side.fixedStandardError
    if !controlEffects.isEmpty {
      let control = try RandomEffects.combine(
        effects: controlEffects.map(\.effect), variances: controlEffects.map(\.variance),
        tau2: tau2)
      logRatio -= control.estimate
      variance += control.standardError * control.standardError
      countsOnly += control.fixedStandardError * control.fixedStandardError
    }
    let estimate = try LogRatioEstimate.make(
      estimate: logRatio, standardError: variance.squareRoot(), df: nil, alpha: alpha,
      horizon: horizon)
    return CombinedRatio(estimate: estimate, tau2: tau2, widening: max(1, variance / countsOnly))
  }

  // MARK: - Tail

  /// Requests slower than the upper edge of the bucket holding each workload's baseline
  /// quantile `q`, tested as counts (exposure = requests) like errors. The tolerance is what
  /// a uniform slowdown by `allowedIncrease` would do to that tail (``allowedTailRatio``),
  /// combined across workloads weighted by their tail counts.
  private func tail(_ q: Double, _ evidence: inout MatchedEvidence) throws -> Outcome? {
    var moved: [RateStratum] = []
    var controls: [RateStratum] = []
    var allowedLog = 0.0
    var allowedWeight = 0.0
    var edges: [Double] = []
    func stratum(_ before: UnitSteps.Observation?, _ after: UnitSteps.Observation?) -> (
      RateStratum, Double, Double
    )? {
      guard let before, let after, let total = before.buckets.last, total > 0,
        let afterTotal = after.buckets.last, afterTotal > 0,
        let edge = Self.edge(bounds: baseline.bounds, buckets: before.buckets, q: q)
      else { return nil }
      let beyond = total - before.buckets[edge]
      guard beyond > 0 else { return nil }
      let bound = baseline.bounds[edge]
      let allowed = Self.allowedTailRatio(share: beyond / total, slowdown: metric.allowedIncrease)
      return (
        RateStratum(
          canaryEvents: Int((afterTotal - after.buckets[edge]).rounded()),
          canaryExposure: afterTotal, baselineEvents: Int(beyond.rounded()),
          baselineExposure: total),
        log(max(allowed, 1)), bound
      )
    }
    for entry in plan.compared {
      guard
        let (s, allowed, bound) = stratum(
          baseline.total(entry.unit, at: entry.before), canary.total(entry.unit, at: entry.after))
      else { continue }
      moved.append(s)
      allowedLog += allowed * Double(s.baselineEvents)
      allowedWeight += Double(s.baselineEvents)
      edges.append(bound)
    }
    for entry in plan.controls {
      if let (s, _, _) = stratum(
        baseline.total(entry.unit, at: entry.before), baseline.total(entry.unit, at: entry.after))
      {
        controls.append(s)
      }
    }
    guard !moved.isEmpty, allowedWeight > 0 else { return nil }
    guard
      let estimate = try Self.combinedRatio(
        moved: moved, controls: controls, alpha: alpha, horizon: horizon)?.estimate
    else {
      return nil
    }
    let allowed = exp(allowedLog / allowedWeight)
    let before =
      Double(moved.reduce(0) { $0 + $1.baselineEvents })
      / moved.reduce(0) { $0 + $1.baselineExposure }
    let after =
      Double(moved.reduce(0) { $0 + $1.canaryEvents })
      / moved.reduce(0) { $0 + $1.canaryExposure }
    evidence.tailRatio = estimate.ratio
    evidence.tailAllowedRatio = allowed
    let edgeText =
      edges.count == 1
      ? "\(Figures.number(edges[0])) " : "each workload's p\(Figures.number(q * 100)) edge "
    let change =
      "slower than \(edgeText)(bucket edge): \(Figures.number(before * 100))% → "
      + "\(Figures.number(after * 100))% of requests, ×\(Figures.number(estimate.ratio)) "
      + "(×\(Figures.number(estimate.ratioLow))..×\(Figures.number(estimate.ratioHigh)))"
    var judgement = Judge.Judgement(
      classification: .pass, reason: "", statistic: estimate.statistic, pValue: estimate.pValue,
      effect: MetricResult.Effect(
        estimate: estimate.ratio, ciLow: estimate.ratioLow, ciHigh: estimate.ratioHigh,
        ratio: estimate.ratio))
    // Only a slower tail harms: no lower allowance.
    if rule.classify(estimate, up: allowed, down: 0, floor: nil) == .high {
      judgement.classification = .high
      judgement.reason =
        "\(change), above the ×\(Figures.number(allowed)) a \(Judge.allowance(metric.allowedIncrease)) slowdown would give"
    } else {
      judgement.reason =
        "\(change), within the ×\(Figures.number(allowed)) a \(Judge.allowance(metric.allowedIncrease)) slowdown would give"
    }
    let check = rule.tolerance(
      estimate, up: allowed, down: 0, floor: nil, scales: true, traffic: traffic())
    return Outcome(
      judgement: judgement, test: .randomEffects, evidence: evidence, units: [], tolerance: check)
  }

  /// The index of the smallest finite bucket bound at or above the `q` quantile (the upper
  /// edge of the quantile's bucket), or the last finite bound when the quantile lies beyond
  /// every one.
  static func edge(bounds: [Double], buckets: [Double], q: Double) -> Int? {
    guard
      let quantile = PromQLFunctions.histogramQuantile(
        q, buckets: zip(bounds, buckets).map { (bound: $0, count: $1) }),
      quantile > 0, quantile.isFinite
    else { return nil }
    let finite = bounds.indices.filter { bounds[$0].isFinite && bounds[$0] > 0 }
    return finite.first { bounds[$0] >= quantile } ?? finite.last
  }

  /// Spread of log latency assumed for the tail tolerance: a log-normal σ typical of request
  /// latency (Istio's buckets are too coarse to estimate it per workload).
  static let latencySigma = 0.55

  /// S(z − ln k/σ)/S(z): how much a log-normal's share beyond a point grows when every
  /// request is `slowdown` times slower, z placed where the observed share beyond the edge
  /// puts it (z = Φ⁻¹(1 − share)), σ = ``latencySigma``. At the p99 (share 1%) a +10%
  /// slowdown gives ×1.55, at p90 ×1.34, at p50 ×1.14.
  static func allowedTailRatio(share: Double, slowdown: Double) -> Double {
    guard share > 0, share < 1, let z = try? Normal.quantile(1 - share) else { return slowdown }
    let tail = Normal.sf(z)
    guard tail > 0 else { return slowdown }
    return Normal.sf(z - log(slowdown) / latencySigma) / tail
  }

  /// A side with no events at all: the exact conditional test on the pooled counts (no
  /// control subtraction: a zero has no ratio to subtract from).
  private func exactCounts(
    _ strata: [RateStratum], evidence: MatchedEvidence, units: [UnitResult]
  ) throws -> Outcome {
    let result = try PoissonRateRatio.test(
      canaryEvents: strata.reduce(0) { $0 + $1.canaryEvents },
      canaryExposure: strata.reduce(0) { $0 + $1.canaryExposure },
      baselineEvents: strata.reduce(0) { $0 + $1.baselineEvents },
      baselineExposure: strata.reduce(0) { $0 + $1.baselineExposure },
      confidence: 1 - alpha)
    var low = result.interval.low
    var high = result.interval.high
    var pValue = result.pValue
    var eValue: Double?
    let up = metric.allowedIncrease
    if horizon == .anytime {
      // The conditional binomials of the workloads with a common ratio, mixed (VERDICT.md §5).
      let counted = strata.map {
        CountStratum(
          canaryEvents: $0.canaryEvents, baselineEvents: $0.baselineEvents,
          canaryShare: $0.canaryExposure / ($0.canaryExposure + $0.baselineExposure))
      }
      low = exp(try BinomialMixture.lowerBound(counted, tau: Horizon.mixingScale, alpha: alpha))
      high = exp(try BinomialMixture.upperBound(counted, tau: Horizon.mixingScale, alpha: alpha))
      let evidence = try BinomialMixture.eValueAbove(
        counted, nullLogRatio: 0, tau: Horizon.mixingScale)
      pValue = min(1, 1 / max(evidence, .leastNonzeroMagnitude))
      eValue = try BinomialMixture.eValueAbove(
        counted, nullLogRatio: log(up), tau: Horizon.mixingScale)
    }
    var judgement = Judge.Judgement(
      classification: .pass, reason: "", statistic: nil, pValue: pValue,
      effect: MetricResult.Effect(
        estimate: result.ratio, ciLow: low, ciHigh: high, ratio: result.ratio))
    let ratioText =
      result.ratio.map { $0.isFinite ? Figures.number($0) + "×" : "from none" }
      ?? "none either side"
    let interval = "\(Figures.number(low))×..\(high.isFinite ? Figures.number(high) + "×" : "∞")"
    let floor = self.floor(strata)
    let canaryShare =
      Double(strata.reduce(0) { $0 + $1.canaryEvents })
      / max(strata.reduce(0) { $0 + $1.canaryExposure }, .leastNonzeroMagnitude)
    // A zero baseline has no ratio to hold against the floor: the canary's own share is the rise.
    let withinFloor =
      floor.map { f in
        f.share > 0
          ? f.tolerates(ratio: horizon == .fixed ? (result.ratio ?? 0) : low)
          : canaryShare <= f.allowed
      } ?? false
    let significant = horizon == .fixed ? low > 1 && (result.ratio ?? 0) > up : low > up
    if significant && !withinFloor && metric.direction != .decrease {
      judgement.classification = .high
      judgement.reason =
        "errors \(ratioText) (exact, \(interval)), above the allowed \(Judge.allowance(up))"
    } else {
      judgement.reason = "errors \(ratioText) (exact, \(interval)): no harmful change shown"
    }
    let traffic = traffic()
    var check = ToleranceCheck(
      allowed: up, bound: high.isFinite ? high : nil,
      inside: high <= up || (floor.map { $0.share > 0 && $0.tolerates(ratio: high) } ?? false),
      horizon: horizon, eValue: eValue, threshold: horizon == .anytime ? 1 / alpha : nil,
      canaryRequestsPerSecond: traffic.requestsPerSecond)
    if !check.inside, high.isFinite, (result.ratio ?? 0) < up, traffic.minutes > 0 {
      // With few events the bound falls about as the canary's exposure grows.
      let target = max(
        up, floor.map { 1 + $0.allowed / max($0.share, .leastNonzeroMagnitude) } ?? up)
      check.moreMinutes = max(0, (high / target - 1) * traffic.minutes)
    }
    return Outcome(
      judgement: judgement, test: .poissonExact, evidence: evidence, units: units,
      tolerance: check)
  }

  /// A count period's share (events / exposure).
  static func share(_ observation: UnitSteps.Observation) -> Double? {
    observation.denominator > 0 ? observation.numerator / observation.denominator : nil
  }

  // MARK: - Classification

  /// Classifies a combined log ratio (``classify(_:up:down:floor:)``) and checks it against
  /// the allowances; `floor` is the absolute allowance of counted shares, `scales` whether
  /// more minutes narrow the interval (counts).
  private func finish(
    _ estimate: LogRatioEstimate, test: AppliedTest, evidence: MatchedEvidence,
    units: [UnitResult], what: String, floor: ChangeRule.AbsoluteFloor? = nil, scales: Bool = false
  ) -> Outcome {
    let ratio = estimate.ratio
    let classification = rule.classify(
      estimate, up: metric.allowedIncrease, down: metric.allowedDecrease, floor: floor)
    var judgement = Judge.Judgement(
      classification: classification, reason: "", statistic: estimate.statistic,
      pValue: estimate.pValue,
      effect: MetricResult.Effect(
        estimate: ratio, ciLow: estimate.ratioLow, ciHigh: estimate.ratioHigh, ratio: ratio))
    let change =
      "\(what)\(Figures.percent(ratio - 1)) (\(Figures.percent(estimate.ratioLow - 1))..\(Figures.percent(estimate.ratioHigh - 1)))"
    let higher = estimate.low > 0
    let lower = estimate.high < 0
    switch classification {
    case .high:
      judgement.reason = "\(change), above the allowed \(Judge.allowance(metric.allowedIncrease))"
    case .low:
      judgement.reason = "\(change), below the allowed \(Judge.allowance(metric.allowedDecrease))"
    default:
      if higher || lower {
        judgement.reason = "\(change), within the allowance or in the harmless direction"
      } else {
        judgement.reason =
          "\(change): no significant change (p=\(Figures.pValue(estimate.pValue)))"
      }
    }
    let check = rule.tolerance(
      estimate, up: metric.allowedIncrease, down: metric.allowedDecrease, floor: floor,
      scales: scales, traffic: traffic())
    return Outcome(
      judgement: judgement, test: test, evidence: evidence, units: units, tolerance: check)
  }

  /// The absolute allowance of a counted share, from the compared workloads' baseline share;
  /// nil when none is configured.
  func floor(_ strata: [RateStratum]) -> ChangeRule.AbsoluteFloor? {
    guard metric.allowedAbsoluteIncrease > 0 else { return nil }
    let exposure = strata.reduce(0) { $0 + $1.baselineExposure }
    guard exposure > 0 else { return nil }
    let share = Double(strata.reduce(0) { $0 + $1.baselineEvents }) / exposure
    return ChangeRule.AbsoluteFloor(share: share, allowed: metric.allowedAbsoluteIncrease)
  }
}
