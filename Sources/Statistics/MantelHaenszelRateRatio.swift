/// The Mantel-Haenszel estimate of a common rate ratio across strata of person-time data, with
/// the Greenland-Robins variance of its logarithm (Rothman & Greenland, Modern Epidemiology,
/// ch. 15; Greenland & Robins 1985), the Wald interval and the z test on log RR.
///
/// With a_k canary events in T1_k, b_k baseline events in T0_k, T_k = T1_k + T0_k, M_k = a_k + b_k:
/// - RR = Σ(a_k T0_k/T_k) / Σ(b_k T1_k/T_k);
/// - Var(log RR) = Σ(M_k T1_k T0_k/T_k²) / [(Σ a_k T0_k/T_k)(Σ b_k T1_k/T_k)];
/// - z = (log RR − log R₀)/SE, p from the normal distribution for the alternative; interval
///   exp(log RR ± z₁₋α/₂ SE) (one-sided bounds for `greater`/`less`).
/// Reference: the formulas in NumPy, cross-checked against a Poisson GLM with stratum fixed
/// effects and a log-exposure offset (statsmodels), whose maximum-likelihood ratio is close to
/// but not equal to RR. Strata without events contribute nothing. Throws for empty input or
/// invalid strata (see `RateStratum`), and `undefined` when either side has no events at all
/// (RR is 0 or ∞ and its log variance infinite: use `StratifiedExactRateTest`).
public enum MantelHaenszelRateRatio {
  /// Estimate, test and interval; `widened(by:)` applies a dispersion factor.
  public struct Result: Sendable, Equatable {
    /// The Mantel-Haenszel rate ratio RR.
    public var ratio: Double
    /// √Var(log RR), already multiplied by √φ after `widened(by:)`.
    public var standardErrorOfLog: Double
    /// z = (log RR − log R₀)/SE.
    public var statistic: Double
    /// The p-value for `alternative`.
    public var pValue: Double
    /// The Wald interval on RR.
    public var interval: ConfidenceInterval
    /// The R₀ the test was made against.
    public var nullRatio: Double
    /// The alternative of the test and interval.
    public var alternative: Alternative
    /// The dispersion factor φ applied to the variance (1 for plain Poisson).
    public var dispersion: Double

    /// The same estimate with Var(log RR) multiplied by φ (`Dispersion`): SE·√φ, z/√φ, the
    /// p-value and interval recomputed. Throws unless φ is finite and > 0.
    public func widened(by phi: Double) throws -> Result {
      try Validation.positive(phi, name: "dispersion")
      return MantelHaenszelRateRatio.result(
        ratio: ratio, standardError: standardErrorOfLog * phi.squareRoot(),
        nullRatio: nullRatio, alternative: alternative, confidence: interval.confidence,
        dispersion: dispersion * phi)
    }
  }

  /// RR, its test against R₀ and its interval; see the type's documentation.
  public static func estimate(
    _ strata: [RateStratum], nullRatio: Double = 1, alternative: Alternative = .twoSided,
    confidence: Double = 0.95
  ) throws -> Result {
    try RateStratum.validate(strata)
    try Validation.positive(nullRatio, name: "nullRatio")
    try ClopperPearson.validateConfidence(confidence)
    var numerator = CompensatedSum()
    var denominator = CompensatedSum()
    var variance = CompensatedSum()
    for s in strata {
      let t = s.exposure
      numerator.add(Double(s.canaryEvents) * (s.baselineExposure / t))
      denominator.add(Double(s.baselineEvents) * (s.canaryExposure / t))
      variance.add(Double(s.events) * (s.canaryExposure / t) * (s.baselineExposure / t))
    }
    guard numerator.value > 0, denominator.value > 0 else {
      throw StatisticsError.undefined(reason: "a side has no events in any stratum")
    }
    let se = (variance.value / (numerator.value * denominator.value)).squareRoot()
    return result(
      ratio: numerator.value / denominator.value, standardError: se, nullRatio: nullRatio,
      alternative: alternative, confidence: confidence, dispersion: 1)
  }

  static func result(
    ratio: Double, standardError se: Double, nullRatio: Double, alternative: Alternative,
    confidence: Double, dispersion: Double
  ) -> Result {
    let logRatio = LibM.log(ratio)
    let z = (logRatio - LibM.log(nullRatio)) / se
    let p: Double
    let interval: ConfidenceInterval
    switch alternative {
    case .twoSided:
      p = 2 * Normal.sf(abs(z))
      let critical = -Normal.ppnd16((1 - confidence) / 2)
      interval = ConfidenceInterval(
        low: LibM.exp(logRatio - critical * se), high: LibM.exp(logRatio + critical * se),
        confidence: confidence)
    case .greater:
      p = Normal.sf(z)
      let critical = -Normal.ppnd16(1 - confidence)
      interval = ConfidenceInterval(
        low: LibM.exp(logRatio - critical * se), high: .infinity, confidence: confidence)
    case .less:
      p = Normal.cdf(z)
      let critical = -Normal.ppnd16(1 - confidence)
      interval = ConfidenceInterval(
        low: 0, high: LibM.exp(logRatio + critical * se), confidence: confidence)
    }
    return Result(
      ratio: ratio, standardErrorOfLog: se, statistic: z, pValue: min(max(p, 0), 1),
      interval: interval, nullRatio: nullRatio, alternative: alternative,
      dispersion: dispersion)
  }
}
