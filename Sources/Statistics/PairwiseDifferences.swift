/// The n·m pairwise differences `x_i − y_j` of two samples, represented implicitly by the
/// sorted samples so that nothing of size n·m is ever allocated.
///
/// Differences are the floating-point values `x_i − y_j` (one rounding each). Because rounding
/// is monotone, `x_i − y_j` is nondecreasing in `x_i` and nonincreasing in `y_j`, which makes
/// `count(atMost:)` an O(n + m) two-pointer sweep. Order statistics are found by bisecting the
/// value range with such counts until at most max((n + m)/8, 1024) candidates remain, which are
/// then collected and sorted: O((n + m) · log(n·m)) time and O(n + m) memory, a deterministic
/// variant of Monahan's (1984) selection (no random pivots, so no generator is needed).
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
    x.withUnsafeBufferPointer { xs in
      y.withUnsafeBufferPointer { ys in
        var total = 0
        var j = 0
        let m = ys.count
        for xi in xs {
          while j < m && xi - ys[j] > d { j += 1 }
          total += m - j
        }
        return total
      }
    }
  }

  /// The differences d with `low < d ≤ high`, in no particular order.
  func differences(above low: Double, atMost high: Double) -> [Double] {
    var result = [Double]()
    x.withUnsafeBufferPointer { xs in
      y.withUnsafeBufferPointer { ys in
        var first = 0  // first j with xi − y_j ≤ high
        var end = 0  // first j with xi − y_j ≤ low
        let m = ys.count
        for xi in xs {
          while first < m && xi - ys[first] > high { first += 1 }
          while end < m && xi - ys[end] > low { end += 1 }
          var j = first
          while j < end {
            result.append(xi - ys[j])
            j += 1
          }
        }
      }
    }
    return result
  }

  /// The k-th smallest difference, 1-based (k in 1...count).
  ///
  /// Keeps a bracket (low, high] with count(low) < k ≤ count(high) and halves it at the value
  /// midpoint (or, where that cannot split it, at the midpoint of the Doubles' ordered bit
  /// patterns); once at most `materializeLimit` differences remain inside, they are collected
  /// and sorted. With roughly uniform density each halving halves the candidates, so about
  /// log2(n·m / (n + m)) sweeps of O(n + m) are needed.
  func orderStatistic(_ k: Int) -> Double {
    let smallest = x[0] - y[y.count - 1]
    var high = x[x.count - 1] - y[0]
    var low = smallest.nextDown
    var countLow = 0
    var countHigh = count
    let materializeLimit = Swift.max((x.count + y.count) / 8, 1024)
    while Self.key(low) + 1 < Self.key(high) {
      if countHigh - countLow <= materializeLimit {
        let candidates = differences(above: low, atMost: high).sorted()
        return candidates[k - countLow - 1] + 0.0
      }
      var mid = low / 2 + high / 2
      if !(mid > low && mid < high) || !mid.isFinite {
        let a = Self.key(low)
        mid = Self.value(a + (Self.key(high) - a) / 2)
      }
      let c = count(atMost: mid)
      if c >= k {
        high = mid
        countHigh = c
      } else {
        low = mid
        countLow = c
      }
    }
    return high + 0.0  // + 0.0 turns a −0.0 into +0.0
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
