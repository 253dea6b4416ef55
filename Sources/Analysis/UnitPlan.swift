import MetricModel

/// Which workloads a matched comparison sets against each other, and over which steps.
///
/// - `concurrent`: a workload with observations on both revisions at the same steps (at
///   least `minIntervals` of them) is compared with itself at those steps.
/// - `before-after`: a workload that has canary observations and, before its first one (its
///   move), baseline observations is compared after the move — less `warmup` steps — with an
///   equally long period just before it (bounded by the data, or by an explicit baseline
///   window); workloads that stayed on the baseline throughout are the controls, over the
///   same two periods.
struct UnitPlan: Sendable {
  /// One compared workload: its "before" (or baseline) steps and its "after" (or canary) ones.
  struct Entry: Sendable {
    var unit: String
    var before: [Int64]
    var after: [Int64]
  }

  /// The design the plan realises.
  var design: Design
  /// The workloads on the canary side of the comparison.
  var compared: [Entry]
  /// Workloads that stayed on the baseline, measured over the compared ones' periods.
  var controls: [Entry]
  /// Why no matched plan exists, when ``compared`` is empty.
  var missing: String?
  /// Whether a moved workload has a past but not yet enough steps after its move: more of the
  /// canary's time would match it (nodata for now, never a pooled comparison of the mix).
  var waiting = false

  /// Plans `design` (`auto`: the strongest that the data supports) for one metric.
  static func make(
    _ design: Design, baseline: UnitSteps, canary: UnitSteps, step: Int64, warmup: Int,
    minIntervals: Int, baselineWindow: TimeWindow?
  ) -> UnitPlan {
    if design == .concurrent || design == .auto {
      let plan = concurrent(baseline: baseline, canary: canary, minIntervals: minIntervals)
      if !plan.compared.isEmpty || design == .concurrent { return plan }
    }
    if design == .beforeAfter || design == .auto {
      return beforeAfter(
        baseline: baseline, canary: canary, step: step, warmup: warmup,
        minIntervals: minIntervals, baselineWindow: baselineWindow)
    }
    return UnitPlan(
      design: design, compared: [], controls: [],
      missing:
        "the \(design.rawValue) design is not built yet; use auto, concurrent, before-after or pooled"
    )
  }

  private static func concurrent(baseline: UnitSteps, canary: UnitSteps, minIntervals: Int)
    -> UnitPlan
  {
    var compared: [Entry] = []
    for unit in canary.names where unit != UnitSteps.revisionUnit {
      let common = Set(canary.ends(of: unit)).intersection(baseline.ends(of: unit)).sorted()
      if common.count >= minIntervals {
        compared.append(Entry(unit: unit, before: common, after: common))
      }
    }
    return UnitPlan(
      design: .concurrent, compared: compared, controls: [],
      missing: compared.isEmpty
        ? "no workload has \(minIntervals) steps on both revisions at once" : nil)
  }

  private static func beforeAfter(
    baseline: UnitSteps, canary: UnitSteps, step: Int64, warmup: Int, minIntervals: Int,
    baselineWindow: TimeWindow?
  ) -> UnitPlan {
    var compared: [Entry] = []
    var shortOfHistory: [String] = []
    var hasPast = false
    for unit in canary.names where unit != UnitSteps.revisionUnit {
      let canaryEnds = canary.ends(of: unit)
      guard let move = canaryEnds.first else { continue }
      let after = Array(canaryEnds.filter { $0 >= move + Int64(warmup) * step })
      var history = baseline.ends(of: unit).filter { $0 < move }
      if let baselineWindow {
        history = history.filter { baselineWindow.contains($0) }
      } else {
        history = Array(history.suffix(after.count))
      }
      guard after.count >= minIntervals, history.count >= minIntervals else {
        shortOfHistory.append(unit)
        if !history.isEmpty { hasPast = true }
        continue
      }
      compared.append(Entry(unit: unit, before: history, after: after))
    }
    let moved = Set(canary.names)
    let beforeEnds = Array(Set(compared.flatMap(\.before))).sorted()
    let afterEnds = Array(Set(compared.flatMap(\.after))).sorted()
    var controls: [Entry] = []
    for unit in baseline.names where unit != UnitSteps.revisionUnit && !moved.contains(unit) {
      let ends = Set(baseline.ends(of: unit))
      let before = beforeEnds.filter(ends.contains)
      let after = afterEnds.filter(ends.contains)
      if before.count >= minIntervals && after.count >= minIntervals {
        controls.append(Entry(unit: unit, before: before, after: after))
      }
    }
    var missing: String?
    if compared.isEmpty {
      missing =
        shortOfHistory.isEmpty
        ? "no canary workload has data from before its move"
        : "no moved workload has \(minIntervals) steps both before its move and after the "
          + "\(warmup)-step warm-up (\(shortOfHistory.count) moved)"
    }
    var plan = UnitPlan(
      design: .beforeAfter, compared: compared, controls: controls, missing: missing)
    plan.waiting = compared.isEmpty && hasPast
    return plan
  }
}
