import Testing

/// Guards the table-driven tests: a reference file that failed to load would otherwise turn
/// its parameterized test into zero silent cases.
@Suite struct ReferenceFileTests {
  static let files: [(String, Int)] = [
    ("mann_whitney.json", 192), ("hodges_lehmann.json", 180), ("descriptive.json", 13),
    ("distributions.json", 474), ("welch_brunner.json", 64), ("kolmogorov_smirnov.json", 285),
    ("fisher_proportions.json", 160), ("adjustments.json", 17), ("poisson_rate.json", 146),
    ("non_inferiority.json", 40), ("mh_rate.json", 64), ("stratified_exact.json", 54),
    ("cmh.json", 64), ("dispersion.json", 32), ("bucket_mann_whitney.json", 70),
    ("van_elteren.json", 36), ("batch_means.json", 32), ("binomial.json", 268),
    ("normal_mixture.json", 60), ("log_normal_cdf.json", 18), ("binomial_mixture.json", 106),
    ("random_effects.json", 220),
  ]

  @Test func everyFileLoadsWithItsCasesAndSciPyVersion() throws {
    var total = 0
    for (name, expected) in Self.files {
      let cases = try ReferenceData.cases(name, as: ReferenceData.Empty.self)
      #expect(cases.count == expected, "\(name)")
      #expect(try ReferenceData.scipyVersion(name) == "1.17.1", "\(name)")
      total += cases.count
    }
    #expect(total == 1385 + 538 + 268 + 184 + 220)
    #expect(try ReferenceData.pairs().count == 64)
  }
}
