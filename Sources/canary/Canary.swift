import ArgumentParser
import Foundation

/// The `canary` command: decides whether a canary Istio revision is safe to promote.
@main
struct Canary: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Decide whether a canary Istio control-plane revision is safe to promote.",
    discussion: """
      Exit codes: 0 success (analyze: promote), 1 rollback, 2 inconclusive, 64 usage error, \
      65 bad input data or configuration, 66 missing input, database or revision, \
      70 internal error, 74 I/O error, 75 temporary failure.
      """,
    subcommands: [
      IngestCommand.self, AnalyzeCommand.self, WatchCommand.self, PullCommand.self,
      ReportCommand.self,
      RevisionsCommand.self, MigrationsCommand.self,
      MetricsCommand.self, ConfigCommand.self, SimulateCommand.self, CalibrateCommand.self,
    ]
  )

  /// Parses, runs, and turns every error into `canary: error: ...` and an exit code of SPEC.md.
  static func main() {
    let status: Int32
    do {
      var command = try parseAsRoot()
      try command.run()
      status = ExitStatus.success.rawValue
    } catch let exit as ExitCode {
      status = exit.rawValue
    } catch {
      status = report(error)
    }
    Foundation.exit(status)
  }

  /// Prints `error` as a user reads it and returns the exit status.
  static func report(_ error: any Error) -> Int32 {
    let parserStatus = exitCode(for: error)
    if parserStatus == .success {
      // --help and --version arrive as errors carrying their text.
      print(fullMessage(for: error))
      return ExitStatus.success.rawValue
    }
    if parserStatus == .validationFailure {
      Terminal.error(message(for: error) + " (see 'canary help')")
      return ExitStatus.usage.rawValue
    }
    let (status, message) = ExitStatus.classify(error)
    Terminal.error(message)
    return status.rawValue
  }
}
