import Analysis
import ArgumentParser

/// `canary config show|check`.
struct ConfigCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Print the built-in analysis configuration, or validate a configuration file.",
    subcommands: [Show.self, Check.self])

  /// `canary config show`.
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the built-in Istio configuration (YAML), a starting point for --config.")

    func run() throws {
      print(AnalysisConfiguration.builtinYAML, terminator: "")
    }
  }

  /// `canary config check FILE`.
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Validate a configuration file: exit 0, or 65 with file:line: message.")

    @Argument(help: "The YAML file.")
    var file: String

    func run() throws {
      let configuration = try ConfigurationFile.load(file)
      print("\(file): valid, \(configuration.metrics.count) metrics")
    }
  }
}
