import Foundation
import Testing

@testable import Analysis

/// The tally of a calibration against SciPy's Clopper-Pearson interval, from
/// `make_calibration_reference.py` (absolute tolerance 1e-9; SciPy's root finder is good to
/// 2e-12).
@Suite struct CalibrationReferenceTests {
  struct Case: Decodable {
    var rollbacks: Int
    var runs: Int
    var alpha: Double
    var rate: Double
    var low: Double
    var high: Double
    var flagged: Bool
  }

  struct File: Decodable {
    var cases: [Case]
  }

  @Test func tallyMatchesSciPy() throws {
    let folder = try #require(Bundle.module.url(forResource: "Reference", withExtension: nil))
    let data = try Data(contentsOf: folder.appendingPathComponent("calibration.json"))
    let cases = try JSONDecoder().decode(File.self, from: data).cases
    #expect(cases.count == 80)
    for entry in cases {
      let verdicts =
        Array(repeating: Verdict.rollback, count: entry.rollbacks)
        + Array(repeating: Verdict.promote, count: entry.runs - entry.rollbacks)
      let tally = try CalibrationResult.tally(verdicts: verdicts, alpha: entry.alpha)
      let label = "\(entry.rollbacks) of \(entry.runs) at \(entry.alpha)"
      #expect(tally.rollbacks == entry.rollbacks, "\(label)")
      #expect(abs(tally.rate - entry.rate) < 1e-15, "\(label)")
      #expect(abs(tally.interval.low - entry.low) < 1e-9, "\(label) low")
      #expect(abs(tally.interval.high - entry.high) < 1e-9, "\(label) high")
      #expect(tally.flagged == entry.flagged, "\(label)")
    }
  }

  @Test func inconclusiveRunsAreNotRollbacks() throws {
    let tally = try CalibrationResult.tally(
      verdicts: [.inconclusive, .inconclusive, .promote, .rollback], alpha: 0.05)
    #expect(tally.rollbacks == 1)
    #expect(tally.rate == 0.25)
    #expect(tally.flagged)
  }
}
