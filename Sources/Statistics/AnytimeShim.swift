import Foundation

// TEMPORARY stand-in for the anytime-valid API (branch `anytime` replaces this file).

public enum NormalMixture {
  static func parts(_ estimate: Double, _ se: Double, _ null: Double, _ tau: Double) -> (
    Double, Double
  ) {
    let information = 1 / (se * se)
    let z = information * (estimate - null)
    let scale = 1 + tau * tau * information
    return (-0.5 * log(scale) + tau * tau * z * z / (2 * scale), tau * z / scale.squareRoot())
  }
  public static func eValue(estimate: Double, standardError: Double, null: Double, tau: Double)
    throws -> Double
  {
    exp(parts(estimate, standardError, null, tau).0)
  }
  public static func eValueAbove(
    estimate: Double, standardError: Double, null: Double, tau: Double
  ) throws -> Double {
    let (logE, w) = parts(estimate, standardError, null, tau)
    return 2 * exp(logE) * Normal.cdf(w)
  }
  public static func eValueBelow(
    estimate: Double, standardError: Double, null: Double, tau: Double
  ) throws -> Double {
    let (logE, w) = parts(estimate, standardError, null, tau)
    return 2 * exp(logE) * Normal.cdf(-w)
  }
  public static func radius(standardError se: Double, tau: Double, alpha: Double) throws -> Double {
    let v = se * se
    return (v * (v + tau * tau) / (tau * tau) * (2 * log(1 / alpha) + log(1 + tau * tau / v)))
      .squareRoot()
  }
  public static func lowerBound(
    estimate: Double, standardError: Double, tau: Double, alpha: Double
  ) throws -> Double {
    var lo = estimate - 100 * standardError - 10
    var hi = estimate
    for _ in 0..<200 {
      let mid = (lo + hi) / 2
      if try eValueAbove(estimate: estimate, standardError: standardError, null: mid, tau: tau)
        >= 1 / alpha
      {
        lo = mid
      } else {
        hi = mid
      }
    }
    return (lo + hi) / 2
  }
  public static func upperBound(
    estimate: Double, standardError: Double, tau: Double, alpha: Double
  ) throws -> Double {
    -(try lowerBound(estimate: -estimate, standardError: standardError, tau: tau, alpha: alpha))
  }
}

public struct CountStratum: Sendable, Equatable {
  public var canaryEvents: Int
  public var baselineEvents: Int
  public var canaryShare: Double
  public init(canaryEvents: Int, baselineEvents: Int, canaryShare: Double) {
    self.canaryEvents = canaryEvents
    self.baselineEvents = baselineEvents
    self.canaryShare = canaryShare
  }
}

public enum BinomialMixture {
  static func logLikelihood(_ strata: [CountStratum], _ delta: Double) -> Double {
    strata.reduce(0) { sum, s in
      let r = s.canaryShare
      let logTheta = log(r) + delta - log(r * exp(delta) + 1 - r)
      let logOne = log(1 - r) - log(r * exp(delta) + 1 - r)
      return sum + Double(s.canaryEvents) * logTheta + Double(s.baselineEvents) * logOne
    }
  }
  static func integral(_ strata: [CountStratum], _ d0: Double, _ tau: Double, _ side: Int) -> Double
  {
    let base = logLikelihood(strata, d0)
    let n = 4000
    let lo = side > 0 ? d0 : d0 - 12 * tau
    let hi = side < 0 ? d0 : d0 + 12 * tau
    let h = (hi - lo) / Double(n)
    var total = 0.0
    for i in 0...n {
      let d = lo + Double(i) * h
      let w = (i == 0 || i == n) ? 0.5 : 1
      let prior = exp(-(d - d0) * (d - d0) / (2 * tau * tau)) / (tau * (2 * Double.pi).squareRoot())
      total += w * exp(logLikelihood(strata, d) - base) * prior
    }
    return total * h * (side == 0 ? 1 : 2)
  }
  public static func eValue(_ strata: [CountStratum], nullLogRatio: Double, tau: Double) throws
    -> Double
  { integral(strata, nullLogRatio, tau, 0) }
  public static func eValueAbove(_ strata: [CountStratum], nullLogRatio: Double, tau: Double)
    throws -> Double
  { integral(strata, nullLogRatio, tau, 1) }
  public static func eValueBelow(_ strata: [CountStratum], nullLogRatio: Double, tau: Double)
    throws -> Double
  { integral(strata, nullLogRatio, tau, -1) }
  static func solve(_ f: (Double) -> Bool, _ lo0: Double, _ hi0: Double) -> Double {
    var lo = lo0
    var hi = hi0
    for _ in 0..<80 {
      let mid = (lo + hi) / 2
      if f(mid) { lo = mid } else { hi = mid }
    }
    return (lo + hi) / 2
  }
  public static func lowerBound(_ strata: [CountStratum], tau: Double, alpha: Double) throws
    -> Double
  {
    if strata.allSatisfy({ $0.canaryEvents == 0 }) { return -.infinity }
    return solve({ integral(strata, $0, tau, 1) >= 1 / alpha }, -30, 30)
  }
  public static func upperBound(_ strata: [CountStratum], tau: Double, alpha: Double) throws
    -> Double
  {
    if strata.allSatisfy({ $0.baselineEvents == 0 }) { return .infinity }
    return solve({ integral(strata, $0, tau, -1) < 1 / alpha }, -30, 30)
  }
  public static func confidenceSequence(_ strata: [CountStratum], tau: Double, alpha: Double)
    throws -> (low: Double, high: Double)
  {
    (try lowerBound(strata, tau: tau, alpha: alpha), try upperBound(strata, tau: tau, alpha: alpha))
  }
}
