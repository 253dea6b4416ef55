import MetricModel
import Testing

@testable import Analysis

/// Whole calibrations over the in-memory null mesh: each draw runs the ordinary analysis
/// with the matched before-after design, and the tally follows the verdicts.
@Suite struct CalibratorTests {
  static func request(runs: Int, seed: UInt64 = 1) throws -> CalibrationRequest {
    var request = CalibrationRequest(
      baseline: "stable", configuration: try CalibrationMesh.configuration())
    request.runs = runs
    request.seed = seed
    return request
  }

  @Test func eachDrawIsJudgedBeforeAfterAgainstTheWorkloadsThatStayed() throws {
    var reports: [(CalibrationSplit, AnalysisReport)] = []
    let result = try Calibrator.calibrate(
      Self.request(runs: 6), data: CalibrationMesh.data(), makeGenerator: TestGenerator.init
    ) { request, view in
      #expect(request.baseline == "stable")
      #expect(request.canary == Calibrator.canaryName)
      #expect(request.baselineWindow == nil)
      #expect(request.canaryWindow == (try view.canaryRange()))
      let report = try Analyzer.analyze(request, data: view, createdAt: 0)
      reports.append((view.split, report))
      return report
    }
    #expect(reports.count == 6)
    for (split, report) in reports {
      let errors = try #require(report.metrics.first { $0.name == "error-rate" })
      #expect(errors.design == .beforeAfter, "\(errors.reason)")
      #expect(errors.matched == true)
      let evidence = try #require(errors.evidence)
      #expect(evidence.comparedUnits == 2 * split.moved.count)
      #expect(evidence.controlUnits == 2 * (CalibrationMesh.namespaces.count - split.moved.count))
      #expect(report.verdict == .promote, "\(report.reasons)")
    }
    #expect(result.runs == 6)
    #expect(result.promote == 6)
    #expect(result.rollbacks == 0)
    #expect(result.rate == 0)
    #expect(!result.flagged)
    #expect(result.draws.map(\.seed) == Array(1...6))
    #expect(result.draws.map(\.movedNamespaces) == reports.map(\.0.moved))
    #expect(result.metrics == [.init(name: "error-rate", failures: 0)])
    #expect(result.excludedMetrics == ["xds-pushes"])
    #expect(result.leftOutNamespaces == ["gone"])
  }

  @Test func theSameSeedGivesTheSameCalibration() throws {
    let data = CalibrationMesh.data()
    let first = try Calibrator.calibrate(
      Self.request(runs: 4, seed: 9), data: data, createdAt: 0, makeGenerator: TestGenerator.init)
    let again = try Calibrator.calibrate(
      Self.request(runs: 4, seed: 9), data: data, createdAt: 0, makeGenerator: TestGenerator.init)
    #expect(first == again)
    // Run i uses seed + i: one run from seed 11 is the third run from seed 9.
    let third = try Calibrator.calibrate(
      Self.request(runs: 1, seed: 11), data: data, createdAt: 0,
      makeGenerator: TestGenerator.init)
    #expect(third.draws == [first.draws[2]])
  }

  @Test func rollbacksAreCountedAndFlagged() throws {
    // A judge that rolls back every other draw, naming the metric that failed.
    var count = 0
    let result = try Calibrator.calibrate(
      Self.request(runs: 10), data: CalibrationMesh.data(), makeGenerator: TestGenerator.init
    ) { request, view in
      var report = try Analyzer.analyze(request, data: view, createdAt: 0)
      count += 1
      if count.isMultiple(of: 2) {
        report.verdict = .rollback
        report.metrics[0].classification = .high
      }
      return report
    }
    #expect(result.rollbacks == 5)
    #expect(result.promote == 5)
    #expect(result.rate == 0.5)
    #expect(result.flagged)
    #expect(result.metrics == [.init(name: "error-rate", failures: 5)])
    #expect(result.draws.filter { $0.failing == ["error-rate"] }.count == 5)
    #expect(result.interval.low < 0.5 && result.interval.high > 0.5)
  }

  @Test func noRunsIsAnError() throws {
    #expect(throws: CalibrationError.invalidRuns(0)) {
      try Calibrator.calibrate(
        Self.request(runs: 0), data: CalibrationMesh.data(), createdAt: 0,
        makeGenerator: TestGenerator.init)
    }
  }
}
