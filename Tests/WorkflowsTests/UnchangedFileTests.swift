import Foundation
import GRDB
import Testing
import Workflows

@testable import Ingestion
@testable import MetricModel
@testable import Store

/// A file an earlier ingest stored whole and that is unchanged since is not read again: its
/// samples count as duplicates. Anything that could make a second read store something else
/// (a write to the file, other options, a replaced value, the ingest's clock as the time of
/// samples without one) makes it read again.
@Suite struct UnchangedFileTests {
  /// Every file of a test was written at least this long before the ingests' clock: files
  /// changed in the two seconds before an ingest are not remembered.
  static let later: Int64 = Int64(Date().timeIntervalSince1970 * 1000) + 3_600_000

  /// Writes `files` (name → text) in a new folder.
  func folder(_ files: [String: String]) throws -> String {
    let folder = try temporaryFolder()
    for (name, text) in files {
      try Data(text.utf8).write(to: URL(fileURLWithPath: "\(folder)/\(name)"))
    }
    return folder
  }

  /// Three scrapes of two series each, with timestamps.
  func scrapes() throws -> String {
    try folder(
      Dictionary(
        uniqueKeysWithValues: (1...3).map { step in
          (
            "scrape-\(step).prom",
            "a{rev=\"x\"} \(step) \(step * 15_000)\nb{rev=\"x\"} \(step * 2) \(step * 15_000)\n"
          )
        }))
  }

  func ingest(
    _ paths: [String], database: CanaryDatabase, threads: Int = 2,
    configure: (inout IngestOptions) -> Void = { _ in }
  ) throws -> IngestSummary {
    var options = IngestOptions(now: Self.later)
    options.parserThreads = threads
    configure(&options)
    return try Ingestor(sink: database, options: options)
      .ingest(try IngestWorkflow.inputGroups(for: paths)).summary
  }

  func remembered(_ database: CanaryDatabase) throws -> Int {
    try database.writer.read { db in
      try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ingested_files") ?? -1
    }
  }

  /// On the parser thread (0) and with the pool's workers (2).
  @Test(arguments: [0, 2])
  func aSecondIngestReadsNothingAndCountsDuplicates(threads: Int) throws {
    let root = try scrapes()
    let database = try CanaryDatabase.open(path: try temporaryFolder() + "/c.db")
    let first = try ingest([root], database: database, threads: threads)
    #expect(first.samples == 6 && first.unchanged == 0 && first.series == 2)
    #expect(try remembered(database) == 3)
    let second = try ingest([root], database: database, threads: threads)
    #expect(second.files == 3)
    #expect(second.unchanged == 3)
    #expect(second.duplicates == 6)
    #expect(second.samples == 0 && second.replaced == 0)
    #expect(try database.sampleCount() == 6)
    // --reread reads them: the same counts the row-by-row duplicate check gives.
    let reread = try ingest([root], database: database, threads: threads) { $0.reread = true }
    #expect(reread.unchanged == 0 && reread.duplicates == 6 && reread.series == 2)
  }

  @Test func aWrittenFileIsReadAgain() throws {
    let root = try scrapes()
    let database = try CanaryDatabase.open(path: try temporaryFolder() + "/c.db")
    _ = try ingest([root], database: database)
    // The same bytes written again: a new change time, so the file is read (duplicates).
    let text = try String(contentsOfFile: "\(root)/scrape-2.prom", encoding: .utf8)
    try Data(text.utf8).write(to: URL(fileURLWithPath: "\(root)/scrape-2.prom"))
    // scrape-2 is read; from its rows on nothing goes unread (scrape-3 is read too).
    let again = try ingest([root], database: database) { $0.now = Self.later + 10_000 }
    #expect(again.unchanged == 1 && again.duplicates == 6 && again.series == 2)
  }

  @Test func otherOptionsReadTheFileAgain() throws {
    let root = try scrapes()
    let database = try CanaryDatabase.open(path: try temporaryFolder() + "/c.db")
    _ = try ingest([root], database: database)
    let forced = try ingest([root], database: database) { $0.attributor.forcedRevision = "y" }
    #expect(forced.unchanged == 0 && forced.samples == 6)
    let strict = try ingest([root], database: database) { $0.parser.strict = true }
    #expect(strict.unchanged == 0 && strict.duplicates == 6)
    let mapped = try ingest([root], database: database) {
      $0.attributor.namespaceMap = NamespaceMap(["bookinfo": "canary"])
    }
    #expect(mapped.unchanged == 0)
    // Each read recorded the file under its own options, replacing the earlier row.
    #expect(try remembered(database) == 3)
    let again = try ingest([root], database: database) {
      $0.attributor.namespaceMap = NamespaceMap(["bookinfo": "canary"])
    }
    #expect(again.unchanged == 3)
  }

  /// A value replaced by another file may be a remembered file's: every file is read again,
  /// and the first file's value comes back.
  @Test func aReplacedValueForgetsEveryFile() throws {
    let root = try folder(["1.prom": "a{rev=\"x\"} 1 15000\nb{rev=\"x\"} 1 15000\n"])
    let other = try folder(["2.prom": "a{rev=\"x\"} 5 15000\n"])
    let database = try CanaryDatabase.open(path: try temporaryFolder() + "/c.db")
    _ = try ingest([root], database: database)
    #expect(try remembered(database) == 1)
    let replacing = try ingest([other], database: database)
    #expect(replacing.replaced == 1)
    #expect(try remembered(database) == 0)
    let back = try ingest([root], database: database)
    #expect(back.unchanged == 0 && back.replaced == 1 && back.duplicates == 1)
  }

  /// A value replaced earlier in the same ingest may be a remembered file's: from the first
  /// row an ingest gives on, no file goes unread (the file puts its value back, as `--reread`
  /// would). Files before any row still go unread.
  @Test(arguments: [0, 2])
  func noFileGoesUnreadAfterTheIngestGaveARow(threads: Int) throws {
    let root = try folder(["1.prom": "a{rev=\"x\"} 1 15000\nb{rev=\"x\"} 1 15000\n"])
    let other = try folder(["2.prom": "a{rev=\"x\"} 5 15000\n"])
    let path = try temporaryFolder() + "/c.db"
    let database = try CanaryDatabase.open(path: path)
    _ = try ingest([root], database: database, threads: threads)
    let mixed = try ingest([other, root], database: database, threads: threads)
    #expect(mixed.unchanged == 0)
    #expect(mixed.replaced == 2, "2.prom replaces a, then 1.prom puts it back")
    let value = try DatabasePool(path: path).read { db in
      try Double.fetchOne(db, sql: "SELECT value FROM v_samples WHERE metric = 'a'")
    }
    #expect(value == 1)
    // Unchanged files before the first row are not read.
    let late = try folder(["3.prom": "c{rev=\"x\"} 1 15000\n"])
    _ = try ingest([root], database: database, threads: threads)
    let ordered = try ingest([root, late], database: database, threads: threads)
    #expect(ordered.unchanged == 1 && ordered.samples == 1)
  }

  /// From the first row on the pool's workers read every file themselves: the parser thread
  /// would otherwise read each one they left unread alone, one after the other.
  @Test func afterTheFirstRowTheWorkersReadEveryFile() throws {
    var files: [String: String] = [:]
    for index in 0...100 {
      files[String(format: "%03d.prom", index)] = "m{rev=\"x\",f=\"\(index)\"} 1 15000\n"
    }
    let root = try folder(files)
    let database = try CanaryDatabase.open(path: try temporaryFolder() + "/c.db")
    _ = try ingest([root], database: database)
    // 000.prom written again: it is read and gives a row, so the other 100 are read too.
    try Data(files["000.prom"]!.utf8).write(to: URL(fileURLWithPath: "\(root)/000.prom"))
    var options = IngestOptions(now: Self.later + 10_000)
    options.parserThreads = 2
    let result = try Ingestor(sink: database, options: options)
      .ingest(try IngestWorkflow.inputGroups(for: [root]))
    #expect(result.summary.unchanged == 0 && result.summary.duplicates == 101)
    #expect(result.inputsParsedAhead == 100)
  }

  /// With `--format auto` a file is read in the format detected on the first file of its
  /// stream: it is remembered with that format and goes unread only where it would be read
  /// in it again.
  @Test(arguments: [0, 2])
  func theDetectedFormatIsPartOfTheRecord(threads: Int) throws {
    // OpenMetrics timestamps are seconds, Prometheus text's milliseconds.
    let root = try folder([
      "a.txt": "# TYPE x gauge\nx{rev=\"r\"} 1 1700000000\n# EOF\n",
      "b.txt": "y{rev=\"r\"} 1 1700000000\n",
    ])
    let path = try temporaryFolder() + "/c.db"
    let database = try CanaryDatabase.open(path: path)
    let first = try ingest([root], database: database, threads: threads)
    #expect(first.samples == 2)
    // b.txt alone is detected as Prometheus text: other samples, so it is read.
    let alone = try ingest(["\(root)/b.txt"], database: database, threads: threads)
    #expect(alone.unchanged == 0 && alone.samples == 1)
    // a.txt unread still gives its stream its format: a new file is read as OpenMetrics.
    try Data("z{rev=\"r\"} 1 1700000000\n# EOF\n".utf8).write(
      to: URL(fileURLWithPath: "\(root)/c.txt"))
    let grown = try ingest([root], database: database, threads: threads) {
      $0.now = Self.later + 60_000
    }
    // b.txt was remembered as Prometheus text by the ingest of it alone: read again here.
    #expect(grown.unchanged == 1 && grown.samples == 1 && grown.duplicates == 2)
    let z = try DatabasePool(path: path).read { db in
      try Int64.fetchOne(db, sql: "SELECT ts FROM v_samples WHERE metric = 'z'")
    }
    #expect(z == 1_700_000_000_000)
  }

  /// Samples without a timestamp: remembered with the time they took from the file name or
  /// `--at`, never when they took the ingest's clock.
  @Test func samplesWithoutTimeAreRememberedOnlyWithAFixedTime() throws {
    let root = try folder([
      "scrape-1700000000.prom": "a{rev=\"x\"} 1\n", "z-plain.prom": "b{rev=\"x\"} 1\n",
    ])
    let database = try CanaryDatabase.open(path: try temporaryFolder() + "/c.db")
    _ = try ingest([root], database: database)
    #expect(try remembered(database) == 1)
    let again = try ingest([root], database: database) { $0.now = Self.later + 60_000 }
    #expect(again.unchanged == 1)
    #expect(again.samples == 1, "z-plain.prom is read again and stored at the new clock")
    // Another --at gives other samples: read.
    let at = try ingest([root], database: database) { $0.at = 1_800_000_000_000 }
    #expect(at.unchanged == 0 && at.samples == 2)
    let atAgain = try ingest([root], database: database) { $0.at = 1_800_000_000_000 }
    #expect(atAgain.unchanged == 2 && atAgain.samples == 0)
  }

  /// A file changed in the two seconds before the ingest began may be written again in the
  /// same tick of the file-system clock: not remembered.
  @Test func aFreshFileIsNotRemembered() throws {
    let root = try scrapes()
    let database = try CanaryDatabase.open(path: try temporaryFolder() + "/c.db")
    let now = Int64(Date().timeIntervalSince1970 * 1000)
    _ = try ingest([root], database: database) { $0.now = now }
    #expect(try remembered(database) == 0)
  }

  /// A malformed file is not remembered (it wrote nothing); the files before it are.
  @Test func aMalformedFileIsNotRemembered() throws {
    let root = try folder([
      "1.prom": "a{rev=\"x\"} 1 15000\n", "2.prom": "a{rev=\"x\"} two 30000\n",
    ])
    let database = try CanaryDatabase.open(path: try temporaryFolder() + "/c.db")
    #expect(throws: IngestionError.self) { _ = try ingest([root], database: database) }
    #expect(try remembered(database) == 1)
    // --skip-invalid stores what it can, but a file with a skipped line is read every time.
    let skipping = try ingest([root], database: database) { $0.parser.skipInvalid = true }
    #expect(skipping.skipped == 1)
    let again = try ingest([root], database: database) { $0.parser.skipInvalid = true }
    #expect(again.unchanged == 1 && again.skipped == 1)
  }

  /// A relative path's key is that of the working directory joined to it, without its `./`.
  @Test func pathKeysAreThoseOfAbsolutePaths() {
    let directory = FileManager.default.currentDirectoryPath
    let keys = Ingestor.pathKeys(of: [
      InputGroup([.file("./a/b.prom"), .file("c.prom"), .file("/x/y.prom"), .standardInput])
    ])
    let absolute = ["\(directory)/a/b.prom", "\(directory)/c.prom", "/x/y.prom"]
    #expect(keys == absolute.map(InputFingerprints.digest) + [nil])
    #expect(Set(keys.compactMap { $0 }).count == 3)
  }

  /// The settings digest is the same in every process: namespaces in name order; and the
  /// stat identity's digest changes with each of its fields.
  @Test func digestsDoNotDependOnTheProcess() {
    var one = IngestOptions(now: 0)
    one.attributor.namespaceMap = NamespaceMap(["b": "canary", "a": "stable", "c": "canary"])
    #expect(
      InputFingerprints.settingsText(one).hasSuffix(
        #"namespaces={"a":[[null,"stable"]],"b":[[null,"canary"]],"c":[[null,"canary"]]}"#))
    // Separators inside names cannot make two option sets one text.
    var joined = IngestOptions(now: 0)
    joined.attributor.namespaceMap = NamespaceMap(["a": "x;b=-:y"])
    var apart = IngestOptions(now: 0)
    apart.attributor.namespaceMap = NamespaceMap(["a": "x", "b": "y"])
    #expect(InputFingerprints.settingsText(joined) != InputFingerprints.settingsText(apart))
    var none = IngestOptions(now: 0)
    none.attributor.revisionLabels = []
    var blank = IngestOptions(now: 0)
    blank.attributor.revisionLabels = [""]
    #expect(InputFingerprints.settingsText(none) != InputFingerprints.settingsText(blank))
    var two = one
    two.attributor.namespaceMap = NamespaceMap(["a": "stable", "b": "canary"])
    #expect(
      InputFingerprints.digest(InputFingerprints.settingsText(one))
        != InputFingerprints.digest(InputFingerprints.settingsText(two)))
    // Before the final mix, FNV-1a 64 as published (the FNV reference's test vectors).
    for (text, expected) in [
      ("", 0xcbf2_9ce4_8422_2325), ("a", 0xaf63_dc4c_8601_ec8c), ("foobar", 0x8594_4171_f739_67e8),
    ] as [(String, UInt64)] {
      var hash = Digest64()
      hash.add(utf8: text)
      #expect(hash.unmixed == expected, "\(text)")
    }
    var empty = Digest64()
    empty.add(utf8: "")
    #expect(empty.value != Int64(bitPattern: empty.unmixed), "the final mix is applied")
    let identity = FileIdentity(device: 1, inode: 2, size: 3, modified: 4, changed: 5)
    var changed = [identity, identity, identity, identity, identity]
    changed[0].device += 1
    changed[1].inode += 1
    changed[2].size += 1
    changed[3].modified += 1
    changed[4].changed += 1
    #expect(Set(changed.map(\.digest) + [identity.digest]).count == 6)
  }
}
