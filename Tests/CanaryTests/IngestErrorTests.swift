import Foundation
import Testing

/// One malformed input: what `canary ingest` must answer, and that it writes nothing.
struct BadInput: Sendable, CustomTestStringConvertible {
  var name: String
  var content: Data
  var arguments: [String] = []
  /// Expected exit status.
  var status: Int32 = 65
  /// Expected `line:column` after the file name, or just `line:` when the column is a choice.
  var position: String

  var testDescription: String { name }

  static let all: [BadInput] = [
    BadInput(
      name: "bad escape under --strict", content: Data("x{a=\"\\q\"} 1\n".utf8),
      arguments: ["--strict"], position: "1:6"),
    BadInput(name: "value not a number", content: Data("ok 1\nx abc\n".utf8), position: "2:3"),
    BadInput(name: "value with a comma", content: Data("x 1,5\n".utf8), position: "1:3"),
    BadInput(
      name: "unterminated label set", content: Data("ok 1\nx{a=\"1\" 1\n".utf8), position: "2:"),
    BadInput(
      name: "duplicate label name", content: Data("x{a=\"1\",a=\"2\"} 1\n".utf8),
      position: "1:9"),
    BadInput(
      // OpenMetrics requires the +Inf bucket; 0.0.4 text, like prometheus/common, does not.
      name: "histogram without +Inf under --strict --format openmetrics",
      content: Data(
        """
        # TYPE h histogram
        h_bucket{le="1"} 1
        h_sum 1
        h_count 1
        # EOF

        """.utf8), arguments: ["--strict", "--format", "openmetrics"], position: ""),
    BadInput(
      name: "OpenMetrics without # EOF",
      content: Data("# TYPE x gauge\nx 1\n".utf8), arguments: ["--format", "openmetrics"],
      position: "3:1"),
    BadInput(
      name: "binary file", content: Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0xFF]),
      position: "1:"),
  ]
}

@Suite struct IngestErrorTests {
  /// A database holding some data, and its state.
  func seededDatabase(in scratch: Scratch) throws -> (String, DatabaseState) {
    let db = scratch.path("canary.db")
    let good = try scratch.write("good.prom", goodExposition)
    let result = try CanaryProcess.run(["ingest", "--db", db, good])
    #expect(result.status == 0, "\(result.stderr)")
    return (db, try DatabaseState(path: db))
  }

  @Test(arguments: BadInput.all)
  func malformedInputIsOneLineAndWritesNothing(_ bad: BadInput) throws {
    let scratch = try Scratch()
    let (db, before) = try seededDatabase(in: scratch)
    // A good sample first: it must not be stored either, the file is one transaction.
    let file = try scratch.write("bad.prom", bad.content)
    let result = try CanaryProcess.run(["ingest", "--db", db] + bad.arguments + [file])
    #expect(result.status == bad.status)
    #expect(result.errorLines.count == 1, "\(result.stderr)")
    let prefix = "canary: error: \(file):\(bad.position)"
    #expect(result.stderr.hasPrefix(prefix), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
    #expect(try DatabaseState(path: db) == before)
  }

  @Test func emptyFileIsZeroSamples() throws {
    let scratch = try Scratch()
    let (db, before) = try seededDatabase(in: scratch)
    let file = try scratch.write("empty.prom", "")
    let result = try CanaryProcess.run(["ingest", "--db", db, "--output", "json", file])
    #expect(result.status == 0, "\(result.stderr)")
    let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(summary?["samples"] as? Int == 0)
    #expect(summary?["files"] as? Int == 1)
    #expect(try DatabaseState(path: db) == before)
  }

  @Test func missingFileIs66() throws {
    let scratch = try Scratch()
    let (db, before) = try seededDatabase(in: scratch)
    let missing = scratch.path("nope.prom")
    let result = try CanaryProcess.run(["ingest", "--db", db, missing])
    #expect(result.status == 66)
    #expect(result.errorLines == ["canary: error: \(missing): no such file or directory"])
    #expect(try DatabaseState(path: db) == before)
  }

  @Test func directoryWithoutFilesIs66() throws {
    let scratch = try Scratch()
    let (db, before) = try seededDatabase(in: scratch)
    let folder = scratch.path("empty-dir")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let result = try CanaryProcess.run(["ingest", "--db", db, folder])
    #expect(result.status == 66)
    #expect(result.errorLines == ["canary: error: \(folder): directory holds no file to ingest"])
    #expect(try DatabaseState(path: db) == before)
  }

  @Test func databaseThatIsNotSQLiteIs74() throws {
    let scratch = try Scratch()
    let db = try scratch.write("not.db", String(repeating: "not a database\n", count: 300))
    let file = try scratch.write("good.prom", goodExposition)
    let result = try CanaryProcess.run(["ingest", "--db", db, file])
    #expect(result.status == 74)
    #expect(result.errorLines.count == 1)
    #expect(result.stderr.hasPrefix("canary: error: \(db): not a canary database"))
    let bytes = try Data(contentsOf: URL(fileURLWithPath: db))
    #expect(bytes == Data(String(repeating: "not a database\n", count: 300).utf8))
  }

  @Test(arguments: [
    ["ingest", "--no-such-flag"],
    ["ingest", "--at", "yesterday", "-"],
    ["ingest", "--format", "xml", "-"],
    ["ingest", "--namespace-revision", "novalue", "-"],
  ])
  func usageErrorsAre64(arguments: [String]) throws {
    let scratch = try Scratch()
    let result = try CanaryProcess.run(arguments + ["--db", scratch.path("u.db")])
    #expect(result.status == 64, "\(result.stderr)")
    #expect(result.stderr.hasPrefix("canary: error: "))
  }

  @Test func laterFileFailingKeepsEarlierFiles() throws {
    let scratch = try Scratch()
    let db = scratch.path("canary.db")
    try scratch.write("in/1.prom", "a{rev=\"canary\"} 1 1700000000000\n")
    try scratch.write("in/2.prom", "a{rev=\"canary\"} 2 1700000060000\nbroken{\n")
    let result = try CanaryProcess.run(["ingest", "--db", db, scratch.path("in")])
    #expect(result.status == 65)
    #expect(result.stderr.hasPrefix("canary: error: \(scratch.path("in/2.prom")):2:"))
    #expect(try DatabaseState(path: db).samples == 1)
  }
}
