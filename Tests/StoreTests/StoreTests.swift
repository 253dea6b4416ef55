import Foundation
import GRDB
import MetricModel
import Testing

@testable import Store

/// A fresh temporary directory per test; removed by the caller.
func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("canary-store-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

let sampleRecord = SeriesRecord(
  metric: "istio_requests_total", family: "istio_requests_total", type: .counter,
  revision: "canary", labels: LabelSet(["reporter": "destination", "response_code": "200"]),
  attribution: .label)

@Suite struct MigrationTests {
  /// The repository's migrations/ folder, found from this source file.
  static let migrationsFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("migrations")

  @Test func embeddedMigrationsEqualTheFiles() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.migrationsFolder.path)
      .filter { $0.hasSuffix(".sql") }.sorted()
    #expect(files == Migration.embedded.map { $0.identifier + ".sql" })
    for migration in Migration.embedded {
      let text = try String(
        contentsOf: Self.migrationsFolder.appendingPathComponent(migration.identifier + ".sql"),
        encoding: .utf8)
      #expect(
        text.trimmingCharacters(in: .newlines) == migration.sql.trimmingCharacters(in: .newlines),
        "run `make migrations`: \(migration.identifier) differs from its file")
    }
  }

  @Test func versionsAreConsecutiveFromOne() {
    #expect(Migration.embedded.map(\.version) == Array(1...Migration.embedded.count))
  }

  @Test func migratesFromEmptyToLatest() throws {
    let database = try CanaryDatabase.inMemory()
    #expect(try database.schemaVersion() == Migration.latestVersion)
    let views = try database.writer.read { db in
      try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'view'")
    }
    #expect(views.contains("v_samples"))
  }

  @Test(arguments: Migration.embedded.map(\.version))
  func migratesStepByStep(version: Int) throws {
    let database = CanaryDatabase(writer: try DatabaseQueue(), path: ":memory:")
    try database.migrate(upTo: version)
    #expect(try database.schemaVersion() == version)
    try database.migrate()
    #expect(try database.schemaVersion() == Migration.latestVersion)
  }

  @Test func refusesANewerDatabase() throws {
    let folder = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("newer.db").path
    _ = try CanaryDatabase.open(path: path)
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
      try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('9999_future')")
      try db.execute(sql: "PRAGMA user_version = 9999")
    }
    try queue.close()
    #expect(
      throws: StoreError.newerSchema(path: path, database: 9999, binary: Migration.latestVersion)
    ) {
      _ = try CanaryDatabase.open(path: path)
    }
  }

  @Test func refusesAFileThatIsNotSQLite() throws {
    let folder = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("text.db").path
    try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
    #expect {
      _ = try CanaryDatabase.open(path: path)
    } throws: { error in
      guard case StoreError.notADatabase(let errorPath, _) = error else { return false }
      return errorPath == path
    }
  }
}

@Suite struct SampleWriterTests {
  @Test func countsDuplicatesAndReplacements() throws {
    let database = try CanaryDatabase.inMemory()
    let outcomes = try database.writeTransaction { writer -> [SampleOutcome] in
      let id = try writer.seriesID(for: sampleRecord)
      #expect(try writer.seriesID(for: sampleRecord) == id)
      return [
        try writer.write(seriesID: id, timestampMilliseconds: 1000, value: 1),
        try writer.write(seriesID: id, timestampMilliseconds: 1000, value: 1),
        try writer.write(seriesID: id, timestampMilliseconds: 1000, value: 2),
        try writer.write(seriesID: id, timestampMilliseconds: 2000, value: .nan),
        try writer.write(seriesID: id, timestampMilliseconds: 2000, value: .nan),
        try writer.write(seriesID: id, timestampMilliseconds: 3000, value: .infinity),
        try writer.write(seriesID: id, timestampMilliseconds: 3000, value: .infinity),
      ]
    }
    #expect(
      outcomes == [.inserted, .duplicate, .replaced, .inserted, .duplicate, .inserted, .duplicate])
    #expect(try database.sampleCount() == 3)
  }

  @Test func aThrowingTransactionWritesNothing() throws {
    struct Stop: Error {}
    let database = try CanaryDatabase.inMemory()
    #expect(throws: Stop.self) {
      try database.writeTransaction { writer in
        let id = try writer.seriesID(for: sampleRecord)
        _ = try writer.write(seriesID: id, timestampMilliseconds: 1, value: 1)
        throw Stop()
      }
    }
    #expect(try database.sampleCount() == 0)
    #expect(try database.revisions().isEmpty)
  }

  /// Rows stored in bulk that are not new fail with a constraint error, in the first
  /// multi-row statement or the last single rows alike, and the transaction stores none of
  /// them.
  @Test(arguments: [5, 200, 299]) func aRowThatIsNotNewFailsTheBulkInsert(repeated: Int) throws {
    let database = try CanaryDatabase.inMemory()
    let count = 300
    #expect(throws: StoreError.self) {
      try database.writeTransaction { writer in
        let id = try writer.seriesID(for: sampleRecord)
        var timestamps = (0..<Int64(count)).map { $0 * 1000 }
        timestamps[repeated] = timestamps[repeated - 1]
        try writer.insertNew(
          seriesIDs: Array(repeating: id, count: count), timestamps: timestamps,
          values: Array(repeating: 1, count: count))
      }
    }
    #expect(try database.sampleCount() == 0)
    try database.writeTransaction { writer in
      let id = try writer.seriesID(for: sampleRecord)
      try writer.insertNew(
        seriesIDs: Array(repeating: id, count: count), timestamps: (0..<Int64(count)).map { $0 },
        values: Array(repeating: 1, count: count))
    }
    #expect(try database.sampleCount() == count)
  }

  /// Remembered files: new ones in groups of `SampleWriter.inputsPerStatement`, a group that
  /// holds a path already remembered (or one path twice) row by row; either way each path
  /// keeps the last row written for it.
  @Test(arguments: [0, 1, 63, 64, 65, 200]) func rememberedFilesKeepTheLastRowOfEachPath(
    count: Int
  ) throws {
    let database = try CanaryDatabase.inMemory()
    func rows(_ keys: [Int64], samples: Int) -> [StoredInput] {
      keys.map { StoredInput(pathKey: $0, identity: $0 * 7, settings: 3, samples: samples) }
    }
    let first = rows((0..<Int64(count)).map { $0 * 2 }, samples: 1)
    try database.writeTransaction { try $0.recordInputs(first) }
    // Every second key again, new odd keys between them, and the last key given twice.
    var second = rows((0..<Int64(count)).map { $0 }, samples: 2)
    if let last = second.last {
      second.append(StoredInput(pathKey: last.pathKey, identity: 99, settings: 3, samples: 5))
    }
    try database.writeTransaction { try $0.recordInputs(second) }
    let stored = try database.storedInputs(pathKeys: (0..<Int64(2 * count + 2)).map { $0 })
    var expected: [Int64: StoredInput] = [:]
    for input in first + second { expected[input.pathKey] = input }
    #expect(stored == expected)
    // The even keys of the first write and the odd ones below `count` of the second.
    #expect(stored.count == count + count / 2)
  }

  @Test func viewShowsSamplesWithLabelsAndMilliseconds() throws {
    let database = try CanaryDatabase.inMemory()
    try database.writeTransaction { writer in
      let id = try writer.seriesID(for: sampleRecord)
      _ = try writer.write(seriesID: id, timestampMilliseconds: 1_700_000_000_000, value: 42)
    }
    let row = try database.writer.read { db in
      try Row.fetchOne(db, sql: "SELECT revision, metric, labels, ts, value FROM v_samples")
    }
    let found = try #require(row)
    #expect(found["revision"] == "canary")
    #expect(found["metric"] == "istio_requests_total")
    #expect(found["labels"] == #"{"reporter":"destination","response_code":"200"}"#)
    #expect(found["ts"] == Int64(1_700_000_000_000))
    #expect(found["value"] == 42.0)
    let summary = try database.revisions()
    #expect(
      summary == [
        RevisionSummary(
          revision: "canary", series: 1, samples: 1, firstTimestamp: 1_700_000_000_000,
          lastTimestamp: 1_700_000_000_000, attribution: ["label": 1])
      ])
    #expect(try database.metrics(revision: "stable").isEmpty)
    #expect(try database.metrics(revision: "canary").map(\.metric) == ["istio_requests_total"])
  }
}
