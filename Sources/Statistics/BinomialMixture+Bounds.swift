extension BinomialMixture {
  /// The (1 − α) confidence sequence for δ: {δ0 : eValue(δ0) < 1/α} as (low, high) on the log
  /// scale (low = −∞ when the canary has no events, high = +∞ when the baseline has none).
  ///
  /// Each end is where log E(δ₀) = log(1/α), found by Brent's method (1e-12 relative, 1e-13
  /// absolute) on a bracket walked outwards from the maximum-likelihood δ̂, where E ≤ 1. As
  /// δ₀ → −∞ the e-value tends to exp(X²τ²/2) (X the canary's events), as δ₀ → +∞ to
  /// exp(Y²τ²/2): when that limit is at most 1/α the end is infinite, so besides X = 0 a few
  /// canary events (X ≤ √(2 log(1/α))/τ) also leave low = −∞. No events: (−∞, +∞).
  public static func confidenceSequence(_ strata: [CountStratum], tau: Double, alpha: Double)
    throws -> (low: Double, high: Double)
  {
    let search = try BoundSearch(strata, tau: tau, alpha: alpha)
    let low = try search.end(.both, direction: -1)
    let high = try search.end(.both, direction: 1)
    return (low, high)
  }

  /// The one-sided (1 − α) lower confidence-sequence bound L for δ: eValueAbove(L) = 1/α, so
  /// {δ0 : eValueAbove(δ0) < 1/α} = (L, ∞) (eValueAbove decreases in δ0). −∞ when none: as
  /// δ₀ → −∞, eValueAbove tends to 2·exp(X²τ²/2)·Φ(Xτ), and when that is at most 1/α no
  /// finite δ₀ is rejected (always so for X = 0).
  public static func lowerBound(_ strata: [CountStratum], tau: Double, alpha: Double) throws
    -> Double
  {
    try BoundSearch(strata, tau: tau, alpha: alpha).end(.above, direction: -1)
  }

  /// The one-sided (1 − α) upper bound U: eValueBelow(U) = 1/α; +∞ when the limit
  /// 2·exp(Y²τ²/2)·Φ(Yτ) at δ₀ → +∞ is at most 1/α (always so for Y = 0).
  public static func upperBound(_ strata: [CountStratum], tau: Double, alpha: Double) throws
    -> Double
  {
    try BoundSearch(strata, tau: tau, alpha: alpha).end(.below, direction: 1)
  }
}

/// The shared machinery of the bounds: g(δ₀) = log E(δ₀) − log(1/α), negative inside the
/// sequence, searched outwards from a point inside.
private struct BoundSearch {
  let strata: [CountStratum]
  let tau: Double
  let target: Double
  let canaryEvents: Double
  let baselineEvents: Double
  /// A rough scale of δ's uncertainty, the first step of the walk.
  let step: Double
  /// A point with E ≤ 1: the maximum-likelihood δ̂ when finite, else a pooled estimate.
  let start: Double

  init(_ strata: [CountStratum], tau: Double, alpha: Double) throws {
    try CountStratum.validate(strata)
    try BinomialMixture.validateTau(tau)
    try BinomialMixture.validateAlpha(alpha)
    self.strata = strata
    self.tau = tau
    target = -LibM.log(alpha)
    let likelihood = StrataLikelihood(strata, nullLogRatio: 0)
    canaryEvents = likelihood.canaryEvents
    baselineEvents = likelihood.baselineEvents
    let (x, y) = (max(canaryEvents, 0.5), max(baselineEvents, 0.5))
    step = min((1 / x + 1 / y).squareRoot(), 8 * tau)
    if canaryEvents > 0 && baselineEvents > 0 {
      start = try likelihood.peak(precision: 0)
    } else {
      // Event-weighted mean log odds of the shares, shifted by the pooled odds of events.
      var weighted = 0.0
      var total = 0.0
      for s in strata where s.events > 0 {
        let odds = LibM.log(s.canaryShare) - LibM.log1p(-s.canaryShare)
        weighted += Double(s.events) * odds
        total += Double(s.events)
      }
      start = total > 0 ? LibM.log(x / y) - weighted / total : 0
    }
  }

  /// log E(δ₀) − log(1/α) for the side.
  func gap(_ side: MixtureSide, _ nullLogRatio: Double) throws -> Double {
    try StrataLikelihood(strata, nullLogRatio: nullLogRatio).logMixture(tau: tau, side: side)
      - target
  }

  /// The limit of log E as δ₀ → −∞ (direction −1) or +∞ (+1).
  func limit(_ side: MixtureSide, direction: Double) -> Double {
    let events = direction < 0 ? canaryEvents : baselineEvents
    let spread = events * tau
    let twoSided = 0.5 * spread * spread
    if side == .both { return twoSided }
    return 0.693_147_180_559_945_309_4 + twoSided + Normal.logCdf(spread)
  }

  /// The end of {δ₀ : g(δ₀) < 0} in `direction` (−1 lower, +1 upper), ±∞ when g stays
  /// negative all the way.
  func end(_ side: MixtureSide, direction: Double) throws -> Double {
    if canaryEvents + baselineEvents == 0 || limit(side, direction: direction) <= target {
      return direction * .infinity
    }
    // Inside: g < 0 (at δ̂ E ≤ 1 < 1/α; from a pooled start walk back towards the inside).
    var inside = start
    var insideGap = try gap(side, inside)
    var walk = step
    var steps = 0
    while insideGap >= 0 {
      inside -= direction * walk
      insideGap = try gap(side, inside)
      walk *= 2
      steps += 1
      if steps > 200 { throw StatisticsError.undefined(reason: "no δ0 inside the sequence") }
    }
    walk = step
    var outside = inside + direction * walk
    var outsideGap = try gap(side, outside)
    while outsideGap < 0 {
      inside = outside
      insideGap = outsideGap
      walk *= 2
      outside = inside + direction * walk
      outsideGap = try gap(side, outside)
      steps += 1
      if steps > 400 { throw StatisticsError.undefined(reason: "no end of the sequence") }
    }
    let (low, high) = direction < 0 ? (outside, inside) : (inside, outside)
    let (gapLow, gapHigh) = direction < 0 ? (outsideGap, insideGap) : (insideGap, outsideGap)
    return try RootFinder.brent(
      { try gap(side, $0) }, low: low, high: high, valueAtLow: gapLow, valueAtHigh: gapHigh)
  }
}
