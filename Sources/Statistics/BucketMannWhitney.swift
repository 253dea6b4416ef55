/// The Mann-Whitney U test computed from histogram bucket counts: two count vectors over the
/// same ordered buckets, each bucket one ordinal value, so all observations in a bucket form one
/// tie group and get its mid-rank.
///
/// With canary counts c_j and baseline counts b_j (j in bucket order), n₁ = Σc, n₀ = Σb:
/// - U = Σ_j c_j·(Σ_{i<j} b_i + ½·b_j), the canary's pairs above the baseline plus half the
///   ties (SciPy's `statistic` for x = canary);
/// - the normal approximation with tie and continuity corrections,
///   σ² = n₁n₀/12·((N + 1) − Σ(t_j³ − t_j)/(N(N − 1))), t_j = c_j + b_j, exactly as
///   `MannWhitney`'s asymptotic branch; two-sided p = 2·P(Z ≥ (max(U, n₁n₀ − U) − n₁n₀/2 − ½)/σ),
///   clipped to 1; all observations in one bucket gives σ = 0 and p = 1.
/// Equals `scipy.stats.mannwhitneyu(expanded canary, expanded baseline, method="asymptotic",
/// use_continuity=True)` on the expanded values; never expands: O(buckets) time and memory.
/// Also the common-language effect U/(n₁n₀) = P(canary > baseline) + ½·P(tie).
/// Empty buckets are allowed. Throws unless both vectors have the same length, every count is
/// ≥ 0 and each side has at least one observation.
public enum BucketMannWhitney {
  /// U, z, p and the common-language effect.
  public struct Result: Sendable, Equatable {
    /// U of the canary against the baseline.
    public var u: Double
    /// The continuity-corrected z of the alternative's U (±∞ when σ = 0).
    public var z: Double
    /// The p-value for the alternative.
    public var pValue: Double
    /// U/(n₁n₀) = P(canary > baseline) + ½·P(tie).
    public var probabilityOfSuperiority: Double
  }

  /// The test; see the type's documentation.
  public static func test(canary: [Int], baseline: [Int], alternative: Alternative = .twoSided)
    throws -> Result
  {
    let summary = try BucketRankSummary(canary: canary, baseline: baseline)
    let (n1, n0) = (summary.canaryCount, summary.baselineCount)
    let product = Double(n1) * Double(n0)
    let u1 = summary.u
    let u: Double
    let factor: Double
    switch alternative {
    case .greater: (u, factor) = (u1, 1)
    case .less: (u, factor) = (product - u1, 1)
    case .twoSided: (u, factor) = (Swift.max(u1, product - u1), 2)
    }
    let z = MannWhitney.zScore(u: u, n1: n1, n2: n0, tieTerm: summary.tieTerm)
    return Result(
      u: u1, z: z, pValue: min(max(Normal.cdf(-z) * factor, 0), 1),
      probabilityOfSuperiority: u1 / product)
  }
}
