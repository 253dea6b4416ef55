import MetricModel

/// Why a calibration cannot make a single draw; each description is the line a user sees.
public enum CalibrationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The baseline holds no samples of any metric the configuration compares by workload.
  case noWorkloadData(revision: String)
  /// Fewer than two namespaces cover the whole range: none could move while another stays.
  case tooFewNamespaces(found: Int)
  /// The range is too short to leave `needed` milliseconds around a move.
  case tooShort(range: TimeWindow, needed: Int64)
  /// The number of runs is not positive.
  case invalidRuns(Int)

  public var description: String {
    switch self {
    case .noWorkloadData(let revision):
      return "revision \"\(revision)\" has no per-workload samples of the configuration's "
        + "metrics: nothing to calibrate on"
    case .tooFewNamespaces(let found):
      return "calibration needs at least 2 namespaces with data over the whole range "
        + "(one to move, one to stay); the baseline has \(found)"
    case .tooShort(let range, let needed):
      let minutes = (Double(needed) / 60_000).rounded(.up)
      return "the baseline's data (\(range)) is too short for a calibration draw: it needs "
        + "at least \(Int(minutes)) minutes (minIntervals and the warm-up on each side of a move)"
    case .invalidRuns(let runs):
      return "runs must be at least 1, not \(runs)"
    }
  }
}
