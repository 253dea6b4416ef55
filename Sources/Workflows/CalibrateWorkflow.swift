import Analysis
import MetricModel
import Simulation
import Store

/// `canary calibrate`: the false-rollback rate of a configuration on the database's own
/// baseline data, over seeded null draws (VERDICT.md §6). Reads the database, writes nothing.
public struct CalibrateWorkflow: Sendable {
  /// Database file.
  public var databasePath: String
  /// The baseline revision, the configuration, the number of runs and the first seed.
  public var request: CalibrationRequest
  /// Judge each draw as `watch --replay` with the default ``WatchRules`` would, look by look
  /// with anytime-valid tests, instead of one fixed-horizon analysis.
  public var sequential = false

  /// Creates the use case.
  public init(databasePath: String, request: CalibrationRequest) {
    self.databasePath = databasePath
    self.request = request
  }

  /// Runs every draw; `now` (Unix milliseconds) is stamped on the runs' reports, which are
  /// not stored.
  /// - Throws: ``WorkflowError/unknownRevision(name:known:)`` for a baseline the database
  ///   does not hold, ``CalibrationError`` when the data allows no draw.
  public func run(now: Int64) throws -> CalibrationResult {
    let store = try DatabaseFile.reading(databasePath)
    let known = try store.revisionNames()
    guard known.contains(request.baseline) else {
      throw WorkflowError.unknownRevision(name: request.baseline, known: known)
    }
    // SplitMix64 is the seeded generator of the simulator: the same seed, the same draws
    // on every platform.
    guard sequential else {
      return try Calibrator.calibrate(request, data: store, createdAt: now) {
        SplitMix64(seed: $0)
      }
    }
    let every = request.configuration.stepMilliseconds
    return try Calibrator.calibrate(request, data: store, makeGenerator: { SplitMix64(seed: $0) }) {
      analysis, view in
      let (report, decision, _) = try WatchRules().replay(
        analysis, data: view, every: every, createdAt: now)
      var decided = report
      decided.verdict = decision
      return decided
    }
  }
}
