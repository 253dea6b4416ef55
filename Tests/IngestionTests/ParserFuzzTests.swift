import Foundation
import Ingestion
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Mutation fuzzing of every parser in-process: whatever the bytes, parsing either succeeds
/// or throws a ``ParseError`` with a position; it never crashes or throws anything else.
@Suite struct ParserFuzzTests {
  /// Every format in both modes, with and without `--skip-invalid`, and a tiny chunk size
  /// so that lines straddle buffer refills.
  struct Mode: Sendable {
    var format: InputFormat
    var strict: Bool
    var skipInvalid: Bool
    var chunkSize: Int
  }

  static let modes: [Mode] = InputFormat.allCases.flatMap { format in
    [
      Mode(format: format, strict: false, skipInvalid: false, chunkSize: 1 << 20),
      Mode(format: format, strict: true, skipInvalid: false, chunkSize: 1 << 20),
      Mode(format: format, strict: false, skipInvalid: true, chunkSize: 64),
    ]
  }

  /// The seed inputs: the fixture files, the Prometheus corpus and the valid OpenMetrics
  /// suite cases.
  static func seeds() throws -> [[UInt8]] {
    let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let files = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
      .filter { !$0.hasSuffix("-suite") && !$0.hasSuffix("-corpus") && !$0.hasSuffix("-scenarios") }
    var seeds = try files.map { Array(try Data(contentsOf: root.appendingPathComponent($0))) }
    seeds += try PrometheusCorpusInput.all().map(\.bytes)
    seeds += try PrometheusScenario.all().map(\.bytes)
    seeds += try OpenMetricsSuiteCase.all().filter(\.shouldParse).map(\.bytes)
    return seeds
  }

  /// The mutant of case `seed`: the same seed always gives the same bytes.
  static func mutant(seed: UInt64, of seeds: [[UInt8]]) -> [UInt8] {
    var mutator = FuzzMutator(seed: seed)
    return mutator.mutate(seeds[mutator.below(seeds.count)])
  }

  /// What is wrong with parsing `bytes` in `mode`, or nil when it behaved.
  static func problem(parsing bytes: [UInt8], in mode: Mode) -> String? {
    do {
      _ = try parse(
        bytes: bytes, format: mode.format, strict: mode.strict, skipInvalid: mode.skipInvalid,
        chunkSize: mode.chunkSize)
      return nil
    } catch let error as ParseError {
      if error.line >= 1 && error.column >= 1 && !error.message.isEmpty { return nil }
      return "ParseError without a position: \(error)"
    } catch {
      return "not a ParseError: \(error)"
    }
  }

  /// 1,500 seeded mutants, each parsed in all 15 modes.
  @Test func seededMutantsOnlyParseOrFailWithAPosition() throws {
    let seeds = try Self.seeds()
    #expect(seeds.count == 27 + 26 + 66 + 44)
    #expect(Self.modes.count == 15)
    var parsed = 0
    var problems: [String] = []
    for index in 0..<1_500 {
      let seed = 14_000 + UInt64(index)
      let bytes = Self.mutant(seed: seed, of: seeds)
      for mode in Self.modes {
        parsed += 1
        if let problem = Self.problem(parsing: bytes, in: mode) {
          problems.append("seed \(seed), \(mode): \(problem)")
        }
      }
    }
    #expect(parsed == 1_500 * 15)
    #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
  }

  /// The mutator is deterministic and changes its input.
  @Test func mutantsAreReproducible() throws {
    let seeds = try Self.seeds()
    let first = (0..<50).map { Self.mutant(seed: UInt64($0), of: seeds) }
    let again = (0..<50).map { Self.mutant(seed: UInt64($0), of: seeds) }
    #expect(first == again)
    #expect(Set(first).count > 40)
  }

  /// `make fuzz`: mutants until `CANARY_FUZZ_SECONDS` have passed. The case in progress is
  /// kept in `.build/fuzz-crashes/in-progress.{seed,input}`, so that after a crash the
  /// Makefile names the seed and keeps the input; a clean run removes both files.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["CANARY_FUZZ_SECONDS"] != nil))
  func timedRun() throws {
    let environment = ProcessInfo.processInfo.environment
    let seconds = Double(environment["CANARY_FUZZ_SECONDS"] ?? "") ?? 60
    let first = UInt64(environment["CANARY_FUZZ_SEED"] ?? "") ?? UInt64.random(in: 0..<1 << 40)
    let seeds = try Self.seeds()
    let journal = try CrashJournal()
    print("fuzz: first seed \(first), \(seconds) s")
    let deadline = Date().addingTimeInterval(seconds)
    var index: UInt64 = 0
    var problems: [String] = []
    while Date() < deadline {
      let seed = first &+ index
      let bytes = Self.mutant(seed: seed, of: seeds)
      journal.record(seed: seed, input: bytes)
      for mode in Self.modes {
        if let problem = Self.problem(parsing: bytes, in: mode) {
          problems.append("seed \(seed), \(mode): \(problem)")
        }
      }
      index += 1
    }
    journal.finish()
    print("fuzz: \(index) mutants × \(Self.modes.count) modes, \(problems.count) problems")
    #expect(index > 0)
    #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
  }
}

/// The seed and bytes of the fuzz case in progress, written before it is parsed.
final class CrashJournal {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent(".build/fuzz-crashes")
  private let seedFile: Int32
  private let inputFile: Int32

  init() throws {
    try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
    seedFile = open(
      Self.folder.appendingPathComponent("in-progress.seed").path, O_CREAT | O_WRONLY, 0o644)
    inputFile = open(
      Self.folder.appendingPathComponent("in-progress.input").path, O_CREAT | O_WRONLY, 0o644)
    try #require(seedFile >= 0 && inputFile >= 0, "cannot write to \(Self.folder.path)")
  }

  /// Overwrites both files (no sync: only a crash of this process must leave them).
  func record(seed: UInt64, input: [UInt8]) {
    let text = Array("\(seed)\n".utf8)
    _ = ftruncate(seedFile, 0)
    _ = text.withUnsafeBytes { pwrite(seedFile, $0.baseAddress, $0.count, 0) }
    _ = ftruncate(inputFile, 0)
    _ = input.withUnsafeBytes { pwrite(inputFile, $0.baseAddress, $0.count, 0) }
  }

  /// A clean end: closes and removes both files.
  func finish() {
    close(seedFile)
    close(inputFile)
    for name in ["in-progress.seed", "in-progress.input"] {
      try? FileManager.default.removeItem(at: Self.folder.appendingPathComponent(name))
    }
  }
}
