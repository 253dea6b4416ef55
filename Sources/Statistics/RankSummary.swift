/// Rank information of two samples pooled, computed by merging the sorted samples in
/// O(n + m) (after the O(n log n) sorts) instead of materialising ranks.
struct RankSummary {
  /// SciPy's U1: pairs with x > y plus half the tied pairs.
  let u1: Double
  /// Σ (t³ − t) over groups of equal values in the pooled sample (the tie term of the
  /// normal approximation's variance).
  let tieTerm: Double
  /// Whether any value occurs more than once in the pooled sample.
  let hasTies: Bool

  /// `sortedX` and `sortedY` ascending, finite.
  init(sortedX x: [Double], sortedY y: [Double]) {
    var i = 0
    var j = 0
    var u = 0.0
    var ties = 0.0
    var anyTie = false
    while i < x.count || j < y.count {
      let v: Double
      if j >= y.count || (i < x.count && x[i] <= y[j]) { v = x[i] } else { v = y[j] }
      let yBelow = j
      var cx = 0
      while i < x.count && x[i] == v {
        cx += 1
        i += 1
      }
      var cy = 0
      while j < y.count && y[j] == v {
        cy += 1
        j += 1
      }
      u += Double(cx) * Double(yBelow) + 0.5 * Double(cx) * Double(cy)
      let t = Double(cx + cy)
      if cx + cy > 1 {
        anyTie = true
        ties += t * t * t - t
      }
    }
    u1 = u
    tieTerm = ties
    hasTies = anyTie
  }

  /// Σ (t³ − t) over groups of equal values within one sorted sample.
  static func withinTieTerm(_ sorted: [Double]) -> Double {
    var total = 0.0
    var start = 0
    while start < sorted.count {
      var end = start + 1
      while end < sorted.count && sorted[end] == sorted[start] { end += 1 }
      let t = Double(end - start)
      total += t * t * t - t
      start = end
    }
    return total
  }
}
