import Analysis
import ArgumentParser
import Foundation
import Workflows

/// `canary calibrate`: how often the configuration rolls back a canary that changed nothing,
/// measured on the baseline's own data.
struct CalibrateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calibrate",
    abstract: "Measure the configuration's false-rollback rate on the baseline's own data.",
    discussion: """
      Each run draws half of the baseline's namespaces (at least one, never all) and a move \
      time, presents the drawn namespaces' data after the move as a pseudo canary revision, \
      and runs the analysis canary analyze would run: each moved workload against its own \
      past, less the change of the workloads that stayed. Nothing differs but chance, so \
      every rollback is a false one. Run i uses seed --seed + i (--seed S --runs 1 repeats \
      the first run). Namespaces whose data does not cover the whole range, and istiod's \
      metrics (one control plane: nothing to split), are left out and listed. \
      Exit codes: 0 the measured rate is at most alpha, 1 it exceeds alpha (flagged), \
      2 too little data for one draw (2 namespaces and minIntervals plus warm-up steps on \
      each side of a move are needed), 64 usage error, 65 bad configuration, 66 missing \
      database or unknown revision, 74 database I/O error.
      """)

  @OptionGroup var database: DatabaseOptions

  @Option(help: "Baseline revision whose data is split (e.g. stable).")
  var baseline: String

  @Option(help: "Analysis configuration (YAML); default: the built-in Istio configuration.")
  var config: String?

  @Option(help: "Number of draws.")
  var runs = 40

  @Option(help: "Seed of the first draw.")
  var seed: UInt64 = 1

  @Option(help: "Output format: text or json.")
  var output: ListingFormat = .text

  @Flag(
    help:
      "Judge each draw as canary watch --replay would (anytime-valid looks every step, watch's default rules) instead of one canary analyze."
  )
  var sequential = false

  func validate() throws {
    guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
  }

  func run() throws {
    var request = CalibrationRequest(
      baseline: baseline, configuration: try ConfigurationFile.load(config))
    request.runs = runs
    request.seed = seed
    let result: CalibrationResult
    do {
      var workflow = CalibrateWorkflow(databasePath: database.resolvedPath, request: request)
      workflow.sequential = sequential
      result = try workflow.run(now: Clock.now())
    } catch let error as CalibrationError {
      throw CommandFailure(status: .inconclusive, message: error.description)
    }
    switch output {
    case .json: print(try JSONOutput.encode(result))
    case .text: print(Self.text(result), terminator: "")
    }
    if result.flagged {
      Terminal.warning(
        "the measured false-rollback rate \(Self.percent(result.rate)) exceeds alpha "
          + "\(Self.percent(result.alpha)): the configuration is too sensitive for this data")
      throw ExitCode(ExitStatus.rollback.rawValue)
    }
  }

  /// The result as a terminal reads it: the rate, what the draws were made of, failures per
  /// metric, one line per run.
  static func text(_ result: CalibrationResult) -> String {
    let verdict = result.flagged ? "above" : "within"
    var text = """
      CALIBRATION: \(result.rollbacks) of \(result.runs) runs rolled back: false-rollback rate \
      \(percent(result.rate)) (95% CI \(percent(result.interval.low))..\
      \(percent(result.interval.high))), \(verdict) alpha \(percent(result.alpha))
      verdicts: \(result.promote) promote, \(result.inconclusive) inconclusive, \
      \(result.rollbacks) rollback
      baseline \(result.baseline) \(result.range.from) .. \(result.range.to): \
      \(result.namespaces.count) namespaces (\(result.namespaces.joined(separator: ", ")))

      """
    if !result.leftOutNamespaces.isEmpty {
      text +=
        "left out (data does not cover the range): "
        + result.leftOutNamespaces.joined(separator: ", ") + "\n"
    }
    if !result.excludedMetrics.isEmpty {
      text +=
        "not calibrated (istiod's metrics, one control plane to split): "
        + result.excludedMetrics.joined(separator: ", ") + "\n"
    }
    text += "\n"
    text += TextTable(
      header: ["METRIC", "FAILURES"],
      rows: result.metrics.map { [$0.name, String($0.failures)] }
    ).render()
    text += "\n"
    text += TextTable(
      header: ["SEED", "MOVED", "MOVE", "VERDICT", "FAILING"],
      rows: result.draws.map {
        [
          String($0.seed), $0.movedNamespaces.joined(separator: ","), $0.moveTime,
          $0.verdict.rawValue, $0.failing.isEmpty ? "-" : $0.failing.joined(separator: ","),
        ]
      }
    ).render()
    return text
  }

  /// `12.5%`, `0%`, `0.126%`: three significant digits at most.
  static func percent(_ fraction: Double) -> String {
    String(format: "%.3g%%", fraction * 100)
  }
}
