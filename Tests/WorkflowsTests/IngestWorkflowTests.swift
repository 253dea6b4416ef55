import Foundation
import GRDB
import MetricModel
import Store
import Testing
import Workflows

@testable import Ingestion

/// A fresh temporary directory.
func temporaryFolder() throws -> String {
  let path = FileManager.default.temporaryDirectory
    .appendingPathComponent("canary-workflow-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

/// The ingest use case end to end in the library: paths → parsers → pipeline → database file.
@Suite struct IngestWorkflowTests {
  /// Writes `files` (name → text) below a new folder; returns the folder.
  func folder(_ files: [String: String]) throws -> String {
    let folder = try temporaryFolder()
    for (name, text) in files {
      let path = (folder as NSString).appendingPathComponent(name)
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
    return folder
  }

  @Test func directoriesBecomeSortedGroupsWithoutHiddenFiles() throws {
    let root = try folder([
      "b/2.prom": "", "b/1.prom": "", "a.prom": "", ".hidden": "", "b/.skip/x.prom": "",
    ])
    // A link to a file is a file; a link to a directory is not followed.
    try FileManager.default.createSymbolicLink(
      atPath: "\(root)/c.prom", withDestinationPath: "\(root)/a.prom")
    try FileManager.default.createSymbolicLink(
      atPath: "\(root)/d", withDestinationPath: "\(root)/b")
    let groups = try IngestWorkflow.inputGroups(for: [root, "-", "\(root)/a.prom"])
    #expect(groups.count == 3)
    #expect(
      groups[0].inputs == [
        .file("\(root)/a.prom"), .file("\(root)/b/1.prom"), .file("\(root)/b/2.prom"),
        .file("\(root)/c.prom"),
      ])
    #expect(groups[1].inputs == [.standardInput])
    #expect(groups[2].inputs == [.file("\(root)/a.prom")])
  }

  /// Directories are listed one at a time, each sorted by name; the files still come in the
  /// order of their whole paths, also where a file's name sorts between a directory's name and
  /// the paths below it (`a-c` and `a.b/x` before `a/b`, `/` being 0x2F).
  @Test func nestedDirectoriesListInTheOrderOfTheirPaths() throws {
    let names = [
      "a/b", "a/b0", "a-c", "a.b/x", "a0", "ab/c/d", "ab/c.d", "ab/c/e/f", "ab/c-", "b",
      "Z", "a/b1/c", "é/x", "e/x", "a/a b", ".hidden/x", "a/.hidden",
    ]
    let root = try folder(Dictionary(uniqueKeysWithValues: names.map { ($0, "m 1\n") }))
    let groups = try IngestWorkflow.inputGroups(for: [root])
    let listed = groups[0].inputs.map { input -> String in
      guard case .file(let path) = input else { return "?" }
      return String(path.dropFirst(root.count + 1))
    }
    let expected = names.filter { !$0.hasPrefix(".") && !$0.contains("/.") }
      .map { "\(root)/\($0)" }.sorted().map { String($0.dropFirst(root.count + 1)) }
    #expect(listed == expected)
    #expect(listed.count == 15)
    #expect(Array(listed.prefix(4)) == ["Z", "a-c", "a.b/x", "a/a b"])
  }

  @Test func missingAndEmptyInputsAreErrors() throws {
    let empty = try temporaryFolder()
    #expect {
      _ = try IngestWorkflow.inputGroups(for: ["\(empty)/nothing"])
    } throws: { error in
      guard case IngestionError.missingInput = error else { return false }
      return true
    }
    #expect {
      _ = try IngestWorkflow.inputGroups(for: [empty])
    } throws: { error in
      guard case IngestionError.emptyDirectory = error else { return false }
      return true
    }
  }

  /// A malformed file among good ones in a directory: the files before it are stored, nothing
  /// of it, nothing after it (the command stops).
  @Test func aMalformedFileAmongGoodOnesWritesNothing() throws {
    let root = try folder([
      "1.prom": "a{rev=\"x\"} 1 1000\n", "2.prom": "b{rev=\"x\"} 1 1000\nb{rev=\"x\"} 2 2000\n",
      "3.prom": "c{rev=\"x\"} 1 1000\nc{rev=\"x\"} two 2000\n", "4.prom": "d{rev=\"x\"} 1 1000\n",
    ])
    let path = try temporaryFolder() + "/canary.db"
    #expect {
      _ = try IngestWorkflow.run(
        paths: [root], options: IngestOptions(now: 0), databasePath: path)
    } throws: { error in
      guard case IngestionError.malformed(let file, let parseError) = error else { return false }
      return file.hasSuffix("3.prom") && parseError.line == 2
    }
    let database = try CanaryDatabase.open(path: path)
    #expect(try database.sampleCount() == 3)
    #expect(try database.metrics(revision: "x").map(\.metric).sorted() == ["a", "b"])
  }

  /// A reader polling while many files are ingested in many transactions only ever sees whole
  /// files: every count it reads is a sum of a prefix of the file sizes.
  @Test func aReaderNeverSeesPartOfAFile() throws {
    var files: [String: String] = [:]
    var sizes: [Int] = []
    for index in 0..<120 {
      let size = 1 + (index * 7) % 23
      sizes.append(size)
      files[String(format: "scrape-%03d.prom", index)] = (0..<size).map {
        "m{rev=\"x\",s=\"\($0)\"} \(index) \(1_000 * (index + 1))\n"
      }.joined()
    }
    let root = try folder(files)
    let path = try temporaryFolder() + "/canary.db"
    let database = try CanaryDatabase.open(path: path)
    var prefixes: Set<Int> = [0]
    var total = 0
    for size in sizes {
      total += size
      prefixes.insert(total)
    }
    let reader = try DatabasePool(path: path)
    let seen = Counts()
    let done = Counts()
    let thread = Thread {
      while done.values.isEmpty {
        if let count = try? reader.read({ db in
          try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM samples")
        }) {
          seen.append(count ?? -1)
        }
      }
    }
    thread.start()
    var ingestor = Ingestor(sink: database, options: IngestOptions(now: 0))
    ingestor.limits = BatchLimits(batchRows: 8, commitRows: 20, partRows: 16)
    let summary = try ingestor.ingest(try IngestWorkflow.inputGroups(for: [root])).summary
    done.append(1)
    while !thread.isFinished { usleep(1000) }
    #expect(summary.samples == total)
    #expect(!seen.values.isEmpty)
    let partial = seen.values.filter { !prefixes.contains($0) }
    #expect(partial.isEmpty, "a reader saw part of a file: \(partial.prefix(5))")
    #expect(try database.sampleCount() == total)
  }
}

/// Integers appended from several threads.
final class Counts: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [Int] = []

  func append(_ value: Int) {
    lock.lock()
    stored.append(value)
    lock.unlock()
  }

  var values: [Int] {
    lock.lock()
    defer { lock.unlock() }
    return stored
  }
}
