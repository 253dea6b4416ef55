import Foundation
import MetricModel
import Store
import Testing

@testable import Ingestion
@testable import Workflows

/// A directory of scrapes through `canary ingest`'s workflow into a database file: small files
/// parsed on pool workers, a large one on the parser thread, a malformed one among them.
@Suite struct IngestDirectoryTests {
  /// A scrape of 20 series of pod `pod` at `time` (Unix seconds), 0.0.4 text without
  /// timestamps.
  static func scrape(pod: Int, step: Int) -> String {
    var text = "# TYPE requests_total counter\n"
    for series in 0..<20 {
      text +=
        "requests_total{rev=\"r\(pod % 2)\",pod=\"p\(pod)\",s=\"\(series)\"} \(step * series)\n"
    }
    return text
  }

  /// Writes the files and returns the directory: 3 pods x 30 scrapes, and a large file of
  /// 30,000 samples with timestamps (over the 1 MiB a worker takes) among them.
  static func directory(malformedAt malformed: Int?) throws -> (path: String, samples: Int) {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("canary-directory-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var samples = 0
    for step in 0..<30 {
      for pod in 0..<3 {
        let time = 1_700_000_000 + step * 15
        var text = scrape(pod: pod, step: step)
        if step * 3 + pod == malformed { text += "requests_total{rev=\"r0\",pod=\"x\"} 1 2 3\n" }
        let name = String(format: "scrape-%02d-p%d-%d.prom", step, pod, time)
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        samples += 20
      }
    }
    var large = ""
    for index in 0..<30_000 {
      large +=
        "big_gauge{rev=\"r1\",pad=\"\(String(repeating: "x", count: 16))\",n=\"\(index % 100)\"} \(index) \(1_700_000_000_000 + index * 1000)\n"
    }
    try Data(large.utf8).write(to: folder.appendingPathComponent("scrape-10-big.prom"))
    return (folder.path, samples + 30_000)
  }

  static func databasePath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent(
      "canary-directory-\(UUID().uuidString).db"
    ).path
  }

  @Test func aDirectoryIsStoredWholeAndAgainAsDuplicates() throws {
    let (path, samples) = try Self.directory(malformedAt: nil)
    let db = Self.databasePath()
    let first = try IngestWorkflow.run(
      paths: [path], options: IngestOptions(now: 0), databasePath: db)
    #expect(first.summary.files == 91)
    #expect(first.summary.samples == samples)
    // Every small file but the first (where the format is detected) went to a worker.
    #expect(first.inputsParsedAhead == 89)
    let again = try IngestWorkflow.run(
      paths: [path], options: IngestOptions(now: 0), databasePath: db)
    #expect(again.summary.samples == 0)
    #expect(again.summary.duplicates == samples)
    #expect(try CanaryDatabase.open(path: db).sampleCount() == samples)
  }

  /// The malformed file is the 50th small one, after the large file: the files before it are
  /// stored, nothing of it or after it is, and the error names its line and column.
  @Test func aMalformedFileAmongGoodOnesWritesNothing() throws {
    let (path, _) = try Self.directory(malformedAt: 50)
    let db = Self.databasePath()
    let error = #expect(throws: IngestionError.self) {
      _ = try IngestWorkflow.run(paths: [path], options: IngestOptions(now: 0), databasePath: db)
    }
    guard case .malformed(let file, let parse) = error else {
      Issue.record("not a malformed input: \(String(describing: error))")
      return
    }
    #expect(file.hasSuffix("/scrape-16-p2-1700000240.prom"))
    #expect(parse.line == 22)
    #expect(parse.column == 38)
    // 50 small files of 20 samples and the large one precede it in path order.
    #expect(try CanaryDatabase.open(path: db).sampleCount() == 50 * 20 + 30_000)
  }

  /// Directory entries sort as `String` sorts their names, whether they are compared as
  /// bytes (ASCII alone) or as strings.
  @Test(arguments: [
    [
      "app-1-1788220815.prom", "app-1-1788220800.prom", "app-10-1788220800.prom", "app-1/",
      "app-1-", "app-1", "App-2.prom", "_x", "a", "", "app-1-1788220800.prom.tmp", "z9", "z10",
    ],
    ["caf\u{E9}.prom", "cafe\u{301}.prom", "cafe.prom", "caf.prom", "\u{1F600}.prom", "b"],
  ])
  func entriesSortAsTheirNames(_ names: [String]) {
    var entries = names.map { (key: $0, isDirectory: $0.hasSuffix("/")) }
    IngestWorkflow.sortByName(&entries)
    #expect(entries.map(\.key) == names.sorted())
    #expect(entries.count == names.count)
    #expect(entries.allSatisfy { $0.isDirectory == $0.key.hasSuffix("/") })
  }
}
