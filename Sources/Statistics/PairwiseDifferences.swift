/// The n·m pairwise differences `x_i − y_j` of two samples, represented implicitly by the
/// sorted samples so that nothing of size n·m is ever allocated.
///
/// Differences are the floating-point values `x_i − y_j` (one rounding each). Because rounding
/// is monotone, `x_i − y_j` is nondecreasing in `x_i` and nonincreasing in `y_j`, which makes
/// `count(atMost:)` an O(n + m) two-pointer sweep. Order statistics are found by bisection over
/// the ordered bit patterns of Doubles between the smallest and largest difference: at most 64
/// sweeps, each O(n + m), so selection is O((n + m) · 64) time and O(1) extra memory — a
/// deterministic alternative to Monahan's (1984) randomized selection with the same purpose.
struct PairwiseDifferences {
  let x: [Double]
  let y: [Double]

  /// `sortedX`, `sortedY`: ascending, non-empty, finite.
  init(sortedX: [Double], sortedY: [Double]) {
    x = sortedX
    y = sortedY
  }

  var count: Int { x.count * y.count }

  /// Number of pairs with `x_i − y_j ≤ d`.
  func count(atMost d: Double) -> Int {
    // For increasing x_i, the set of y_j with x_i − y_j ≤ d shrinks to a suffix that starts
    // further right; `j` is the first index of that suffix.
    var total = 0
    var j = 0
    let m = y.count
    for xi in x {
      while j < m && xi - y[j] > d { j += 1 }
      total += m - j
    }
    return total
  }

  /// The k-th smallest difference, 1-based (k in 1...count).
  func orderStatistic(_ k: Int) -> Double {
    var low = Self.key(x[0] - y[y.count - 1])  // smallest difference
    var high = Self.key(x[x.count - 1] - y[0])  // largest difference
    // Invariant: count(atMost: value(high)) ≥ k; answer in [low, high].
    while low < high {
      let mid = low + (high - low) / 2
      if count(atMost: Self.value(mid)) >= k {
        high = mid
      } else {
        low = mid + 1
      }
    }
    return Self.value(high) + 0.0  // + 0.0 turns a −0.0 into +0.0
  }

  /// Median of the differences (mean of the two middle ones for an even count), computed as
  /// `a/2 + b/2`, which equals the correctly rounded `(a + b)/2` without overflow.
  func median() -> Double {
    let n = count
    if n % 2 == 1 { return orderStatistic(n / 2 + 1) }
    let a = orderStatistic(n / 2)
    let b = orderStatistic(n / 2 + 1)
    return a / 2 + b / 2
  }

  /// Monotone map from Double (not NaN) to UInt64: a < b ⇔ key(a) < key(b) (−0 < +0).
  static func key(_ d: Double) -> UInt64 {
    let bits = d.bitPattern
    return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
  }

  /// Inverse of `key(_:)`.
  static func value(_ k: UInt64) -> Double {
    k & (1 << 63) != 0 ? Double(bitPattern: k & ~(1 << 63)) : Double(bitPattern: ~k)
  }
}
