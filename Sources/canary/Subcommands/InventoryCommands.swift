import ArgumentParser
import MetricModel
import Store
import Workflows

/// `canary revisions`: the revisions the database holds.
struct RevisionsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "revisions",
    abstract: "List revisions with their series and sample counts and time range.")

  @OptionGroup var database: DatabaseOptions

  @Option(help: "Output format: text or json.")
  var output: ListingFormat = .text

  func run() throws {
    let rows = try Inventory.revisions(databasePath: database.resolvedPath)
    switch output {
    case .json:
      print(
        try JSONOutput.encode(
          rows.map {
            InventoryRow(
              revision: $0.revision, metric: nil, type: nil, series: $0.series,
              samples: $0.samples, first: $0.firstTimestamp, last: $0.lastTimestamp,
              attribution: $0.attribution)
          }))
    case .text:
      if rows.isEmpty {
        Terminal.warning("\(database.resolvedPath) holds no data yet (canary ingest adds some)")
      }
      let table = TextTable(
        header: ["REVISION", "SERIES", "SAMPLES", "FIRST", "LAST", "ATTRIBUTION"],
        rows: rows.map {
          [
            $0.revision, String($0.series), String($0.samples),
            InventoryRow.time($0.firstTimestamp), InventoryRow.time($0.lastTimestamp),
            InventoryRow.rules($0.attribution),
          ]
        })
      print(table.render(), terminator: "")
    }
  }
}

/// `canary metrics`: the metrics the database holds, per revision.
struct MetricsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "metrics",
    abstract: "List metrics per revision with their series and sample counts and time range.")

  @OptionGroup var database: DatabaseOptions

  @Option(help: "Only this revision.")
  var revision: String?

  @Option(help: "Output format: text or json.")
  var output: ListingFormat = .text

  func run() throws {
    let rows = try Inventory.metrics(databasePath: database.resolvedPath, revision: revision)
    switch output {
    case .json:
      print(
        try JSONOutput.encode(
          rows.map {
            InventoryRow(
              revision: $0.revision, metric: $0.metric, type: $0.type, series: $0.series,
              samples: $0.samples, first: $0.firstTimestamp, last: $0.lastTimestamp)
          }))
    case .text:
      let table = TextTable(
        header: ["REVISION", "METRIC", "TYPE", "SERIES", "SAMPLES", "FIRST", "LAST"],
        rows: rows.map {
          [
            $0.revision, $0.metric, $0.type, String($0.series), String($0.samples),
            InventoryRow.time($0.firstTimestamp), InventoryRow.time($0.lastTimestamp),
          ]
        })
      print(table.render(), terminator: "")
    }
  }
}

/// One row of `revisions`/`metrics --output json`; times as RFC 3339 UTC.
struct InventoryRow: Encodable {
  var revision: String
  var metric: String?
  var type: String?
  var series: Int
  var samples: Int
  var first: String?
  var last: String?
  /// Series per attribution rule (`canary revisions` only).
  var attribution: [String: Int]?

  init(
    revision: String, metric: String?, type: String?, series: Int, samples: Int, first: Int64?,
    last: Int64?, attribution: [String: Int]? = nil
  ) {
    self.attribution = attribution
    self.revision = revision
    self.metric = metric
    self.type = type
    self.series = series
    self.samples = samples
    self.first = first.map { TimeSpecification.format(milliseconds: $0) }
    self.last = last.map { TimeSpecification.format(milliseconds: $0) }
  }

  /// "label 1803, namespace 40": series per rule, most first.
  static func rules(_ counts: [String: Int]) -> String {
    guard !counts.isEmpty else { return "-" }
    return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
      .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
  }

  static func time(_ milliseconds: Int64?) -> String {
    milliseconds.map { TimeSpecification.format(milliseconds: $0) } ?? "-"
  }
}
