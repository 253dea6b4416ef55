/// Fisher's exact test of a 2×2 table `[[a, b], [c, d]]`, SciPy
/// `scipy.stats.fisher_exact(table, alternative=...)`.
///
/// Conditioned on the margins, `a` is hypergeometric (population a+b+c+d, successes a+b,
/// draws a+c). `less`: P(X ≤ a); `greater`: P(X ≥ a); two-sided: the sum of the
/// probabilities of all tables no more likely than the observed one. "No more likely" uses a
/// relative tolerance of 1e-7 (R's `fisher.test`; SciPy uses 1e-14 with more accurate Boost
/// probabilities — the looser bound keeps mathematically equal probabilities, e.g. of
/// symmetric tables, equal despite rounding). A table with an empty row or column has
/// p-value 1 and no odds ratio.
public enum FisherExact {
  /// Sample odds ratio and p-value.
  public struct Result: Sendable, Equatable {
    /// a·d/(b·c) (SciPy's `statistic`); `+infinity` when b·c = 0; `nil` for an empty margin
    /// (SciPy's NaN).
    public var oddsRatio: Double?
    /// The p-value, in [0, 1].
    public var pValue: Double
  }

  /// The test. Throws if a count is negative.
  public static func test(
    a: Int, b: Int, c: Int, d: Int, alternative: Alternative = .twoSided
  ) throws -> Result {
    for (name, value) in [("a", a), ("b", b), ("c", c), ("d", d)] where value < 0 {
      throw StatisticsError.invalidArgument(
        name: name, value: Double(value), requirement: "counts must be ≥ 0")
    }
    if a + b == 0 || c + d == 0 || a + c == 0 || b + d == 0 {
      return Result(oddsRatio: nil, pValue: 1)
    }
    let oddsRatio =
      (c > 0 && b > 0) ? Double(a) * Double(d) / (Double(c) * Double(b)) : .infinity
    let population = a + b + c + d
    let successes = a + b
    let draws = a + c
    let (low, high) = Hypergeometric.support(population, successes, draws)
    let p: Double
    switch alternative {
    case .less:
      p = Hypergeometric.sum(from: low, through: a, population, successes, draws)
    case .greater:
      p = Hypergeometric.sum(from: a, through: high, population, successes, draws)
    case .twoSided:
      let observed = Hypergeometric.logProbability(a, population, successes, draws)
      let threshold = observed + LibM.log1p(1e-7)
      var total = CompensatedSum()
      for k in low...high {
        let logP = Hypergeometric.logProbability(k, population, successes, draws)
        if logP <= threshold { total.add(LibM.exp(logP)) }
      }
      p = total.value
    }
    return Result(oddsRatio: oddsRatio, pValue: min(max(p, 0), 1))
  }
}
