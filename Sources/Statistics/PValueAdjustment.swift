/// Multiple-comparison adjustment of p-values. Each function returns adjusted p-values in the
/// input order, clipped to [0, 1]; an empty input gives an empty output; a NaN or a value
/// outside [0, 1] throws `StatisticsError.invalidArgument`.
public enum PValueAdjustment {
  /// Bonferroni: min(1, m·p) (R `p.adjust(method = "bonferroni")`).
  public static func bonferroni(_ pValues: [Double]) throws -> [Double] {
    try validate(pValues)
    let m = Double(pValues.count)
    return pValues.map { min(1, $0 * m) }
  }

  /// Holm's step-down method (Holm 1979; R `p.adjust(method = "holm")`): with p sorted
  /// ascending, the i-th (1-based) becomes max over j ≤ i of (m − j + 1)·p₍ⱼ₎, clipped to 1.
  /// Ties keep their input order (stable sort), which does not change the values.
  public static func holm(_ pValues: [Double]) throws -> [Double] {
    try validate(pValues)
    let m = pValues.count
    let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
    var adjusted = [Double](repeating: 0, count: m)
    var running = 0.0
    for (rank, index) in order.enumerated() {
      running = max(running, Double(m - rank) * pValues[index])
      adjusted[index] = min(running, 1)
    }
    return adjusted
  }

  /// Benjamini-Hochberg false discovery rate (Benjamini & Hochberg 1995), SciPy
  /// `scipy.stats.false_discovery_control(ps, method="bh")`: p₍ᵢ₎·m/i, then the running
  /// minimum from the largest p down, clipped to [0, 1].
  public static func benjaminiHochberg(_ pValues: [Double]) throws -> [Double] {
    try validate(pValues)
    let m = pValues.count
    let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
    var adjusted = [Double](repeating: 0, count: m)
    var running = Double.infinity
    for rank in stride(from: m - 1, through: 0, by: -1) {
      let index = order[rank]
      running = min(running, pValues[index] * (Double(m) / Double(rank + 1)))
      adjusted[index] = min(max(running, 0), 1)
    }
    return adjusted
  }

  private static func validate(_ pValues: [Double]) throws {
    for p in pValues { try Validation.probability(p, name: "pValue") }
  }
}
