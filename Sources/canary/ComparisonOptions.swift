import Analysis
import ArgumentParser
import Workflows

/// What analyze and pull compare: two revisions, under a configuration.
struct ComparisonOptions: ParsableArguments {
  @Option(help: "Baseline revision (e.g. stable).")
  var baseline: String

  @Option(help: "Canary revision (e.g. canary).")
  var canary: String

  @Option(help: "Analysis configuration (YAML); default: the built-in Istio configuration.")
  var config: String?

  /// The revisions under `--config`, or the built-in configuration.
  func comparison() throws -> Comparison {
    Comparison(
      baseline: baseline, canary: canary, configuration: try ConfigurationFile.load(config))
  }
}
