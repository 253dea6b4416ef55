import Foundation
import MetricModel
import Simulation
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
    #expect(Self.order(names) == names.sorted())
  }

  /// `names` in the order ``IngestWorkflow/orderOfNames(_:in:)`` gives them.
  static func order(_ names: [String]) -> [String] {
    var bytes: [UInt8] = []
    var spans: [(start: Int, count: Int)] = []
    for name in names {
      spans.append((bytes.count, name.utf8.count))
      bytes += name.utf8
    }
    let order = IngestWorkflow.orderOfNames(spans, in: bytes)
    #expect(order.count == names.count)
    #expect(Set(order).count == names.count)
    return order.map { names[$0] }
  }

  /// Random names from a few letters, digits and the bytes around `/` (`-`, `.`, `0`), with
  /// long shared prefixes (past the 16 bytes compared as words) and long names that others
  /// extend: the byte order is `String`'s order. 400 sets, each run counted.
  @Test func randomNamesSortAsStringsSortThem() {
    var generator = SplitMix64(seed: 20_261_202)
    let alphabet = Array("ab-.0/19Z_".utf8)
    var sets = 0
    for round in 0..<400 {
      let shared = String(repeating: "app-1-17882208", count: round % 3)
      var names = Set<String>()
      let wanted = 1 + Int(generator.next() % 60)
      while names.count < wanted {
        let length = Int(generator.next() % 24)
        let tail = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))]
        }
        names.insert(shared + String(decoding: tail, as: UTF8.self))
      }
      // A long name and names extending it: equal in both words, one a prefix of another.
      let long = (0..<30).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
      let stem = shared + String(decoding: long, as: UTF8.self)
      names.formUnion([stem, stem + "0", stem + "-", stem + "00"])
      let list = Array(names)
      #expect(Self.order(list) == list.sorted(), "set \(round)")
      sets += 1
    }
    #expect(sets == 400)
  }

  /// A tree of 40 subdirectories (listed on every core) with files between them at the top,
  /// nested directories, hidden entries and names beyond ASCII: the files come in the order of
  /// their whole paths, as one sorted list of every path gives them.
  @Test func subdirectoriesListedTogetherKeepThePathOrder() throws {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("canary-tree-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    var expected: [String] = []
    func write(_ relative: String) throws {
      let path = "\(root)/\(relative)"
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try Data("m 1\n".utf8).write(to: URL(fileURLWithPath: path))
      if !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
        expected.append(path)
      }
    }
    for directory in 0..<40 {
      let name = directory % 7 == 3 ? "caf\u{E9}-\(directory)" : "team-\(directory)-canary"
      for scrape in 0..<(directory % 5) {
        try write("\(name)/app-\(scrape)-17882208\(scrape % 3).prom")
      }
      if directory % 4 == 0 { try write("\(name)/nested/x-\(directory).prom") }
      if directory % 6 == 0 { try write("\(name)/.hidden/y.prom") }
      try write("team-\(directory).prom")
    }
    try write(".skipped.prom")
    let groups = try IngestWorkflow.inputGroups(for: [root])
    let listed = groups[0].inputs.map { input -> String in
      guard case .file(let path) = input else { return "?" }
      return path
    }
    #expect(listed == expected.sorted())
    #expect(listed.count == 40 + 80 + 10)
  }
}
