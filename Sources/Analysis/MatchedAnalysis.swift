import Foundation
import MetricModel

/// The matched side of an analysis: per-workload data of both revisions, the plan of each
/// metric, and the mix of workloads on each side.
struct MatchedAnalysis {
  let data: any MetricData
  let cache: DerivationCache
  let request: AnalysisRequest
  let canaryWindow: TimeWindow
  /// The explicit baseline window, if any.
  let baselineWindow: TimeWindow?

  /// Where a metric's comparison goes.
  enum Route {
    /// Judged on matched workloads.
    case matched(MetricResult)
    /// The metric's series name no workload (istiod's): revision against revision.
    case revisionLevel
    /// Nothing could be matched; why.
    case unmatched(String)
    /// Moved workloads with a past, not yet enough steps after their move: nodata, why.
    case waiting(String)
  }

  private var configuration: AnalysisConfiguration { request.configuration }
  private var step: Int64 { configuration.stepMilliseconds }

  /// The baseline's grid: its explicit window and the canary's, or an equally long period
  /// before the canary's window (for before-after) and the canary's own.
  var baselineGrid: StepGrid {
    let warmup = Int64(configuration.warmupSteps) * step
    if request.baseline == request.canary {
      // One revision over two windows: the baseline side is only the earlier one.
      let window = baselineWindow
      return StepGrid(
        from: window?.from ?? canaryWindow.from - canaryWindow.duration,
        to: window?.to ?? canaryWindow.from, step: step)
    }
    let from = min(
      baselineWindow?.from ?? canaryWindow.from - canaryWindow.duration - warmup,
      canaryWindow.from)
    let to = max(baselineWindow?.to ?? canaryWindow.to, canaryWindow.to)
    return StepGrid(from: from, to: to, step: step)
  }

  var canaryGrid: StepGrid { StepGrid(window: canaryWindow, step: step) }

  /// Both revisions' per-workload steps of `metric`.
  func steps(for metric: MetricSpecification) throws -> (baseline: UnitSteps, canary: UnitSteps) {
    let baseline = UnitDeriver(
      data: data, grid: baselineGrid, revision: request.baseline, rule: metric.unit, cache: cache)
    let canary = UnitDeriver(
      data: data, grid: canaryGrid, revision: request.canary, rule: metric.unit, cache: cache)
    return (try baseline.steps(for: metric), try canary.steps(for: metric))
  }

  /// The route of `metric` under `design` (not `pooled`).
  func route(for metric: MetricSpecification, design: Design) throws -> Route {
    // Values a remote server computed per revision only (istiod's, or an older pull): no
    // workloads to match. With per-workload parts pulled, UnitDeriver takes those.
    if request.pulled.hasValues(metric: metric.name),
      !request.pulled.units.covers(metric: metric.name)
    {
      guard UnitQueries.isRevisionLevel(metric) else {
        return .unmatched("values pulled per revision")
      }
      return request.pulled.hasFiniteValues(metric: metric.name)
        ? .revisionLevel : .unmatched("no data")
    }
    let (baseline, canary) = try steps(for: metric)
    if canary.units.isEmpty && baseline.units.isEmpty { return .unmatched("no data") }
    if canary.isRevisionLevel && baseline.isRevisionLevel { return .revisionLevel }
    // One revision over two windows has no concurrent pairs: its units are their own past.
    let effective = design == .auto && request.baseline == request.canary ? .beforeAfter : design
    let plan = UnitPlan.make(
      effective, baseline: baseline, canary: canary, step: step,
      warmup: configuration.warmupSteps, minIntervals: configuration.minIntervals,
      baselineWindow: baselineWindow)
    guard !plan.compared.isEmpty else {
      let why = plan.missing ?? "nothing matched"
      return plan.waiting ? .waiting(why) : .unmatched(why)
    }
    let outcome = MatchedJudge(
      metric: metric, plan: plan, baseline: baseline, canary: canary,
      alpha: configuration.alpha, step: step, warmup: configuration.warmupSteps,
      horizon: request.horizon
    ).judge()
    var result = Analyzer.result(
      metric, judgement: outcome.judgement, test: outcome.test,
      baseline: pooled(baseline, metric, plan.compared.map { ($0.unit, $0.before) }),
      canary: pooled(canary, metric, plan.compared.map { ($0.unit, $0.after) }))
    result.design = plan.design
    result.matched = true
    result.evidence = outcome.evidence
    result.tolerance = outcome.tolerance
    result.units = outcome.units.sorted { abs(log($0.ratio ?? 1)) > abs(log($1.ratio ?? 1)) }
    result.unitValues = unitValues(baseline, canary, metric, plan)
    return .matched(result)
  }

  /// The compared workloads' values summed step by step (averaged for gauges), for charts
  /// and summaries.
  func pooled(_ side: UnitSteps, _ metric: MetricSpecification, _ periods: [(String, [Int64])])
    -> [(Int64, Double)]
  {
    var totals: [Int64: (UnitSteps.Observation, Int)] = [:]
    for (unit, ends) in periods {
      for end in ends {
        guard let observation = side.units[unit]?[end] else { continue }
        var entry =
          totals[end] ?? (
            UnitSteps.Observation(buckets: Array(repeating: 0, count: side.bounds.count)), 0
          )
        entry.0.numerator += observation.numerator
        entry.0.denominator += observation.denominator
        for index in observation.buckets.indices where index < entry.0.buckets.count {
          entry.0.buckets[index] += observation.buckets[index]
        }
        entry.1 += 1
        totals[end] = entry
      }
    }
    var quantile: Double?
    if case .quantile(_, let q) = metric.query { quantile = q }
    return totals.keys.sorted().compactMap { end in
      guard let (total, count) = totals[end],
        let value = side.value(total, kind: metric.kind, quantile: quantile)
      else { return nil }
      let result = metric.kind == .gauge ? value / Double(count) : value
      return result.isFinite ? (end, result) : nil
    }
  }

  /// The mix of workloads on each side in the canary's window, in words, when the sides
  /// differ ("canary: 2 namespaces, 6 workloads, 11% of requests; baseline: 6 namespaces, 18
  /// workloads, 89%"), from the first `ratio` metric (requests); a note on unmatched metrics
  /// follows when there are any.
  func mixDiagnostic(results: [MetricResult]) throws -> [String] {
    var lines: [String] = []
    if let requests = configuration.metrics.first(where: { $0.kind == .ratio }) {
      // The baseline's wider grid is the one its metric was derived on (cached); only the
      // canary window's steps are counted.
      var baseline = try UnitDeriver(
        data: data, grid: baselineGrid, revision: request.baseline, rule: requests.unit,
        cache: cache
      ).steps(for: requests)
      let window = Set(canaryGrid.ends)
      baseline.units = baseline.units.mapValues { $0.filter { window.contains($0.key) } }
        .filter { !$0.value.isEmpty }
      let canary = try UnitDeriver(
        data: data, grid: canaryGrid, revision: request.canary, rule: requests.unit,
        cache: cache
      ).steps(for: requests)
      func volume(_ side: UnitSteps) -> Double {
        side.units.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.denominator } }
      }
      func describe(_ side: UnitSteps, _ share: Double) -> String {
        let units = side.names.filter { $0 != UnitSteps.revisionUnit }
        let namespaces = Set(units.map { $0.split(separator: "/").first.map(String.init) ?? $0 })
        return "\(namespaces.count) namespace\(namespaces.count == 1 ? "" : "s"), "
          + "\(units.count) workload\(units.count == 1 ? "" : "s"), "
          + "\(Figures.number((share * 100).rounded()))% of requests"
      }
      let total = volume(baseline) + volume(canary)
      if total > 0, Set(baseline.names) != Set(canary.names) {
        lines.append(
          "mix in the canary window: canary \(describe(canary, volume(canary) / total)); "
            + "baseline \(describe(baseline, volume(baseline) / total))")
      }
    }
    let unmatched = results.filter { $0.matched == false && $0.classification != .nodata }
      .map(\.name)
    if !unmatched.isEmpty {
      lines.append(
        "not matched (the sides hold different workloads): " + unmatched.joined(separator: ", "))
    }
    return lines
  }

  /// Each compared workload's own per-step values, before (baseline) and after (canary).
  func unitValues(
    _ baseline: UnitSteps, _ canary: UnitSteps, _ metric: MetricSpecification, _ plan: UnitPlan
  ) -> [UnitStepValue] {
    var values: [UnitStepValue] = []
    for entry in plan.compared {
      for (side, steps, ends) in [
        (Side.baseline, baseline, entry.before), (.canary, canary, entry.after),
      ] {
        for (time, value) in pooled(steps, metric, [(entry.unit, ends)]) {
          values.append(UnitStepValue(unit: entry.unit, side: side, time: time, value: value))
        }
      }
    }
    return values
  }
}
