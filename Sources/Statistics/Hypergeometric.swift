/// The hypergeometric distribution: k successes in `draws` draws without replacement from a
/// population of `population` items of which `successes` are successes (SciPy
/// `stats.hypergeom(M=population, n=successes, N=draws)`).
///
/// The log-probability is `lchoose(K, k) + lchoose(N − K, n − k) − lchoose(N, n)` with R's
/// `lbeta`-based `lchoose`, so large populations (10⁶) keep ~1e-13 relative accuracy. The CDF
/// and survival function add terms from the tail they describe (compensated sums), so both
/// keep relative precision in their own small tails.
public enum Hypergeometric {
  /// P(X = k); 0 outside the support. Throws on negative or inconsistent parameters.
  public static func pmf(_ k: Int, population: Int, successes: Int, draws: Int) throws -> Double {
    try validate(population: population, successes: successes, draws: draws)
    return probability(k, population, successes, draws)
  }

  /// P(X ≤ k).
  public static func cdf(_ k: Int, population: Int, successes: Int, draws: Int) throws -> Double {
    try validate(population: population, successes: successes, draws: draws)
    let (low, high) = support(population, successes, draws)
    if k < low { return 0 }
    if k >= high { return 1 }
    return sum(from: low, through: k, population, successes, draws)
  }

  /// P(X > k).
  public static func sf(_ k: Int, population: Int, successes: Int, draws: Int) throws -> Double {
    try validate(population: population, successes: successes, draws: draws)
    let (low, high) = support(population, successes, draws)
    if k < low { return 1 }
    if k >= high { return 0 }
    return sum(from: k + 1, through: high, population, successes, draws)
  }

  static func validate(population: Int, successes: Int, draws: Int) throws {
    guard population >= 0, successes >= 0, successes <= population, draws >= 0,
      draws <= population
    else {
      throw StatisticsError.invalidArgument(
        name: "population", value: Double(population),
        requirement: "need 0 ≤ successes ≤ population and 0 ≤ draws ≤ population")
    }
  }

  /// Smallest and largest possible k.
  static func support(_ population: Int, _ successes: Int, _ draws: Int) -> (Int, Int) {
    (Swift.max(0, draws - (population - successes)), Swift.min(successes, draws))
  }

  static func logProbability(_ k: Int, _ population: Int, _ successes: Int, _ draws: Int)
    -> Double
  {
    LogGamma.logChoose(Double(successes), Double(k))
      + LogGamma.logChoose(Double(population - successes), Double(draws - k))
      - LogGamma.logChoose(Double(population), Double(draws))
  }

  static func probability(_ k: Int, _ population: Int, _ successes: Int, _ draws: Int) -> Double {
    let (low, high) = support(population, successes, draws)
    if k < low || k > high { return 0 }
    return LibM.exp(logProbability(k, population, successes, draws))
  }

  /// Σ P(X = j) for j in low...high (inside the support), summed from the smaller end of
  /// the probabilities upward so that negligible terms are added first.
  static func sum(
    from low: Int, through high: Int, _ population: Int, _ successes: Int,
    _ draws: Int
  ) -> Double {
    if low > high { return 0 }
    var total = CompensatedSum()
    let first = probability(low, population, successes, draws)
    let last = probability(high, population, successes, draws)
    let indices =
      first <= last ? Array(low...high) : Array((low...high).reversed())
    for j in indices { total.add(probability(j, population, successes, draws)) }
    return Swift.min(1, total.value)
  }
}
