import ArgumentParser
import Foundation
import MetricModel
import Workflows

/// `canary migrations`: which workloads ran which revision when.
struct MigrationsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "migrations",
    abstract: "List each workload's revisions over time, when it moved and its share of requests.",
    discussion: """
      Read from the stored istio_requests_total series the destination reported: a unit is \
      namespace/workload; a revision's time is the first and last sample of the unit's \
      series on it, a move is the first sample on a revision after the first, and the share \
      is the unit's part of all requests (the counters' increase).
      """)

  @OptionGroup var database: DatabaseOptions

  @Option(help: "Output format: text or json.")
  var output: ListingFormat = .text

  func run() throws {
    let units = try MigrationsWorkflow.run(databasePath: database.resolvedPath)
    switch output {
    case .json: print(try JSONOutput.encode(units.map(MigrationRow.init)))
    case .text:
      if units.isEmpty {
        Terminal.warning(
          "\(database.resolvedPath) holds no \(MigrationsWorkflow.requestsMetric) "
            + "reported by the destination")
      }
      print(Self.text(units), terminator: "")
    }
  }

  /// One line per unit and revision: the unit, its revision, first and last sample, the move
  /// onto it (`-` for the first), the unit's share of all requests and its requests there.
  static func text(_ units: [UnitMigration]) -> String {
    var rows: [[String]] = []
    for unit in units {
      for (index, stay) in unit.revisions.enumerated() {
        rows.append([
          index == 0 ? unit.unit : "", stay.revision, InventoryRow.time(stay.first),
          InventoryRow.time(stay.last), index == 0 ? "-" : InventoryRow.time(stay.first),
          index == 0 ? String(format: "%.1f%%", unit.share * 100) : "",
          String(format: "%.0f", stay.requests),
        ])
      }
    }
    let table = TextTable(
      header: ["UNIT", "REVISION", "FIRST", "LAST", "MOVED", "SHARE", "REQUESTS"], rows: rows)
    return table.render()
  }
}

/// A unit as `canary migrations --output json` prints it, times in RFC 3339.
struct MigrationRow: Encodable {
  struct Stay: Encodable {
    var revision: String
    var first: String
    var last: String
    var requests: Double
    var attribution: [String]
  }

  var unit: String
  var revisions: [Stay]
  var moves: [String]
  var moved: Bool
  var share: Double

  init(_ unit: UnitMigration) {
    self.unit = unit.unit
    revisions = unit.revisions.map {
      Stay(
        revision: $0.revision, first: TimeSpecification.format(milliseconds: $0.first),
        last: TimeSpecification.format(milliseconds: $0.last), requests: $0.requests,
        attribution: $0.attribution)
    }
    moves = unit.moves.map { TimeSpecification.format(milliseconds: $0) }
    moved = !unit.moves.isEmpty
    share = unit.share
  }
}
