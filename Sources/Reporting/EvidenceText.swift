import Analysis

/// A matched comparison in words a person reads without statistics: the design, what was
/// counted on each side, and the workloads that moved most.
public enum EvidenceText {
  /// "before-after: 5 moved workloads against their own past, 20 that stayed subtracted".
  public static func design(_ metric: MetricResult) -> String {
    guard let design = metric.design else { return "threshold on the canary alone" }
    switch design {
    case .pooled, .auto:
      return "pooled: all canary series against all baseline series, NOT matched"
    case .concurrent:
      guard let evidence = metric.evidence else {
        return "concurrent: the two control planes in the same steps"
      }
      return "concurrent: \(workloads(evidence.comparedUnits)) on both revisions at the same steps"
    case .callers:
      return "callers: canary-side callers against baseline-side callers of the same destinations"
    case .beforeAfter:
      guard let evidence = metric.evidence else {
        return "before-after: the control planes over the two windows"
      }
      var text =
        "before-after: \(workloads(evidence.comparedUnits)) after their move "
        + "(warm-up \(evidence.warmupSteps) steps dropped) against their own past"
      if evidence.controlUnits > 0 {
        text += ", less the change of \(workloads(evidence.controlUnits)) that stayed"
      }
      return text
    }
  }

  /// What was counted, e.g. "canary: 14 errors in 52,000 requests; before: 31 in 410,000;
  /// 3.6× as often (1.9×..6.7×)"; nil without matched evidence.
  public static func counted(_ metric: MetricResult) -> String? {
    guard let evidence = metric.evidence else { return nil }
    var parts: [String] = []
    if let events = evidence.canaryEvents, let exposure = evidence.canaryExposure,
      let before = evidence.baselineEvents, let beforeExposure = evidence.baselineExposure
    {
      let side = metric.design == .concurrent ? "baseline" : "before the move"
      parts.append(
        "canary: \(share(events, exposure)); \(side): \(share(before, beforeExposure))")
      if let after = evidence.controlEventsAfter, let afterExposure = evidence.controlExposureAfter,
        let first = evidence.controlEventsBefore, let firstExposure = evidence.controlExposureBefore
      {
        parts.append(
          "workloads that stayed: \(share(first, firstExposure)) before, "
            + "\(share(after, afterExposure)) after")
      }
      if let dispersion = evidence.dispersion, dispersion > 1 {
        parts.append(
          "intervals widened ×\(ReportFormatting.number(dispersion.squareRoot())) for variation "
            + "between workloads and over time"
        )
      }
    }
    if let mean = evidence.meanRatio {
      parts.append("exact mean latency \(ReportFormatting.change(ratio: mean))")
    }
    if let tail = evidence.tailRatio {
      var text = "requests beyond the quantile's bucket edge \(times(tail))"
      if let allowed = evidence.tailAllowedRatio {
        text += " (tolerated: \(times(allowed)), what the allowed slowdown would give)"
      }
      parts.append(text)
    }
    if let quantile = evidence.quantileRatio {
      parts.append(
        "interpolated quantile \(ReportFormatting.change(ratio: quantile)) (bucket-limited)")
    }
    if let ratio = metric.effect.ratio, let low = metric.effect.ciLow,
      let high = metric.effect.ciHigh
    {
      parts.append("combined \(times(ratio)) (\(times(low))..\(times(high)))")
    }
    if let tolerance = tolerance(metric) { parts.append(tolerance) }
    return parts.joined(separator: "; ")
  }

  /// Whether the interval excludes a change beyond the allowance, and under the anytime
  /// horizon the e-value against it: "anytime: evidence 0.04 of more than ×1.5 (rollback at
  /// 20)"; nil without a check.
  public static func tolerance(_ metric: MetricResult) -> String? {
    guard let check = metric.tolerance else { return nil }
    var text =
      check.inside
      ? "the interval excludes more than \(times(check.allowed))" : check.missing
    if check.horizon == .anytime, let e = check.eValue, let threshold = check.threshold {
      text +=
        "; anytime evidence of more than \(times(check.allowed)): "
        + "\(ReportFormatting.number(e)) (rollback at \(ReportFormatting.number(threshold)))"
    }
    return text
  }

  /// The workloads that changed most, "cart/checkout +31%, shop/search +12%".
  public static func topUnits(_ metric: MetricResult, count: Int = 3) -> String? {
    let compared = (metric.units ?? []).filter { $0.role == .compared && $0.ratio != nil }
    guard !compared.isEmpty else { return nil }
    return compared.prefix(count).map { "\($0.unit) \(ReportFormatting.change(ratio: $0.ratio))" }
      .joined(separator: ", ")
  }

  /// "575 of 279,972 (0.21%)".
  static func share(_ events: Double, _ exposure: Double) -> String {
    let percent = exposure > 0 ? " (\(ReportFormatting.number(events / exposure * 100))%)" : ""
    return "\(whole(events)) of \(whole(exposure))\(percent)"
  }

  static func workloads(_ count: Int) -> String {
    "\(count) workload\(count == 1 ? "" : "s")"
  }

  static func times(_ value: Double) -> String {
    value.isFinite ? ReportFormatting.number(value) + "×" : "∞"
  }

  /// A count with thousands separators: 410000 → 410,000.
  static func whole(_ value: Double) -> String {
    let rounded = Int(value.rounded())
    let digits = String(abs(rounded))
    var out = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
      out.append(digit)
    }
    return (rounded < 0 ? "-" : "") + out
  }
}
