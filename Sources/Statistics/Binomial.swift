/// The binomial distribution Bin(n, p): the number of successes in n independent trials of
/// success probability p (SciPy `stats.binom`), and the exact binomial test
/// (`scipy.stats.binomtest`).
///
/// Tails come from the regularized incomplete beta function, P(X ≥ k) = I_p(k, n − k + 1),
/// so each tail keeps relative precision where it is small; no tail is formed as 1 − the
/// other. Every function takes the failure probability q = 1 − p alongside p internally, so a
/// caller that knows q exactly (π₀ = n₀/(R₀n₁ + n₀) in the rate tests) loses no digits near
/// p = 1.
public enum Binomial {
  /// P(X = k) (SciPy `binom.pmf`); 0 outside 0...n. Throws unless n ≥ 0 and 0 ≤ p ≤ 1.
  public static func pmf(_ k: Int, trials n: Int, probability p: Double) throws -> Double {
    try validate(n: n, p: p)
    return probability(k, n, p, 1 - p)
  }

  /// P(X ≤ k) (SciPy `binom.cdf`).
  public static func cdf(_ k: Int, trials n: Int, probability p: Double) throws -> Double {
    try validate(n: n, p: p)
    return atMost(k, n, p, 1 - p)
  }

  /// P(X > k) (SciPy `binom.sf`).
  public static func sf(_ k: Int, trials n: Int, probability p: Double) throws -> Double {
    try validate(n: n, p: p)
    return atLeast(k + 1, n, p, 1 - p)
  }

  /// The exact test of H0: success probability = p for k successes in n trials, as
  /// `scipy.stats.binomtest(k, n, p, alternative).pvalue`: `greater` P(X ≥ k), `less`
  /// P(X ≤ k), two-sided the total probability of the outcomes no more likely than k, with
  /// SciPy's relative tolerance of 1e-7 on "no more likely". Throws unless 0 ≤ k ≤ n, n ≥ 1
  /// and 0 ≤ p ≤ 1.
  public static func test(
    successes k: Int, trials n: Int, probability p: Double, alternative: Alternative = .twoSided
  ) throws -> Double {
    try validate(n: n, p: p)
    guard n >= 1, k >= 0, k <= n else {
      throw StatisticsError.invalidArgument(
        name: "successes", value: Double(k), requirement: "need 0 ≤ successes ≤ trials ≥ 1")
    }
    return pValue(k, n, p, 1 - p, alternative)
  }

  static func validate(n: Int, p: Double) throws {
    guard n >= 0 else {
      throw StatisticsError.invalidArgument(
        name: "trials", value: Double(n), requirement: "must be ≥ 0")
    }
    try Validation.probability(p, name: "probability")
  }

  /// log P(X = k) for 0 ≤ k ≤ n, 0 < p < 1.
  static func logProbability(_ k: Int, _ n: Int, _ p: Double, _ q: Double) -> Double {
    LogGamma.logChoose(Double(n), Double(k)) + Double(k) * LibM.log(p) + Double(n - k)
      * LibM.log(q)
  }

  static func probability(_ k: Int, _ n: Int, _ p: Double, _ q: Double) -> Double {
    if k < 0 || k > n { return 0 }
    if p <= 0 { return k == 0 ? 1 : 0 }
    if q <= 0 { return k == n ? 1 : 0 }
    return LibM.exp(logProbability(k, n, p, q))
  }

  /// P(X ≥ k).
  static func atLeast(_ k: Int, _ n: Int, _ p: Double, _ q: Double) -> Double {
    if k <= 0 { return 1 }
    if k > n { return 0 }
    return Beta.pair(a: Double(k), b: Double(n - k + 1), x: p, y: q).lower
  }

  /// P(X ≤ k).
  static func atMost(_ k: Int, _ n: Int, _ p: Double, _ q: Double) -> Double {
    if k < 0 { return 0 }
    if k >= n { return 1 }
    return Beta.pair(a: Double(k + 1), b: Double(n - k), x: p, y: q).upper
  }

  /// The p-value of `test` on validated arguments.
  static func pValue(_ k: Int, _ n: Int, _ p: Double, _ q: Double, _ alternative: Alternative)
    -> Double
  {
    switch alternative {
    case .greater: return atLeast(k, n, p, q)
    case .less: return atMost(k, n, p, q)
    case .twoSided: break
    }
    let mean = p * Double(n)
    if Double(k) == mean { return 1 }
    let threshold = probability(k, n, p, q) * (1 + 1e-7)
    if Double(k) < mean {
      // The pmf falls from ceil(np) to n: find the first outcome there no more likely than k.
      var lo = Int(mean.rounded(.up))
      var hi = n + 1
      while lo < hi {
        let mid = lo + (hi - lo) / 2
        if probability(mid, n, p, q) <= threshold { hi = mid } else { lo = mid + 1 }
      }
      return Swift.min(1, atMost(k, n, p, q) + atLeast(lo, n, p, q))
    }
    // The pmf rises from 0 to floor(np): find the last outcome there no more likely than k.
    var lo = -1
    var hi = Int(mean.rounded(.down))
    while lo < hi {
      let mid = hi - (hi - lo) / 2
      if probability(mid, n, p, q) <= threshold { lo = mid } else { hi = mid - 1 }
    }
    return Swift.min(1, atMost(lo, n, p, q) + atLeast(k, n, p, q))
  }
}
