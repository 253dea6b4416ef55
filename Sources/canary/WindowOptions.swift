import ArgumentParser
import MetricModel

/// The comparison windows of analyze and pull: one for both sides, or one per side.
struct WindowOptions: ParsableArguments {
  // Unconditional: relative times such as -30m start with a dash.
  @Option(
    parsing: .unconditional, help: ArgumentHelp("Window start for both sides.", valueName: "TIME"))
  var from: String?
  @Option(
    parsing: .unconditional, help: ArgumentHelp("Window end for both sides.", valueName: "TIME"))
  var to: String?
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("Baseline window start (before/after comparisons).", valueName: "TIME"))
  var baselineFrom: String?
  @Option(
    parsing: .unconditional, help: ArgumentHelp("Baseline window end.", valueName: "TIME"))
  var baselineTo: String?
  @Option(
    parsing: .unconditional, help: ArgumentHelp("Canary window start.", valueName: "TIME"))
  var canaryFrom: String?
  @Option(parsing: .unconditional, help: ArgumentHelp("Canary window end.", valueName: "TIME"))
  var canaryTo: String?

  func validate() throws {
    if (from != nil || to != nil)
      && [baselineFrom, baselineTo, canaryFrom, canaryTo].contains(where: { $0 != nil })
    {
      throw ValidationError(
        "--from/--to cannot be combined with --baseline-from/--canary-from windows")
    }
  }

  /// The windows of a pull: `--from/--to` for both sides, or the separate baseline and canary
  /// ends; without them, the last hour (`--from -1h --to now`).
  func pullWindows(now: Int64) throws -> (
    baseline: (from: Int64, to: Int64), canary: (from: Int64, to: Int64)
  ) {
    func window(_ start: String?, _ end: String?, side: String) throws -> (from: Int64, to: Int64) {
      try Self.checked(
        (
          try TimeSpecification.milliseconds(start ?? "-1h", now: now),
          try TimeSpecification.milliseconds(end ?? "now", now: now)
        ), side: side)
    }
    let canary = try window(canaryFrom ?? from, canaryTo ?? to, side: "canary")
    let baseline = try window(
      baselineFrom ?? from ?? canaryFrom, baselineTo ?? to ?? canaryTo, side: "baseline")
    return (baseline, canary)
  }

  /// `window` when it is not empty; a usage error (64) naming the side otherwise.
  static func checked(_ window: (from: Int64, to: Int64), side: String) throws -> (
    from: Int64, to: Int64
  ) {
    guard window.from < window.to else {
      throw CommandFailure(
        status: .usage,
        message: "the \(side) window is empty: from "
          + "\(TimeSpecification.format(milliseconds: window.from)) is not before to "
          + "\(TimeSpecification.format(milliseconds: window.to))")
    }
    return window
  }
}
