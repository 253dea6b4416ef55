import ArgumentParser
import Foundation
import Ingestion
import MetricModel
import Workflows

extension InputFormat: ExpressibleByArgument {}

/// `canary ingest`: parse metrics files into the database.
struct IngestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ingest",
    abstract: "Store metrics from files, directories or standard input in the database.",
    discussion: """
      Formats: Prometheus text 0.0.4, OpenMetrics 1.0, saved Prometheus HTTP API responses \
      (/api/v1/query, /api/v1/query_range), CSV (metric,timestamp,value[,revision,type,\
      labels...]). Each input file is stored whole or not at all: a malformed file writes \
      nothing and stops the ingest, the files before it stay stored, and readers never see \
      part of a file. The files of one directory with one extension are read in the format \
      detected on the first of them. Ingesting the same samples again stores nothing twice; a \
      file stored whole before and unchanged since is not read again (--reread).
      """)

  @OptionGroup var database: DatabaseOptions

  @Argument(help: "Files, directories (every file inside, sorted by name) or - for stdin.")
  var inputs: [String] = ["-"]

  @Option(help: "Input format: auto, prometheus, openmetrics, prometheus-json or csv.")
  var format: InputFormat = .auto

  @Flag(help: "Enforce the written format specifications and name the rule broken.")
  var strict = false

  @Flag(help: "Skip malformed lines (counted and listed on stderr) instead of failing.")
  var skipInvalid = false

  @Option(help: "The revision of every series of the input.")
  var revision: String?

  @Option(
    help: ArgumentHelp(
      "A label that carries the revision (repeatable; default: istio_io_rev, rev, revision).",
      valueName: "label"))
  var revisionLabel: [String] = []

  @Option(
    help: ArgumentHelp(
      "A namespace's revision, from TIME on if given (repeatable).", valueName: "NS=REV[@TIME]"))
  var namespaceRevision: [String] = []

  @Option(
    help: ArgumentHelp(
      "Output of `kubectl get namespaces -L istio.io/rev`: namespaces → revisions, for the "
        + "samples at or after TIME if given (repeatable; RFC 3339 or Unix seconds).",
      valueName: "FILE[@TIME]"))
  var namespaceMap: [String] = []

  // Unconditional: relative times such as -30m start with a dash.
  @Option(
    parsing: .unconditional,
    help: "Time of samples without a timestamp (RFC 3339, Unix seconds, -30m, now).")
  var at: String?

  @Option(
    help: "prometheus-json: the metric name of series without __name__ (expression results).")
  var metricName: String?

  @Flag(
    help: """
      Read every file, also one an earlier ingest stored whole and unchanged since (by default \
      such a file is not read again: its samples count as duplicates).
      """)
  var reread = false

  @Option(help: "Summary format: text or json.")
  var output: ListingFormat = .text

  func validate() throws {
    if inputs == ["-"] && isatty(STDIN_FILENO) == 1 {
      // Reading a terminal would wait silently for metrics that nobody types.
      throw ValidationError("no input: name files or directories, or pipe metrics to stdin (-)")
    }
    for pair in namespaceRevision where NamespaceMap.pair(NamespaceMap.timed(pair).text) == nil {
      throw ValidationError("--namespace-revision takes NS=REV[@TIME], got \"\(pair)\"")
    }
    if strict && skipInvalid {
      throw ValidationError("--strict and --skip-invalid cannot be combined")
    }
  }

  func run() throws {
    let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
    var options = IngestOptions(now: now)
    options.format = format
    options.reread = reread
    options.parser = ParserOptions(
      strict: strict, skipInvalid: skipInvalid, metricName: metricName)
    options.at = try at.map { try TimeSpecification.milliseconds($0, now: now) }
    options.attributor = RevisionAttributor(
      forcedRevision: revision,
      revisionLabels: revisionLabel.isEmpty
        ? RevisionAttributor.defaultRevisionLabels : revisionLabel,
      namespaceMap: try NamespaceMapFile.load(
        paths: namespaceMap, pairs: namespaceRevision, now: now))

    let bar = Terminal.standardErrorIsTerminal ? ProgressBar() : nil
    defer { bar?.clear() }
    let result = try IngestWorkflow.run(
      paths: inputs, options: options, databasePath: database.resolvedPath,
      progress: bar?.update)
    bar?.clear()
    for warning in result.inputWarnings { Terminal.warning(warning) }
    for warning in result.warnings { Terminal.warning("skipped \(warning)") }
    if result.summary.skipped > result.warnings.count {
      Terminal.warning(
        "skipped \(result.summary.skipped - result.warnings.count) more malformed lines")
    }
    switch output {
    case .json: print(try JSONOutput.encode(result.summary))
    case .text:
      print(Self.text(result.summary), terminator: "")
      print(Self.moves(result.summary.moves), terminator: "")
    }
  }

  /// The namespaces whose revision changes in time, one line each: the revisions and from
  /// when they hold.
  static func moves(_ moves: [String: [NamespaceMap.Change]]) -> String {
    moves.sorted { $0.key < $1.key }.map { namespace, changes in
      let periods = changes.map { change in
        change.revision + " from "
          + (change.start.map { TimeSpecification.format(milliseconds: $0) } ?? "the beginning")
      }
      return "namespace \(namespace): " + periods.joined(separator: ", ") + "\n"
    }.joined()
  }

  /// The text summary: totals, then samples per revision and series per attribution rule.
  static func text(_ summary: IngestSummary) -> String {
    var out =
      "ingested \(summary.files) file\(summary.files == 1 ? "" : "s"): "
      + "\(summary.samples) samples stored, \(summary.duplicates) duplicates, "
      + "\(summary.replaced) replaced, \(summary.skipped) skipped; \(summary.series) series\n"
    if summary.unchanged > 0 {
      out +=
        "\(summary.unchanged) file\(summary.unchanged == 1 ? "" : "s") unchanged since an earlier "
        + "ingest, not read again (--reread reads them)\n"
    }
    let table = TextTable(
      header: ["REVISION", "SAMPLES WRITTEN"],
      rows: summary.revisions.sorted { $0.key < $1.key }.map { [$0.key, String($0.value)] })
    out += table.render()
    if !summary.attribution.isEmpty {
      let rules = summary.attribution.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
      out += "series by attribution rule: " + rules.joined(separator: ", ") + "\n"
    }
    return out
  }
}
