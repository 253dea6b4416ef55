import Foundation
import GRDB
import Testing

/// End-to-end mutation fuzzing through the built binary: a mutated input either ingests
/// (exit 0) or is refused with exit 65 and one line on stderr, and the database stays whole.
@Suite struct IngestFuzzTests {
  /// Seed inputs from the parser fixtures, one per format.
  static let seedFiles = [
    "sidecar-15090.prom", "istiod-15014.prom", "openmetrics-full.txt", "samples.csv",
    "prometheus-json-vector.json",
  ]
  static let flagChoices: [[String]] = [
    [], ["--strict"], ["--format", "openmetrics"], ["--strict", "--format", "openmetrics"],
    ["--format", "prometheus"], ["--skip-invalid"],
  ]
  static let tokens = ["{", "}", "\"", "\\", "#", "NaN", "+Inf", "le=", "# EOF", "\n", " "]
    .map { Array($0.utf8) }

  /// A SplitMix64 step.
  static func next(_ state: inout UInt64) -> Int {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
  }

  /// One to three edits: a bit flip, a token inserted, a truncation, a duplicated slice.
  static func mutate(_ input: [UInt8], state: inout UInt64) -> [UInt8] {
    var bytes = input
    for _ in 0...(next(&state) % 3) where !bytes.isEmpty {
      let at = next(&state) % bytes.count
      switch next(&state) % 4 {
      case 0: bytes[at] ^= UInt8(1 << (next(&state) % 8))
      case 1: bytes.insert(contentsOf: tokens[next(&state) % tokens.count], at: at)
      case 2: bytes.removeLast((bytes.count - at) / 2 + 1)
      default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 80)], at: at)
      }
    }
    return bytes
  }

  static func integrity(_ path: String) throws -> String {
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    return try queue.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
  }

  /// 36 mutants, each ingested into one database that already holds data.
  @Test func mutatedInputsExitZeroOrSixtyFiveAndKeepTheDatabaseWhole() throws {
    let scratch = try Scratch()
    let db = scratch.path("fuzz.db")
    let fixtures = CanaryProcess.root.appendingPathComponent("Tests/IngestionTests/Fixtures")
    let seeds = try Self.seedFiles.map {
      Array(try Data(contentsOf: fixtures.appendingPathComponent($0)))
    }
    let first = try CanaryProcess.run([
      "ingest", "--db", db, fixtures.appendingPathComponent(Self.seedFiles[0]).path,
    ])
    try #require(first.status == 0, "\(first.stderr)")
    var state: UInt64 = 0x14_0014
    var ran = 0
    for index in 0..<36 {
      let bytes = Self.mutate(seeds[index % seeds.count], state: &state)
      let flags = Self.flagChoices[Self.next(&state) % Self.flagChoices.count]
      let file = try scratch.write("mutant-\(index)", Data(bytes))
      let before = try DatabaseState(path: db)
      let result = try CanaryProcess.run(["ingest", "--db", db] + flags + [file])
      ran += 1
      let label = "mutant \(index) \(flags): \(result.stderr)"
      #expect(result.status == 0 || result.status == 65, "\(label)")
      if result.status == 65 {
        #expect(result.errorLines.count == 1, "\(label)")
        #expect(result.errorLines.first?.hasPrefix("canary: error: \(file):") == true, "\(label)")
        #expect(try DatabaseState(path: db) == before, "\(label)")
      }
    }
    #expect(ran == 36)
    #expect(try Self.integrity(db) == "ok")
  }
}
