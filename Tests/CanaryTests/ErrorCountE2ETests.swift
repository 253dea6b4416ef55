import Foundation
import Testing

/// Small error counts through the built binary (VERDICT.md §4): `canary ingest --format csv`
/// of one workload that restarts from `stable` onto `canary`, then `canary analyze --output
/// json` before-after with the fixtures' windows and no warm-up. The fixtures and the
/// reference values (SciPy's `binomtest`, statsmodels' `test_poisson_2indep` "exact-cond",
/// Clopper-Pearson bounds) come from `Fixtures/error-counts/make_fixtures.py`, which also
/// checks that Prometheus' `increase()` over the fixtures' steps adds up to exactly the stated
/// requests and errors.
@Suite(.serialized) struct ErrorCountE2ETests {
  static let folder = CanaryProcess.root.appendingPathComponent(
    "Tests/CanaryTests/Fixtures/error-counts")

  /// One case of `reference.json`.
  struct Reference {
    var canaryErrors: Double
    var canaryRequests: Double
    var baselineErrors: Double
    var baselineRequests: Double
    var pValueTwoSided: Double
    var pValueGreater: Double
    var ciLow: Double
    var ciHigh: Double?
  }

  /// What `canary analyze` said: its exit status, the report and its error-rate metric.
  struct Analysis {
    var status: Int32
    var report: [String: Any]
    var metric: [String: Any]
    var effect: [String: Any]
    var evidence: [String: Any]
  }

  static func references() throws -> (windows: [String: Int], cases: [String: Reference]) {
    let data = try Data(contentsOf: folder.appendingPathComponent("reference.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let windows = try #require(json["windows"] as? [String: Int])
    let cases = try #require(json["cases"] as? [String: [String: Any]])
    var out: [String: Reference] = [:]
    for (name, value) in cases {
      func number(_ key: String) throws -> Double { try #require(value[key] as? Double, "\(key)") }
      out[name] = Reference(
        canaryErrors: try number("canaryErrors"), canaryRequests: try number("canaryRequests"),
        baselineErrors: try number("baselineErrors"),
        baselineRequests: try number("baselineRequests"),
        pValueTwoSided: try number("pValueTwoSided"), pValueGreater: try number("pValueGreater"),
        ciLow: try number("ciLow"), ciHigh: value["ciHigh"] as? Double)
    }
    return (windows, out)
  }

  /// Ingests `name.csv` into a fresh database and analyzes it with the fixtures' windows.
  static func analyze(_ name: String) throws -> (Analysis, Reference) {
    let (windows, cases) = try references()
    #expect(cases.count == 2)
    let reference = try #require(cases[name])
    let scratch = try Scratch()
    let db = scratch.path("canary.db")
    let csv = folder.appendingPathComponent("\(name).csv").path
    let ingest = try CanaryProcess.run(["ingest", "--db", db, "--format", "csv", csv])
    try #require(ingest.status == 0, "\(ingest.stderr)")
    func time(_ key: String) throws -> String { String(try #require(windows[key], "\(key)")) }
    let analyze = try CanaryProcess.run([
      "analyze", "--db", db, "--baseline", "stable", "--canary", "canary", "--config",
      folder.appendingPathComponent("error-rate-only.yaml").path,
      "--baseline-from", try time("baselineFrom"), "--baseline-to", try time("baselineTo"),
      "--canary-from", try time("canaryFrom"), "--canary-to", try time("canaryTo"),
      "--output", "json", "--no-save",
    ])
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(analyze.stdout.utf8)) as? [String: Any],
      "\(analyze.stderr)")
    let metrics = try #require(report["metrics"] as? [[String: Any]])
    #expect(metrics.count == 1)
    let metric = try #require(metrics.first { $0["name"] as? String == "error-rate" })
    let analysis = Analysis(
      status: analyze.status, report: report, metric: metric,
      effect: try #require(metric["effect"] as? [String: Any]),
      evidence: try #require(metric["evidence"] as? [String: Any]))
    // Every request and error of the fixture is compared, as the reference counts them.
    #expect(metric["design"] as? String == "before-after")
    #expect(metric["test"] as? String == "poisson-exact")
    #expect(analysis.evidence["canaryEvents"] as? Double == reference.canaryErrors)
    #expect(analysis.evidence["canaryExposure"] as? Double == reference.canaryRequests)
    #expect(analysis.evidence["baselineEvents"] as? Double == reference.baselineErrors)
    #expect(analysis.evidence["baselineExposure"] as? Double == reference.baselineRequests)
    return (analysis, reference)
  }

  static func relative(_ value: Any?, _ expected: Double) -> Double {
    guard let value = value as? Double else { return .infinity }
    return abs(value - expected) / abs(expected)
  }

  /// 5 errors in 10,000 canary requests against 0 in 100,000: p = (1/11)^5 = 6.2e-6, the
  /// two-sided 95% interval on the rate ratio from 9.1636 (the one-sided bound is 12.19).
  @Test func fiveErrorsAgainstNoneRollBack() throws {
    let (analysis, reference) = try Self.analyze("zero-baseline")
    #expect(analysis.status == 1)
    #expect(analysis.report["verdict"] as? String == "rollback")
    #expect(analysis.metric["classification"] as? String == "high")
    #expect(abs(reference.pValueGreater - pow(1.0 / 11, 5)) < 1e-15)
    #expect(reference.pValueTwoSided == reference.pValueGreater)
    #expect(Self.relative(analysis.metric["pValue"], pow(1.0 / 11, 5)) < 1e-9)
    #expect(Self.relative(analysis.metric["pValue"], reference.pValueTwoSided) < 1e-9)
    #expect(abs((analysis.effect["ciLow"] as? Double ?? 0) - reference.ciLow) < 1e-4)
    #expect(abs(reference.ciLow - 9.1636) < 1e-4)
    // The ratio from no baseline errors is infinite: no number, no upper bound.
    #expect(analysis.effect["ciHigh"] is NSNull)
    #expect(reference.ciHigh == nil)
    let reasons = try #require(analysis.report["reasons"] as? [String])
    #expect(reasons.first?.hasPrefix("critical metric error-rate failed") == true)
  }

  /// No errors in 20,000 canary requests against 12 in 200,000: the two-sided 95% interval
  /// on the rate ratio reaches 3.599, so these requests cannot show that the canary does not
  /// double the error rate.
  ///
  ///
  /// No harm is shown (the metric passes), but the interval's upper end, ×3.6, lies beyond the
  /// allowed ×1.5: the verdict is inconclusive (exit 2), and the reason says so and how many
  /// more minutes at the canary's traffic would settle it.
  @Test func zeroCanaryErrorsCannotExcludeADoubling() throws {
    let (analysis, reference) = try Self.analyze("zero-canary")
    let upper = try #require(analysis.effect["ciHigh"] as? Double)
    let expected = try #require(reference.ciHigh)
    #expect(abs(upper - expected) < 1e-4)
    #expect(abs(expected - 3.5989) < 1e-4)
    #expect(upper > 2)
    #expect(analysis.effect["ciLow"] as? Double == 0)
    #expect(analysis.effect["ratio"] as? Double == 0)
    #expect(Self.relative(analysis.metric["pValue"], reference.pValueTwoSided) < 1e-9)
    #expect(reference.pValueGreater == 1)
    #expect(analysis.metric["classification"] as? String == "pass")
    #expect(analysis.report["verdict"] as? String == "inconclusive")
    #expect(analysis.status == 2)
    let tolerance = try #require(analysis.metric["tolerance"] as? [String: Any])
    #expect(tolerance["inside"] as? Bool == false)
    #expect(abs((tolerance["bound"] as? Double ?? 0) - expected) < 1e-4)
    let more = try #require(tolerance["moreMinutes"] as? Double)
    #expect(more > 0)
    let reasons = try #require(analysis.report["reasons"] as? [String])
    let reason = try #require(reasons.first)
    #expect(reason.hasPrefix("critical metric error-rate cannot yet exclude ×3.599"), "\(reason)")
    #expect(reason.contains("more minutes at the canary's current"), "\(reason)")
    print("zero-canary reason: \(reason)")
  }
}
