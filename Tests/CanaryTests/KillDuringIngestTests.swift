import Foundation
import GRDB
import Testing

/// `kill -9` in the middle of ingesting a directory: the database stays whole, holds only
/// whole files, readers never fail, and a second run stores the rest.
@Suite(.serialized) struct KillDuringIngestTests {
  static let files = 12
  static let samplesPerFile = 6_000
  static let start: Int64 = 1_700_000_000_000

  /// File `index`: one series of its own, `samplesPerFile` samples.
  static func exposition(file index: Int) -> String {
    var text = "# TYPE killed_total counter\n"
    text.reserveCapacity(samplesPerFile * 60)
    for step in 0..<samplesPerFile {
      text +=
        "killed_total{file=\"\(index)\",rev=\"canary\"} \(step) \(start + Int64(step) * 1000)\n"
    }
    return text
  }

  /// Samples stored per file, by the `file` label.
  static func samplesByFile(_ path: String) throws -> [String: Int] {
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    return try queue.read { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT json_extract(labels, '$.file') AS file, COUNT(*) AS n FROM v_samples
           WHERE metric = 'killed_total' GROUP BY file
          """)
      return Dictionary(uniqueKeysWithValues: rows.map { ($0["file"] as String, $0["n"] as Int) })
    }
  }

  @Test(arguments: [UInt64(3), 14, 92, 2026]) func killedIngestLeavesWholeFilesAndResumes(
    seed: UInt64
  )
    throws
  {
    let scratch = try Scratch()
    let db = scratch.path("killed.db")
    for index in 0..<Self.files {
      try scratch.write(String(format: "dir/%02d.prom", index), Self.exposition(file: index))
    }
    let tiny = try scratch.write("tiny.prom", "warm_up 1 1700000000000\n")
    try #require(try CanaryProcess.run(["ingest", "--db", db, tiny]).status == 0)
    let reader = try ViewReader(path: db)
    reader.start()
    try #require(reader.waitForFirstRead(), "the reader did not read within 30 s")
    // A delay from the seed: from right after start to well into the directory.
    var state = seed &* 0x9E37_79B9_7F4A_7C15
    state ^= state >> 29
    let delay = 0.05 + Double(state % 800) / 1000
    let ingest = try SpawnedCanary(
      ["ingest", "--db", db, scratch.path("dir")], name: "killed", in: scratch)
    Thread.sleep(forTimeInterval: delay)
    ingest.kill()
    let killed = ingest.wait()
    let outcome = reader.stop()
    #expect(outcome.finished)
    #expect(outcome.errors.isEmpty, "reader errors: \(outcome.errors)")
    #expect(try IngestFuzzTests.integrity(db) == "ok")
    let partial = try Self.samplesByFile(db)
    #expect(
      partial.values.allSatisfy { $0 == Self.samplesPerFile },
      "delay \(delay) s, exit \(killed.status): \(partial)")
    let rerun = try CanaryProcess.run(["ingest", "--db", db, scratch.path("dir")])
    #expect(rerun.status == 0, "\(rerun.stderr)")
    let complete = try Self.samplesByFile(db)
    #expect(complete.count == Self.files)
    #expect(complete.values.allSatisfy { $0 == Self.samplesPerFile }, "\(complete)")
    #expect(try IngestFuzzTests.integrity(db) == "ok")
  }
}
