/// The log likelihood ratio of count strata's conditional binomials with a common log rate
/// ratio δ = δ₀ + u against δ₀, as a function of the offset u:
///
///   ℓ(u) = X·u − Σ_k n_k·log(q_k + p_k·e^u),
///
/// with p_k = θ_k(δ₀) the canary's null share of stratum k's events, q_k = 1 − p_k,
/// n_k = x_k + y_k and X = Σ x_k. It follows from log θ_k(δ)/θ_k(δ₀) = u − log(q_k + p_k e^u)
/// and log (1 − θ_k(δ))/(1 − θ_k(δ₀)) = −log(q_k + p_k e^u). ℓ is concave, ℓ(0) = 0,
/// ℓ′(u) = X − Σ n_k θ_k and ℓ″(u) = −Σ n_k θ_k(1 − θ_k) with θ_k = θ_k(δ₀ + u).
///
/// Numerics: p_k and q_k come from the logistic function of logit(r_k) + δ₀ (neither is
/// formed as 1 − the other), log(q + p e^u) is log1p(p·expm1(u)) unless that argument is
/// below −½, where the direct log(q + p e^u) keeps its relative precision; e^u and expm1(u)
/// are computed once per u, so a call costs one logarithm per stratum. Where p_k, q_k or e^u
/// leave a Double's range (|logit p_k| or |u| beyond 700, nulls far from the data) the
/// softplus form `shiftedSoftplus` takes over.
struct StrataLikelihood {
  /// X = Σ x_k.
  let canaryEvents: Double
  /// Y = Σ y_k.
  let baselineEvents: Double
  private var totals: [Double] = []
  private var logOdds: [Double] = []
  private var shares: [Double] = []
  private var complements: [Double] = []

  /// The likelihood of `strata` (validated by the caller) relative to δ₀ = `nullLogRatio`;
  /// strata without events are left out.
  init(_ strata: [CountStratum], nullLogRatio: Double) {
    var x = 0
    var y = 0
    for s in strata where s.events > 0 {
      x += s.canaryEvents
      y += s.baselineEvents
      let odds = LibM.log(s.canaryShare) - LibM.log1p(-s.canaryShare) + nullLogRatio
      totals.append(Double(s.events))
      logOdds.append(odds)
      shares.append(1 / (1 + LibM.exp(-odds)))
      complements.append(1 / (1 + LibM.exp(odds)))
    }
    canaryEvents = Double(x)
    baselineEvents = Double(y)
  }

  /// N = X + Y.
  var events: Double { canaryEvents + baselineEvents }

  /// ℓ(u).
  func value(at u: Double) -> Double { evaluate(at: u).value }

  /// ℓ(u) and the size X·|u| + Σ n_k·|log(q_k + p_k e^u)| of the terms it is summed from: its
  /// rounding error is about 1e-16 of that size, which sets how closely ℓ can be known.
  func evaluate(at u: Double) -> (value: Double, magnitude: Double) {
    if u == 0 { return (0, 0) }
    var sum = CompensatedSum()
    sum.add(canaryEvents * u)
    var magnitude = canaryEvents * abs(u)
    let ordinary = abs(u) <= 700
    let growth = LibM.expm1(ordinary ? u : 0)
    let power = LibM.exp(ordinary ? u : 0)
    for k in totals.indices {
      let log: Double
      if ordinary && abs(logOdds[k]) <= 700 {
        let argument = shares[k] * growth
        log =
          argument > -0.5
          ? LibM.log1p(argument) : LibM.log(complements[k] + shares[k] * power)
      } else {
        log = Self.shiftedSoftplus(logOdds[k], u)
      }
      sum.add(-totals[k] * log)
      magnitude += totals[k] * abs(log)
    }
    return (sum.value, magnitude)
  }

  /// log(q + p·e^u) for p = 1/(1 + e^−a) when p, q or e^u are beyond a Double's range:
  /// softplus(a + u) − softplus(a), or for a ≥ 0 the same as u + softplus(−a − u) −
  /// softplus(−a), so the subtracted term is at most log 2 and nothing overflows.
  static func shiftedSoftplus(_ a: Double, _ u: Double) -> Double {
    func softplus(_ t: Double) -> Double {
      t > 0 ? t + LibM.log1p(LibM.exp(-t)) : LibM.log1p(LibM.exp(t))
    }
    return a < 0 ? softplus(a + u) - softplus(a) : u + softplus(-a - u) - softplus(-a)
  }

  /// ℓ′(u) and ℓ″(u).
  func slopeAndCurvature(at u: Double) -> (slope: Double, curvature: Double) {
    var expected = CompensatedSum()
    var information = 0.0
    for k in totals.indices {
      // θ = logistic(a + u) and 1 − θ, written with e^−|a + u| so nothing overflows.
      let t = logOdds[k] + u
      let small = LibM.exp(-abs(t))
      let (theta, rest) =
        t >= 0 ? (1 / (1 + small), small / (1 + small)) : (small / (1 + small), 1 / (1 + small))
      expected.add(totals[k] * theta)
      information += totals[k] * theta * rest
    }
    return (canaryEvents - expected.value, -information)
  }

  /// The u where ℓ′(u) = precision·u, the maximum of ℓ(u) − precision·u²/2 (the posterior
  /// mode under a N(0, 1/precision) prior; the maximum-likelihood offset for precision 0,
  /// which must then be finite: 0 < X < N). Safeguarded Newton on a bracket found by
  /// doubling steps from 0; the function is strictly decreasing, so the bracket always holds
  /// the root.
  func peak(precision: Double) throws -> Double {
    func gradient(_ u: Double) -> (value: Double, slope: Double) {
      let (slope, curvature) = slopeAndCurvature(at: u)
      return (slope - precision * u, curvature - precision)
    }
    var (low, high) = (0.0, 0.0)
    let start = gradient(0)
    if start.value == 0 { return 0 }
    var step = 1.0
    while true {
      let probe = start.value > 0 ? high + step : low - step
      if !probe.isFinite || step > 1e300 {
        throw StatisticsError.undefined(reason: "the likelihood has no finite maximum")
      }
      let g = gradient(probe).value
      if start.value > 0 { if g > 0 { low = probe } else { high = probe; break } }
      if start.value < 0 { if g < 0 { high = probe } else { low = probe; break } }
      step *= 2
    }
    var u = start.value > 0 ? low : high
    for _ in 0..<200 {
      let g = gradient(u)
      if g.value == 0 { return u }
      if g.value > 0 { low = max(low, u) } else { high = min(high, u) }
      var next = u - g.value / g.slope
      if !(next > low && next < high) { next = 0.5 * (low + high) }
      if abs(next - u) <= 1e-14 * max(1, abs(u)) || high - low <= 1e-14 * max(1, abs(u)) {
        return next
      }
      u = next
    }
    return u
  }
}
