/// The two-sample Kolmogorov-Smirnov test, SciPy
/// `scipy.stats.ks_2samp(x, y, alternative=..., method="auto")` (SciPy 1.17).
///
/// - Statistic: with empirical CDFs F (of x) and G (of y) evaluated at every pooled value,
///   `greater` uses D⁺ = max(F − G), `less` D⁻ = max(G − F) (clipped at 0), two-sided the
///   larger of the two. F − G is formed as `i/n − j/m` exactly as SciPy does.
/// - Method: exact when max(n, m) ≤ 10,000 (SciPy's `MAX_AUTO_N`), else asymptotic; exact
///   falls back to asymptotic when its counts overflow, as in SciPy.
/// - Exact two-sided: Hodges' (1958) lattice-path "inside" method with Viehmann's (2021)
///   recursion for 1 − p (n ≠ m), or the alternating closed form for n = m
///   (`_compute_prob_outside_square`). Exact one-sided: the product formula for n = m,
///   else Hodges' "outside" path count divided by C(n + m, n).
/// - Asymptotic: two-sided `kstwo.sf(D, round(n·m/(n + m)))` (see `KolmogorovDistribution`);
///   one-sided Hodges' approximation exp(−2z² − 2z(M + 2N)/√(MN(M + N))/3), z = D·√(nm/(n+m)),
///   M ≥ N the sample sizes.
///
/// Empty samples and NaN/±infinity are rejected with `StatisticsError`. Ties are allowed.
public enum KolmogorovSmirnov {
  private static let maxExactSize = 10_000

  /// The test; `statistic` is D.
  public static func test(
    _ x: [Double], _ y: [Double], alternative: Alternative = .twoSided
  ) throws -> TestResult {
    try Validation.sample(x, name: "x")
    try Validation.sample(y, name: "y")
    let sx = x.sorted()
    let sy = y.sorted()
    let n1 = sx.count
    let n2 = sy.count
    var maxS = -Double.infinity
    var minS = Double.infinity
    var i = 0
    var j = 0
    while i < n1 || j < n2 {
      let v = (j >= n2 || (i < n1 && sx[i] <= sy[j])) ? sx[i] : sy[j]
      while i < n1 && sx[i] == v { i += 1 }
      while j < n2 && sy[j] == v { j += 1 }
      let difference = Double(i) / Double(n1) - Double(j) / Double(n2)
      maxS = max(maxS, difference)
      minS = min(minS, difference)
    }
    let minusS = min(max(-minS, 0), 1)
    var d: Double
    switch alternative {
    case .less: d = minusS
    case .greater: d = maxS
    case .twoSided: d = minusS > maxS ? minusS : maxS
    }
    var p: Double? = nil
    if max(n1, n2) <= maxExactSize {
      if let exact = exactProbability(n1, n2, &d, alternative) { p = exact }
    }
    let probability = p ?? asymptoticProbability(n1, n2, d, alternative)
    return TestResult(statistic: d, pValue: probability)
  }

  private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

  /// SciPy `_attempt_exact_2kssamp`; nil when the computation overflows (then asymptotic).
  /// Rounds `d` to the lattice value h/lcm as SciPy does.
  static func exactProbability(_ n1: Int, _ n2: Int, _ d: inout Double, _ alternative: Alternative)
    -> Double?
  {
    let g = gcd(n1, n2)
    let lcm = (n1 / g) * n2
    let h = Int((d * Double(lcm)).rounded(.toNearestOrEven))
    d = Double(h) / Double(lcm)
    if h == 0 { return 1 }
    let probability: Double
    if alternative == .twoSided {
      probability =
        n1 == n2 ? probabilityOutsideSquare(n1, h) : outerProbabilityInside(n1, n2, g, h)
    } else if n1 == n2 {
      var product = 1.0
      for j in 0..<h { product *= Double(n1 - j) / (Double(n1) + Double(j) + 1) }
      probability = product
    } else {
      guard let paths = pathsOutside(n1, n2, g, h) else { return nil }
      let total = binomial(Double(n1 + n2), Double(n1))
      if !total.isFinite || paths > total { return nil }
      probability = paths / total
    }
    guard probability.isFinite, probability >= 0, probability <= 1 else { return nil }
    return probability
  }

  /// C(n, k) as a Double: the product Π (n − k + i)/i over the smaller of k and n − k
  /// (relative error ≲ 1e-15·k), +infinity when it overflows.
  static func binomial(_ n: Double, _ k: Double) -> Double {
    let kk = min(k, n - k)
    if kk < 0 { return 0 }
    var value = 1.0
    var i = 1.0
    while i <= kk {
      value = value * (n - kk + i) / i
      if !value.isFinite { return .infinity }
      i += 1
    }
    return value
  }

  /// P(D_{n,n} ≥ h/n), SciPy `_compute_prob_outside_square` (Horner form of the alternating
  /// series).
  static func probabilityOutsideSquare(_ n: Int, _ h: Int) -> Double {
    var p = 0.0
    var k = n / h
    while k >= 0 {
      var p1 = 1.0
      for j in 0..<h {
        p1 = Double(n - k * h - j) * p1 / Double(n + k * h + j + 1)
      }
      p = p1 * (1 - p)
      k -= 1
    }
    return 2 * p
  }

  /// SciPy `_compute_outer_prob_inside_method`: proportion of lattice paths leaving
  /// |x/m − y/n| < h/lcm, via Viehmann's recursion for 1 − p.
  static func outerProbabilityInside(_ m0: Int, _ n0: Int, _ g: Int, _ h: Int) -> Double {
    let m = max(m0, n0)
    let n = min(m0, n0)
    let mg = m / g
    let ng = n / g
    var minj = 0
    var maxj = min(Int((Double(h) / Double(mg)).rounded(.up)), n + 1)
    var currentLength = maxj - minj
    let lengthA = min(2 * maxj + 2, n + 1)
    var a = [Double](repeating: 1, count: lengthA)
    for q in minj..<min(maxj, lengthA) { a[q] = 0 }
    for i in 1...m {
      let lastMinj = minj
      let lastLength = currentLength
      minj = max(Int((Double(ng * i - h) / Double(mg)).rounded(.down)) + 1, 0)
      minj = min(minj, n)
      maxj = min(Int((Double(ng * i + h) / Double(mg)).rounded(.up)), n + 1)
      if maxj <= minj { return 1 }
      var value = minj == 0 ? 0.0 : 1.0
      for jj in 0..<(maxj - minj) {
        let j = jj + minj
        value = (a[jj + minj - lastMinj] * Double(i) + value * Double(j)) / Double(i + j)
        a[jj] = value
      }
      currentLength = maxj - minj
      if lastLength > currentLength {
        let start = maxj - minj
        for q in start..<min(start + (lastLength - currentLength), lengthA) { a[q] = 1 }
      }
    }
    return a[maxj - minj - 1]
  }

  /// SciPy `_count_paths_outside_method`: number of lattice paths that reach the boundary;
  /// nil on overflow.
  static func pathsOutside(_ m0: Int, _ n0: Int, _ g: Int, _ h: Int) -> Double? {
    let m = max(m0, n0)
    let n = min(m0, n0)
    let mg = m / g
    let ng = n / g
    let numerator = mg - h
    // Python's floor division (mg > 0).
    let lxj = n + (numerator >= 0 ? numerator / mg : -((-numerator + mg - 1) / mg))
    if lxj <= 0 { return binomial(Double(m + n), Double(n)) }
    let xj = (0..<lxj).map { j in (h + mg * j + ng - 1) / ng }
    var b = [Double](repeating: 0, count: lxj)
    b[0] = 1
    for j in 1..<max(lxj, 1) {
      var bj = binomial(Double(xj[j] + j), Double(j))
      for i in 0..<j {
        bj -= binomial(Double(xj[j] - xj[i] + j - i), Double(j - i)) * b[i]
      }
      if !bj.isFinite { return nil }
      b[j] = bj
    }
    var paths = 0.0
    for j in 0..<lxj {
      paths += b[j] * binomial(Double(m - xj[j] + n - j), Double(n - j))
      if !paths.isFinite { return nil }
    }
    return paths
  }

  /// SciPy's asymptotic branch.
  static func asymptoticProbability(_ n1: Int, _ n2: Int, _ d: Double, _ alternative: Alternative)
    -> Double
  {
    let m = Double(max(n1, n2))
    let n = Double(min(n1, n2))
    let en = m * n / (m + n)
    if alternative == .twoSided {
      return KolmogorovDistribution.sf(d, n: Int(en.rounded(.toNearestOrEven)))
    }
    let z = en.squareRoot() * d
    let exponent = -2 * z * z - 2 * z * (m + 2 * n) / (m * n * (m + n)).squareRoot() / 3
    return LibM.exp(exponent)
  }
}
