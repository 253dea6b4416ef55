/// Random-effects combination of per-stratum estimates (DerSimonian & Laird 1986): each
/// stratum's estimate y_k has its own sampling variance v_k (e.g. Poisson, from its counts) and
/// the strata differ besides by a common between-stratum variance τ² — the workload-to-workload
/// and minute-to-minute variation that counts alone do not see (VERDICT.md §4: pods and minutes
/// vary more than Poisson).
///
/// With weights w_k = 1/v_k, the fixed-effect mean ȳ = Σw_k y_k/Σw_k, Cochran's
/// Q = Σw_k (y_k − ȳ)² on K − 1 degrees of freedom and
/// τ² = max(0, (Q − (K − 1)) / (Σw_k − Σw_k²/Σw_k)); the random-effects mean uses
/// w*_k = 1/(v_k + τ²): μ = Σw*_k y_k/Σw*_k with variance 1/Σw*_k.
/// Reference: statsmodels `combine_effects(y, v, method_re="dl")` (`tau2`, `q`,
/// `mean_effect_fe`, `sd_eff_w_fe`, `mean_effect_re`, `sd_eff_w_re`).
/// Throws for fewer than one stratum (two for ``derSimonianLaird(effects:variances:)``), a
/// non-finite effect, a variance that is not finite and > 0, or lengths that differ.
public enum RandomEffects {
  /// A combined estimate.
  public struct Combined: Sendable, Equatable {
    /// The random-effects mean μ.
    public var estimate: Double
    /// √(1/Σw*_k).
    public var standardError: Double
    /// The between-stratum variance τ² used for the weights.
    public var tau2: Double
    /// The fixed-effect (inverse-variance) mean ȳ.
    public var fixedEstimate: Double
    /// √(1/Σw_k).
    public var fixedStandardError: Double
    /// Cochran's Q around ȳ.
    public var q: Double
    /// K − 1.
    public var degreesOfFreedom: Int
  }

  /// τ² estimated from the strata themselves (DerSimonian-Laird) and the mean it gives.
  public static func derSimonianLaird(effects: [Double], variances: [Double]) throws -> Combined {
    try validate(effects: effects, variances: variances, minimum: 2)
    let fixed = fixedEffect(effects: effects, variances: variances)
    var sumWeights = CompensatedSum()
    var sumSquaredWeights = CompensatedSum()
    for v in variances {
      sumWeights.add(1 / v)
      sumSquaredWeights.add(1 / (v * v))
    }
    let scale = sumWeights.value - sumSquaredWeights.value / sumWeights.value
    let df = Double(effects.count - 1)
    let tau2 = scale > 0 ? Swift.max(0, (fixed.q - df) / scale) : 0
    return try combine(effects: effects, variances: variances, tau2: tau2)
  }

  /// The random-effects mean for a given τ² ≥ 0 (e.g. one estimated on other strata); Q and the
  /// fixed-effect mean are those of these strata.
  public static func combine(effects: [Double], variances: [Double], tau2: Double) throws
    -> Combined
  {
    try validate(effects: effects, variances: variances, minimum: 1)
    guard tau2.isFinite, tau2 >= 0 else {
      throw StatisticsError.invalidArgument(name: "tau2", value: tau2, requirement: "must be ≥ 0")
    }
    let fixed = fixedEffect(effects: effects, variances: variances)
    var weighted = CompensatedSum()
    var weights = CompensatedSum()
    for (y, v) in zip(effects, variances) {
      let w = 1 / (v + tau2)
      weighted.add(w * y)
      weights.add(w)
    }
    return Combined(
      estimate: weighted.value / weights.value, standardError: (1 / weights.value).squareRoot(),
      tau2: tau2, fixedEstimate: fixed.mean, fixedStandardError: fixed.standardError,
      q: fixed.q, degreesOfFreedom: effects.count - 1)
  }

  /// The log rate ratio of one stratum and its Poisson variance:
  /// y = log((a + c)/T1) − log((b + c)/T0), v = 1/(a + c) + 1/(b + c), with c = 0.5 added to
  /// both counts only when one of them is 0 (Haldane's correction); nil when both are 0 (the
  /// stratum says nothing about the ratio). Throws for an invalid stratum.
  public static func logRateRatio(_ stratum: RateStratum) throws -> (
    effect: Double, variance: Double
  )? {
    try RateStratum.validate([stratum])
    guard stratum.events > 0 else { return nil }
    let c = stratum.canaryEvents == 0 || stratum.baselineEvents == 0 ? 0.5 : 0
    let a = Double(stratum.canaryEvents) + c
    let b = Double(stratum.baselineEvents) + c
    return (
      LibM.log(a / stratum.canaryExposure) - LibM.log(b / stratum.baselineExposure), 1 / a + 1 / b
    )
  }

  private static func fixedEffect(effects: [Double], variances: [Double]) -> (
    mean: Double, standardError: Double, q: Double
  ) {
    var weighted = CompensatedSum()
    var weights = CompensatedSum()
    for (y, v) in zip(effects, variances) {
      weighted.add(y / v)
      weights.add(1 / v)
    }
    let mean = weighted.value / weights.value
    var q = CompensatedSum()
    for (y, v) in zip(effects, variances) { q.add((y - mean) * (y - mean) / v) }
    return (mean, (1 / weights.value).squareRoot(), q.value)
  }

  private static func validate(effects: [Double], variances: [Double], minimum: Int) throws {
    guard effects.count == variances.count else {
      throw StatisticsError.invalidArgument(
        name: "variances", value: Double(variances.count),
        requirement: "need one variance per effect (\(effects.count))")
    }
    try Validation.sample(effects, name: "effects", minimum: minimum)
    for v in variances { try Validation.positive(v, name: "variance") }
  }
}
