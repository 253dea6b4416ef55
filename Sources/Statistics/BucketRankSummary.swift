/// U, sizes and the tie term of two bucket-count vectors, in one pass over the buckets.
struct BucketRankSummary {
  let canaryCount: Int
  let baselineCount: Int
  /// U of the canary against the baseline.
  let u: Double
  /// Σ(t³ − t) over buckets.
  let tieTerm: Double

  /// Throws unless both vectors have the same length and every count is ≥ 0.
  static func validate(canary: [Int], baseline: [Int]) throws {
    guard canary.count == baseline.count else {
      throw StatisticsError.invalidArgument(
        name: "baseline", value: Double(baseline.count),
        requirement: "need as many buckets as the canary (\(canary.count))")
    }
    for (index, (c, b)) in zip(canary, baseline).enumerated() where c < 0 || b < 0 {
      throw StatisticsError.invalidArgument(
        name: "bucket \(index)", value: Double(min(c, b)), requirement: "counts must be ≥ 0")
    }
  }

  /// The summary; throws for invalid vectors or a side without observations.
  init(canary: [Int], baseline: [Int]) throws {
    try Self.validate(canary: canary, baseline: baseline)
    var below = 0
    var n1 = 0
    var total = CompensatedSum()
    var ties = CompensatedSum()
    for (c, b) in zip(canary, baseline) {
      total.add(Double(c) * (Double(below) + 0.5 * Double(b)))
      let t = Double(c + b)
      ties.add(t * t * t - t)
      below += b
      n1 += c
    }
    if n1 == 0 {
      throw StatisticsError.tooFewObservations(sample: "canary", count: 0, needed: 1)
    }
    if below == 0 {
      throw StatisticsError.tooFewObservations(sample: "baseline", count: 0, needed: 1)
    }
    canaryCount = n1
    baselineCount = below
    u = total.value
    tieTerm = ties.value
  }

  /// Var U under H0 with the tie correction (0 when all observations share one bucket).
  var variance: Double {
    let n = Double(canaryCount + baselineCount)
    return Double(canaryCount) * Double(baselineCount) / 12
      * ((n + 1) - tieTerm / (n * (n - 1)))
  }
}
