/// Normal-mixture (Robbins) anytime-valid tests for an asymptotically normal estimate θ̂ with
/// standard error se (information I = 1/se²), mixing the alternative over θ ~ N(null, τ²).
///
/// With z = (θ̂ − null)/se and ρ = τ²I = τ²/se² the score is Z = I·(θ̂ − null) = z/se, and
/// mixing the likelihood ratio exp(Z·d − I·d²/2) of θ = null + d over d ~ N(0, τ²) gives
/// the closed forms below (Robbins 1970; Howard, Ramdas, McAuliffe & Sekhon 2021, the
/// "normal mixture" boundary). They are computed in log space from z and ρ, so no
/// intermediate overflows: `logEValue` and its one-sided forms stay finite where E does not.
/// Reference: the closed forms and `scipy.integrate.quad` of the mixture integral agree to
/// 1e-10 in `make_anytime_reference.py`; bounds by `scipy.optimize.brentq`.
///
/// Throws `StatisticsError.invalidArgument` for a non-finite estimate or null, a standard
/// error or τ not finite and > 0, or α outside (0, 1).
public enum NormalMixture {
  /// Two-sided e-value against H0: θ = null:
  ///   E = (1 + τ²I)^(-1/2) · exp( τ² Z² / (2(1 + τ²I)) ),  Z = I·(θ̂ − null).
  public static func eValue(
    estimate: Double, standardError: Double, null: Double, tau: Double
  ) throws -> Double {
    LibM.exp(try logEValue(estimate: estimate, standardError: standardError, null: null, tau: tau))
  }

  /// One-sided e-value for θ > null (against H0: θ ≤ null), the mixture over the half-normal
  /// prior on θ − null > 0 (density 2φ): E = 2(1+τ²I)^(-1/2) exp(τ²Z²/(2(1+τ²I))) Φ(τZ/√(1+τ²I)).
  /// For θ ≤ null each mixed likelihood ratio has expectation exp(I·d·(θ − null)) ≤ 1, so E
  /// is an e-value for the whole composite null.
  public static func eValueAbove(
    estimate: Double, standardError: Double, null: Double, tau: Double
  ) throws -> Double {
    LibM.exp(
      try logEValueAbove(estimate: estimate, standardError: standardError, null: null, tau: tau))
  }

  /// The same for θ < null.
  public static func eValueBelow(
    estimate: Double, standardError: Double, null: Double, tau: Double
  ) throws -> Double {
    LibM.exp(
      try logEValueBelow(estimate: estimate, standardError: standardError, null: null, tau: tau))
  }

  /// log of `eValue`: ρz²/(2(1 + ρ)) − ½·log(1 + ρ).
  public static func logEValue(
    estimate: Double, standardError: Double, null: Double, tau: Double
  ) throws -> Double {
    let (z, rho) = try standardize(estimate, standardError, null, tau)
    return logTwoSided(z, rho)
  }

  /// log of `eValueAbove`: log 2 + log E(two-sided) + log Φ(z·√(ρ/(1 + ρ))).
  public static func logEValueAbove(
    estimate: Double, standardError: Double, null: Double, tau: Double
  ) throws -> Double {
    let (z, rho) = try standardize(estimate, standardError, null, tau)
    return logOneSided(z, rho)
  }

  /// log of `eValueBelow`, `logEValueAbove` with z → −z.
  public static func logEValueBelow(
    estimate: Double, standardError: Double, null: Double, tau: Double
  ) throws -> Double {
    let (z, rho) = try standardize(estimate, standardError, null, tau)
    return logOneSided(-z, rho)
  }

  /// Radius r of the two-sided (1 − α) confidence sequence {θ : E(θ) < 1/α} = θ̂ ± r:
  ///   r = √( se²(se² + τ²)/τ² · (2 log(1/α) + log(1 + τ²/se²)) ),
  /// computed as se·√((1 + 1/ρ)(2 log(1/α) + log1p(ρ))).
  public static func radius(standardError: Double, tau: Double, alpha: Double) throws -> Double {
    try Validation.positive(standardError, name: "standardError")
    try BinomialMixture.validateTau(tau)
    try BinomialMixture.validateAlpha(alpha)
    let rho = (tau / standardError) * (tau / standardError)
    return standardError * radiusInStandardErrors(rho, -LibM.log(alpha))
  }

  /// One-sided (1 − α) bound: the largest `null` with eValueAbove(null) ≥ 1/α fails, i.e. the
  /// lower confidence-sequence bound L such that eValueAbove(estimate, se, L, τ) = 1/α
  /// (−∞ when none); and the matching upper bound from eValueBelow. Solve numerically (bisection/Brent to 1e-12 relative).
  ///
  /// eValueAbove strictly increases in z, from below 1 at z = 0 to ∞, so exactly one
  /// z* > 0 solves it for every α < 1 and L = θ̂ − z*·se is always finite; z* lies between 0
  /// and the two-sided radius in standard errors (2Φ ≥ 1 there), and Brent's method finds it
  /// to 1e-12 relative.
  public static func lowerBound(
    estimate: Double, standardError: Double, tau: Double, alpha: Double
  ) throws -> Double {
    let z = try oneSidedRadius(estimate, standardError, tau, alpha)
    return estimate - z * standardError
  }

  /// The upper bound U with eValueBelow(estimate, se, U, τ) = 1/α: θ̂ + z*·se, z* as for
  /// `lowerBound`.
  public static func upperBound(
    estimate: Double, standardError: Double, tau: Double, alpha: Double
  ) throws -> Double {
    let z = try oneSidedRadius(estimate, standardError, tau, alpha)
    return estimate + z * standardError
  }

  static func logTwoSided(_ z: Double, _ rho: Double) -> Double {
    0.5 * z * z * (rho / (1 + rho)) - 0.5 * LibM.log1p(rho)
  }

  static func logOneSided(_ z: Double, _ rho: Double) -> Double {
    0.693_147_180_559_945_309_4 + logTwoSided(z, rho)
      + Normal.logCdf(z * (rho / (1 + rho)).squareRoot())
  }

  /// √((1 + 1/ρ)(2L + log1p(ρ))), the two-sided radius in standard errors, L = log(1/α).
  static func radiusInStandardErrors(_ rho: Double, _ logInverseAlpha: Double) -> Double {
    ((1 + 1 / rho) * (2 * logInverseAlpha + LibM.log1p(rho))).squareRoot()
  }

  /// z* > 0 with logOneSided(z*, ρ) = log(1/α).
  static func oneSidedRadius(
    _ estimate: Double, _ standardError: Double, _ tau: Double, _ alpha: Double
  ) throws -> Double {
    let (_, rho) = try standardize(estimate, standardError, estimate, tau)
    try BinomialMixture.validateAlpha(alpha)
    let target = -LibM.log(alpha)
    let high = radiusInStandardErrors(rho, target)
    return try RootFinder.brent(
      { logOneSided($0, rho) - target }, low: 0, high: high,
      valueAtLow: logOneSided(0, rho) - target, valueAtHigh: logOneSided(high, rho) - target,
      absoluteTolerance: 0, relativeTolerance: 1e-13)
  }

  /// z = (θ̂ − null)/se and ρ = (τ/se)², after validating the inputs.
  static func standardize(
    _ estimate: Double, _ standardError: Double, _ null: Double, _ tau: Double
  ) throws -> (z: Double, rho: Double) {
    guard estimate.isFinite else {
      throw StatisticsError.invalidArgument(
        name: "estimate", value: estimate, requirement: "must be finite")
    }
    guard null.isFinite else {
      throw StatisticsError.invalidArgument(
        name: "null", value: null, requirement: "must be finite")
    }
    try Validation.positive(standardError, name: "standardError")
    try BinomialMixture.validateTau(tau)
    let z = (estimate - null) / standardError
    guard z.isFinite else {
      throw StatisticsError.invalidArgument(
        name: "estimate", value: estimate, requirement: "(estimate − null)/se must be finite")
    }
    return (z, (tau / standardError) * (tau / standardError))
  }
}
