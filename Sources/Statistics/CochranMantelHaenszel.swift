/// The Cochran-Mantel-Haenszel test of conditional independence in K 2×2 tables, and the
/// Mantel-Haenszel common odds ratio with the Robins-Breslow-Greenland variance of its log
/// (Robins, Breslow & Greenland 1986).
///
/// Table k is `[[a, b], [c, d]]` (rows canary and baseline, columns events and non-events),
/// n = a + b + c + d. Reference: statsmodels `StratifiedTable(tables)`:
/// - statistic X² = (|Σ(a − E a)| − c)² / Σ Var a, E a = (a+b)(a+c)/n,
///   Var a = (a+b)(c+d)(a+c)(b+d)/(n²(n − 1)), c = ½ with `continuityCorrection` (R
///   `mantelhaen.test`'s rule: no correction when |Σ(a − E a)| < ½; statsmodels would subtract
///   ½ anyway and square a negative number), else 0. p = P(χ²₁ > X²), from the survival
///   function (statsmodels forms 1 − cdf, which loses digits below 1e-16);
///   `test_null_odds(correction=...)`.
/// - OR = Σ(ad/n)/Σ(bc/n) (`oddsratio_pooled`); SE of log OR by Robins-Breslow-Greenland
///   (`logodds_pooled_se`); interval exp(log OR ± z₁₋α/₂ SE) (`oddsratio_pooled_confint`).
/// Tables with n < 2 carry no information and are skipped. Throws for empty input, negative
/// counts, confidence outside (0, 1), and `undefined` when every table has a zero margin
/// (Σ Var a = 0). OR and interval are `nil` when Σ ad/n or Σ bc/n is 0 (OR 0 or ∞).
public enum CochranMantelHaenszel {
  /// Test, pooled odds ratio and its interval.
  public struct Result: Sendable, Equatable {
    /// The CMH chi-square statistic (1 degree of freedom).
    public var statistic: Double
    /// P(χ²₁ > statistic).
    public var pValue: Double
    /// The Mantel-Haenszel common odds ratio, `nil` when it is 0 or ∞.
    public var oddsRatio: Double?
    /// Robins-Breslow-Greenland SE of log OR, `nil` with the odds ratio.
    public var standardErrorOfLog: Double?
    /// The Wald interval exp(log OR ± z SE), `nil` with the odds ratio.
    public var interval: ConfidenceInterval?
  }

  /// The test and estimate; see the type's documentation.
  public static func test(
    _ tables: [Table2x2], continuityCorrection: Bool = false, confidence: Double = 0.95
  ) throws -> Result {
    if tables.isEmpty {
      throw StatisticsError.tooFewObservations(sample: "tables", count: 0, needed: 1)
    }
    try ClopperPearson.validateConfidence(confidence)
    for t in tables { try t.validate() }
    var sums = Sums()
    for t in tables where t.total >= 2 { sums.add(t) }
    let variance = sums.variance.value
    guard variance > 0 else {
      throw StatisticsError.undefined(reason: "every table has a zero margin")
    }
    var deviation = abs(sums.deviation.value)
    if continuityCorrection && deviation >= 0.5 { deviation -= 0.5 }
    let statistic = deviation * deviation / variance
    let p = Gamma.pair(a: 0.5, x: statistic / 2).upper
    let r = sums.r.value
    let s = sums.s.value
    guard r > 0, s > 0 else {
      return Result(statistic: statistic, pValue: p, oddsRatio: nil)
    }
    let logVariance =
      sums.pr.value / (2 * r * r) + sums.psqr.value / (2 * r * s) + sums.qs.value / (2 * s * s)
    let se = logVariance.squareRoot()
    let oddsRatio = r / s
    let critical = -Normal.ppnd16((1 - confidence) / 2)
    let interval = ConfidenceInterval(
      low: oddsRatio * LibM.exp(-critical * se), high: oddsRatio * LibM.exp(critical * se),
      confidence: confidence)
    return Result(
      statistic: statistic, pValue: min(max(p, 0), 1), oddsRatio: oddsRatio,
      standardErrorOfLog: se, interval: interval)
  }

  /// The running sums over tables: R = ad/n, S = bc/n, P = (a+d)/n, Q = (b+c)/n.
  struct Sums {
    var deviation = CompensatedSum()
    var variance = CompensatedSum()
    var r = CompensatedSum()
    var s = CompensatedSum()
    var pr = CompensatedSum()
    var psqr = CompensatedSum()
    var qs = CompensatedSum()

    mutating func add(_ t: Table2x2) {
      let (a, b, c, d) = (Double(t.a), Double(t.b), Double(t.c), Double(t.d))
      let n = Double(t.total)
      deviation.add(a - (a + b) * ((a + c) / n))
      variance.add((a + b) * (c + d) / n * ((a + c) * (b + d) / (n * (n - 1))))
      let rk = a * d / n
      let sk = b * c / n
      let pk = (a + d) / n
      let qk = (b + c) / n
      r.add(rk)
      s.add(sk)
      pr.add(pk * rk)
      psqr.add(pk * sk + qk * rk)
      qs.add(qk * sk)
    }
  }
}
