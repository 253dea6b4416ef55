/// Survival function of the one-sample two-sided Kolmogorov-Smirnov statistic Dₙ for finite n,
/// SciPy `stats.kstwo.sf(d, n)` (`scipy/stats/_ksstats.py`, Simard & L'Ecuyer 2011), used by
/// the asymptotic branch of the two-sample test. Same case split as SciPy:
/// Ruben-Gambino closed forms near 1/(2n) and 1, twice the exact one-sided Smirnov
/// probability (Birnbaum & Tingey 1951) in the upper tail, the Durbin matrix
/// (Marsaglia, Tsang & Wang 2003) and Pomeranz (1974) recursions for small n·d², and the
/// Pelz-Good (1976) expansion otherwise.
enum KolmogorovDistribution {
  private static let e128 = 0x1p128
  private static let em128 = 0x1p-128

  /// P(Dₙ > x).
  static func sf(_ x: Double, n: Int) -> Double {
    if x >= 1 { return 0 }
    if x <= 0 { return 1 }
    let nd = Double(n)
    let t = nd * x
    if t <= 1 {
      if t <= 0.5 { return 1 }
      var prob = 1.0
      if n <= 140 {
        for i in 1...n { prob *= Double(i) * (1.0 / nd) * (2 * t - 1) }
      } else {
        prob = LibM.exp(logFactorialOverPower(nd) + nd * LibM.log(2 * t - 1))
      }
      return clip(1 - prob)
    }
    if t >= nd - 1 { return clip(2 * LibM.pow(1 - x, nd)) }
    if x >= 0.5 { return clip(2 * smirnov(n, x)) }
    let nxSquared = t * x
    if n <= 140 {
      if nxSquared <= 0.754693 { return clip(1 - durbinMatrix(n, x)) }
      if nxSquared <= 4 { return clip(1 - pomeranz(n, x)) }
      return clip(2 * smirnov(n, x))
    }
    if nxSquared >= 370 { return 0 }
    if nxSquared >= 2.2 { return clip(2 * smirnov(n, x)) }
    if n <= 100_000 && nd * LibM.pow(x, 1.5) <= 1.4 {
      return clip(1 - durbinMatrix(n, x))
    }
    return clip(pelzGoodSurvival(n, x))
  }

  private static func clip(_ p: Double) -> Double { min(max(p, 0), 1) }

  /// log(n!/nⁿ) by Stirling's series (SciPy `_log_nfactorial_div_n_pow_n`).
  static func logFactorialOverPower(_ n: Double) -> Double {
    let coefficients = [
      -2.955_065_359_477_124_183e-2, 6.410_256_410_256_410_256_4e-3,
      -1.917_526_917_526_917_526_9e-3, 8.417_508_417_508_417_508_4e-4,
      -5.952_380_952_380_952_381e-4, 7.936_507_936_507_936_507_9e-4,
      -2.777_777_777_777_777_777_8e-3, 8.333_333_333_333_333_333_3e-2,
    ]
    let rn = 1 / n
    var poly = 0.0
    for c in coefficients { poly = poly * (rn / n) + c }
    return LibM.log(n) / 2 - n + LibM.log(2 * Double.pi) / 2 + rn * poly
  }

  /// One-sided P(Dₙ⁺ ≥ e) by the Birnbaum-Tingey sum
  /// e·Σⱼ C(n, j)(1 − e − j/n)^(n−j)(e + j/n)^(j−1), all terms positive, in logarithms.
  static func smirnov(_ n: Int, _ e: Double) -> Double {
    if e <= 0 { return 1 }
    if e >= 1 { return 0 }
    let nd = Double(n)
    let last = Int((nd * (1 - e)).rounded(.down))
    var sum = CompensatedSum()
    if last >= 0 {
      for j in 0...last {
        let jd = Double(j)
        let a = 1 - e - jd / nd
        if a <= 0 && j < n { continue }
        let logTerm =
          LogGamma.logChoose(nd, jd) + (nd - jd) * LibM.log(a) + (jd - 1) * LibM.log(e + jd / nd)
        sum.add(LibM.exp(logTerm))
      }
    }
    return e * sum.value
  }

  /// P(Dₙ ≤ d) by the Durbin matrix algorithm (Marsaglia, Tsang & Wang 2003).
  static func durbinMatrix(_ n: Int, _ d: Double) -> Double {
    let nd = Double(n) * d
    if d >= 1 { return 1 }
    if nd <= 0.5 { return 0 }
    let k = Int(nd.rounded(.up))
    let h = Double(k) - nd
    let m = 2 * k - 1
    var v = [Double](repeating: 0, count: m)
    var w = [Double](repeating: 0, count: m)
    var factor = 1.0
    for j in 1...m {
      w[j - 1] = factor
      factor /= Double(j)
      v[j - 1] = (1 - LibM.pow(h, Double(j))) * factor
    }
    let tt = LibM.pow(max(2 * h - 1, 0), Double(m)) - 2 * LibM.pow(h, Double(m))
    v[m - 1] = (1 + tt) * factor
    var matrix = [Double](repeating: 0, count: m * m)
    for i in 1..<max(m, 1) {
      for row in (i - 1)..<m { matrix[row * m + i] = w[row - (i - 1)] }
    }
    for row in 0..<m { matrix[row * m] = v[row] }
    for column in 0..<m { matrix[(m - 1) * m + column] = v[m - 1 - column] }
    var power = [Double](repeating: 0, count: m * m)
    for i in 0..<m { power[i * m + i] = 1 }
    var remaining = n
    var exponent = 0
    var matrixExponent = 0
    while remaining > 0 {
      if remaining % 2 == 1 {
        power = multiply(power, matrix, m)
        exponent += matrixExponent
      }
      matrix = multiply(matrix, matrix, m)
      matrixExponent *= 2
      if abs(matrix[(k - 1) * m + (k - 1)]) > e128 {
        for i in matrix.indices { matrix[i] /= e128 }
        matrixExponent += 128
      }
      remaining /= 2
    }
    var p = power[(k - 1) * m + (k - 1)]
    for i in 1...n {
      p = Double(i) * p / Double(n)
      if abs(p) < em128 {
        p *= e128
        exponent -= 128
      }
    }
    return exponent != 0 ? scaled(p, exponent) : p
  }

  private static func multiply(_ a: [Double], _ b: [Double], _ m: Int) -> [Double] {
    var c = [Double](repeating: 0, count: m * m)
    for i in 0..<m {
      for l in 0..<m {
        let ail = a[i * m + l]
        if ail == 0 { continue }
        for j in 0..<m { c[i * m + j] += ail * b[l * m + j] }
      }
    }
    return c
  }

  /// x·2^e without intermediate overflow.
  private static func scaled(_ x: Double, _ e: Int) -> Double {
    var value = x
    var remaining = e
    while remaining > 1000 {
      value *= 0x1p1000
      remaining -= 1000
    }
    while remaining < -1000 {
      value *= 0x1p-1000
      remaining += 1000
    }
    return value * Double(sign: .plus, exponent: remaining, significand: 1)
  }

  /// Column bounds of row i of the Pomeranz recursion (SciPy `_pomeranz_compute_j1j2`).
  private static func bounds(_ i: Int, _ n: Int, _ ll: Int, _ ceilF: Int, _ roundF: Int)
    -> (Int, Int)
  {
    var j1: Int
    var j2: Int
    if i == 0 {
      (j1, j2) = (-ll - ceilF - 1, ll + ceilF - 1)
    } else {
      let half = (i + 1) / 2
      if (i + 1) % 2 == 0 {
        if half == n + 1 {
          (j1, j2) = (n - ll - ceilF - 1, n + ll + ceilF - 1)
        } else {
          (j1, j2) = (half - 1 - ll - roundF - 1, half + ll - 1 + ceilF - 1)
        }
      } else {
        (j1, j2) = (half - 1 - ll - 1, half + ll + roundF - 1)
      }
    }
    return (max(j1 + 2, 0), min(j2, n))
  }

  /// P(Dₙ ≤ x) by Pomeranz's recursion (SciPy `_kolmogn_Pomeranz`).
  static func pomeranz(_ n: Int, _ x: Double) -> Double {
    let nd = Double(n)
    let t = nd * x
    let ll = Int(t.rounded(.down))
    let f = t - Double(ll)
    let g = min(f, 1 - f)
    let ceilF = f > 0 ? 1 : 0
    let roundF = f > 0.5 ? 1 : 0
    let count = 2 * (ll + 1)
    var gPower = [Double](repeating: 1, count: count)
    var twoGPower = [Double](repeating: 1, count: count)
    var oneMinusTwoGPower = [Double](repeating: 1, count: count)
    for m in 1..<count {
      gPower[m] = gPower[m - 1] * (g / nd) / Double(m)
      twoGPower[m] = twoGPower[m - 1] * (2 * g / nd) / Double(m)
      oneMinusTwoGPower[m] = oneMinusTwoGPower[m - 1] * ((1 - 2 * g) / nd) / Double(m)
    }
    var v0 = [Double](repeating: 0, count: count)
    var v1 = [Double](repeating: 0, count: count)
    v1[0] = 1
    var v0Start = 0
    var v1Start = 0
    var exponent = 0
    var (j1, j2) = bounds(0, n, ll, ceilF, roundF)
    for i in 1..<(2 * n + 2) {
      let k1 = j1
      swap(&v0, &v1)
      swap(&v0Start, &v1Start)
      for q in v1.indices { v1[q] = 0 }
      (j1, j2) = bounds(i, n, ll, ceilF, roundF)
      let powers =
        (i == 1 || i == 2 * n + 1) ? gPower : (i % 2 == 1 ? twoGPower : oneMinusTwoGPower)
      let length = j2 - k1 + 1
      if length > 0 {
        let aStart = k1 - v0Start
        let aCount = max(0, min(aStart + length, count) - aStart)
        let bCount = min(length, count)
        let convolutionStart = j1 - k1
        let convolutionLength = j2 - j1 + 1
        let fullLength = aCount + bCount - 1
        var largest = 0.0
        var q = 0
        while q < convolutionLength && convolutionStart + q < fullLength {
          let index = convolutionStart + q
          var s = 0.0
          let low = max(0, index - (bCount - 1))
          let high = min(index, aCount - 1)
          if low <= high {
            for a in low...high { s += v0[aStart + a] * powers[index - a] }
          }
          v1[q] = s
          largest = max(largest, s)
          q += 1
        }
        if largest > 0 && largest < em128 {
          for r in v1.indices { v1[r] *= e128 }
          exponent -= 128
        }
        v1Start = v0Start + j1 - k1
      }
    }
    var answer = v1[n - v1Start]
    for m in 1...n {
      if abs(answer) > e128 {
        answer *= em128
        exponent += 128
      }
      answer *= Double(m)
    }
    return exponent != 0 ? scaled(answer, exponent) : answer
  }

  /// 1 − P(Dₙ ≤ x) by the Pelz-Good expansion (SciPy `_kolmogn_PelzGood(cdf=False)`).
  static func pelzGoodSurvival(_ n: Int, _ x: Double) -> Double {
    let pi2 = Double.pi * Double.pi
    let pi4 = pi2 * pi2
    let pi6 = pi4 * pi2
    let sqrt2Pi = (2 * Double.pi).squareRoot()
    let z = Double(n).squareRoot() * x
    let z2 = z * z
    let z3 = z2 * z
    let z4 = z2 * z2
    let z6 = z4 * z2
    let qLog = -pi2 / 8 / z2
    if qLog < -708 { return 1 }
    var q = LibM.exp(qLog)
    let k1a = -z2
    let k1b = pi2 / 4
    let k2a = 6 * z6 + 2 * z4
    let k2b = (2 * z4 - 5 * z2) * pi2 / 4
    let k2c = pi4 * (1 - 2 * z2) / 16
    let k3d = pi6 * (5 - 30 * z2) / 64
    let k3c = pi4 * (-60 * z2 + 212 * z4) / 16
    let k3b = pi2 * (135 * z4 - 96 * z6) / 4
    let k3a = -30 * z6 - 90 * z4 * z4
    var k = [0.0, 0.0, 0.0, 0.0]
    let maxK = Int((16 * z / Double.pi).rounded(.up))
    for kk in stride(from: maxK, through: 1, by: -1) {
      let m = Double(2 * kk - 1)
      let m2 = m * m
      let m4 = m2 * m2
      let m6 = m4 * m2
      let qPower = LibM.pow(q, Double(8 * kk))
      let coefficients = [
        1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6,
      ]
      for i in 0..<4 { k[i] = k[i] * qPower + coefficients[i] }
    }
    let divisors = [z, 6 * z4, 72 * LibM.pow(z, 7), 6480 * LibM.pow(z, 10)]
    for i in 0..<4 { k[i] = k[i] * q * sqrt2Pi / divisors[i] }
    q = LibM.exp(-pi2 / 2 / z2)
    var extra2 = 0.0
    var extra3 = 0.0
    let sqrt3z = 3.0.squareRoot() * z
    for kk in stride(from: maxK, through: 1, by: -1) {
      let ks = Double(kk)
      let qPower = LibM.pow(q, ks * ks)
      extra2 += ks * ks * qPower
      let kPi = Double.pi * ks
      extra3 += (sqrt3z + kPi) * (sqrt3z - kPi) * ks * ks * qPower
    }
    k[2] += extra2 * pi2 * sqrt2Pi / (-36 * z3)
    k[3] += extra3 * pi2 * sqrt2Pi / (216 * z6)
    for i in 0..<4 { k[i] /= LibM.pow(Double(n), Double(i) / 2) }
    return (((1 - k[0]) - k[1]) - k[2]) - k[3]
  }
}
