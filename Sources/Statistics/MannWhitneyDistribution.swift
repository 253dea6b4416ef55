/// The exact null distribution of the Mann-Whitney U statistic for sample sizes n1 and n2
/// without ties (the distribution SciPy's `_MWU` class tabulates).
///
/// The counts of U = u are the coefficients of the Gaussian binomial coefficient
/// `[n1+n2 choose n1]_q = Π_{i=1..s} (1 − q^{l+i}) / (1 − q^i)` with s = min(n1, n2),
/// l = max(n1, n2) (Andrews, *The Theory of Partitions*, 3.3). The product is applied factor by
/// factor, each multiplication immediately followed by the division, so every intermediate
/// polynomial is a Gaussian binomial with nonnegative coefficients; only coefficients up to
/// the largest needed U are kept. Cost O(s · maxU) time, O(maxU) memory.
struct MannWhitneyDistribution {
  let small: Int
  let large: Int
  /// cumulative[k] = P(U ≤ k) for k in 0...maxU.
  private let cumulative: [Double]

  /// Tabulates P(U ≤ k) for k ≤ `maxU` (callers never need more than n1·n2/2).
  init(_ n1: Int, _ n2: Int, maxU: Int) {
    small = Swift.min(n1, n2)
    large = Swift.max(n1, n2)
    let top = Swift.max(0, Swift.min(maxU, small * large))
    var c = [Double](repeating: 0, count: top + 1)
    c[0] = 1
    if small > 0 {
      for i in 1...small {
        let m = large + i
        if m <= top {
          for k in stride(from: top, through: m, by: -1) { c[k] -= c[k - m] }
        }
        if i <= top {
          for k in i...top { c[k] += c[k - i] }
        }
      }
    }
    // Total number of arrangements: binom(n1 + n2, small), as an exact-order product.
    var total = 1.0
    if small > 0 {
      for i in 1...small { total = total * Double(large + i) / Double(i) }
    }
    var running = CompensatedSum()
    var cdf = [Double](repeating: 0, count: top + 1)
    for k in 0...top {
      running.add(Swift.max(0, c[k]))
      cdf[k] = Swift.min(1, running.value / total)
    }
    cumulative = cdf
  }

  /// P(U ≤ k); k must be ≤ the tabulated maximum (k < 0 gives 0).
  func cdf(_ k: Int) -> Double {
    if k < 0 { return 0 }
    return cumulative[Swift.min(k, cumulative.count - 1)]
  }

  /// P(U ≥ u) for an integer u, as SciPy's `_MWU.sf`: by symmetry P(U ≤ n1·n2 − u) when
  /// u ≥ n1·n2/2, else 1 − P(U ≤ u − 1).
  static func sf(_ u: Int, _ n1: Int, _ n2: Int) -> Double {
    let complement = n1 * n2 - u
    if complement <= u {
      return MannWhitneyDistribution(n1, n2, maxU: complement).cdf(complement)
    }
    return 1 - MannWhitneyDistribution(n1, n2, maxU: u - 1).cdf(u - 1)
  }
}
