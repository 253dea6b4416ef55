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
              samples: $0.samples, first: $0.firstTimestamp, last: $0.lastTimestamp)
          }))
    case .text:
      if rows.isEmpty {
        Terminal.warning("\(database.resolvedPath) holds no data yet (canary ingest adds some)")
      }
      let table = TextTable(
        header: ["REVISION", "SERIES", "SAMPLES", "FIRST", "LAST"],
        rows: rows.map {
          [
            $0.revision, String($0.series), String($0.samples),
            InventoryRow.time($0.firstTimestamp), InventoryRow.time($0.lastTimestamp),
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

  init(
    revision: String, metric: String?, type: String?, series: Int, samples: Int, first: Int64?,
    last: Int64?
  ) {
    self.revision = revision
    self.metric = metric
    self.type = type
    self.series = series
    self.samples = samples
    self.first = first.map { TimeSpecification.format(milliseconds: $0) }
    self.last = last.map { TimeSpecification.format(milliseconds: $0) }
  }

  static func time(_ milliseconds: Int64?) -> String {
    milliseconds.map { TimeSpecification.format(milliseconds: $0) } ?? "-"
  }
}
