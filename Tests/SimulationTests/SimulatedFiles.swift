import Foundation
import Testing

@testable import Simulation

/// A simulated migration held in memory, and its samples read back from the files' text.
struct SimulatedFiles {
  /// File path → text, as the simulator produced them.
  var files: [String: String] = [:]
  /// Paths in the order they were produced.
  var order: [String] = []

  /// One sample read from a file: the series text `name{labels}`, time and value.
  struct Sample: Hashable {
    var series: String
    var time: Int64
    var value: Double

    /// The value of label `name` in the series, if present (label values here hold no
    /// quotes or commas).
    func label(_ name: String) -> String? {
      for pair in series.utf8.drop(while: { $0 != UInt8(ascii: "{") }).dropFirst().split(
        separator: UInt8(ascii: ","))
      {
        guard let equals = pair.firstIndex(of: UInt8(ascii: "=")),
          pair[pair.startIndex..<equals].elementsEqual(name.utf8)
        else { continue }
        let value = pair[pair.index(equals, offsetBy: 2)...].prefix { $0 != UInt8(ascii: "\"") }
        return String(decoding: value, as: UTF8.self)
      }
      return nil
    }

    /// The metric name.
    var name: String { String(series.prefix { $0 != "{" }) }

    /// A histogram sample's family and label set without `le`: the same for its buckets,
    /// `_sum` and `_count` at one time.
    var histogramKey: String {
      var base = name
      for suffix in ["_bucket", "_count", "_sum"] where base.hasSuffix(suffix) {
        base = String(base.dropLast(suffix.count))
      }
      var labels = series.drop { $0 != "{" }.dropFirst().dropLast()
      if let range = labels.range(of: "le=\"") {
        labels = labels[..<range.lowerBound]
        if labels.hasSuffix(",") { labels = labels.dropLast() }
      }
      return "\(base) \(labels) \(time)"
    }
  }

  /// Simulates `scenario` with `seed` in `layout` into memory.
  init(
    _ scenario: MigrationScenario, seed: UInt64 = 7, layout: OutputLayout = .perPod
  ) throws {
    var files: [String: String] = [:]
    var order: [String] = []
    try MigrationSimulator(scenario: scenario, seed: seed, layout: layout).generate { file in
      files[file.path] = file.text
      order.append(file.path)
    }
    self.files = files
    self.order = order
  }

  /// A short migration: 8 minutes of 30 s scrapes, the move after 4, 4 namespaces of which 2
  /// move.
  static func short(_ base: MigrationScenario = .healthy) -> MigrationScenario {
    var scenario = base
    scenario.durationSeconds = 480
    scenario.moveAfterSeconds = 240
    scenario.scrapeSeconds = 30
    scenario.namespaces = 4
    return scenario
  }

  /// Unix seconds of the short migration's first scrape.
  static let start: Int64 = 1_788_220_807
  /// Scrapes of the short migration.
  static let scrapes = 16
  /// Unix seconds of its last scrape.
  static let last: Int64 = start + 450
  /// Its move: half a scrape interval before the scrape at 4 minutes.
  static let move: Int64 = start + 240 - 15

  /// Every sample of the files below `folder`, with the time from the line or the file name.
  func samples(below folder: String) -> [Sample] {
    var out: [Sample] = []
    for path in order where path.hasPrefix(folder + "/") {
      let fileTime = Self.fileTime(path)
      for line in (files[path] ?? "").split(separator: "\n") where !line.hasPrefix("#") {
        let fields = line.split(separator: " ")
        guard fields.count >= 2, let value = Double(fields[1]) else { continue }
        let time = fields.count > 2 ? Int64(fields[2]) : fileTime
        out.append(Sample(series: String(fields[0]), time: time ?? -1, value: value))
      }
    }
    return out
  }

  /// The Unix time a file name carries (`...-1788220807.prom`), if any.
  static func fileTime(_ path: String) -> Int64? {
    let stem = (path as NSString).deletingPathExtension
    return stem.split(separator: "-").last.flatMap { Int64($0) }
  }

  /// The parsed `migration.json`.
  func manifest() throws -> [String: Any] {
    let text = try #require(files["migration.json"])
    return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  /// The move time `migration.json` states.
  func moveTime() throws -> Int64 {
    let moves = try #require(try manifest()["moves"] as? [[String: Any]])
    return try #require(moves.first?["at"] as? Int).int64
  }

  /// The namespaces `migration.json` says move.
  func movedNamespaces() throws -> Set<String> {
    let moves = try #require(try manifest()["moves"] as? [[String: Any]])
    return Set(try #require(moves.first?["namespaces"] as? [String]))
  }
}

extension Int {
  /// The value as Int64.
  var int64: Int64 { Int64(self) }
}
