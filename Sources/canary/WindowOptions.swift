import ArgumentParser
import Workflows

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

  /// The flags as the use cases take them.
  var flags: WindowFlags {
    WindowFlags(
      from: from, to: to, baselineFrom: baselineFrom, baselineTo: baselineTo,
      canaryFrom: canaryFrom, canaryTo: canaryTo)
  }
}
